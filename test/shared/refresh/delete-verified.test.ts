// strategy delete hands the key to OSS's own mirror: the next user GET stores whatever the origin's GET
// answers. So a copy is deleted only after a verified GET of the origin (the same evidence rules as refetch);
// a hostile origin answering HEAD with new validators and GET with an error page keeps every copy. And with
// MirrorCheckMd5, a body that does not match the origin's Content-MD5 is served but never stored by OSS
// (issue 14 item 3): deleting the copy then would send every later GET back to the origin, so it is kept.
import { beforeEach, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import type { RefreshRunOptions } from '../../../shared/refresh/types.ts';
import type { OriginReply } from '../../helpers/origin.ts';
import { dataWrites, freshBucket, md5, mirrorRules, rangeOptions, seedCopy, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();
let bucket = '';
beforeEach(() => {
  bucket = freshBucket(emu(), origin(), 'del');
});

const options = (extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions => rangeOptions(emu(), origin().url, bucket, { strategy: 'delete', ...extra });
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();
const deletes = () => emu().requestLog().filter((e) => e.bucket === bucket && e.op === 'DeleteObject').length;
const checkMd5Rules = (): RoutingRule[] => mirrorRules(origin().url).map((r) => ({ ...r, redirect: { ...r.redirect!, mirrorCheckMd5: true } }) as RoutingRule);

const ERROR_PAGE = '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>';
const NEW = 'new body of the origin object';

function split(key: string, head: Record<string, string>, get: OriginReply): void {
  origin().route(`/${key}`, (req) => (req.method === 'HEAD' ? { status: 200, headers: head, body: '' } : get));
}

describe('refresh --strategy delete verifies the origin before deleting', () => {
  it('keeps every copy when the origin answers HEAD with new validators and GET with an HTML error page', async () => {
    for (let i = 0; i < 4; i++) {
      seedCopy(emu(), bucket, `${bucket}/h${i}.png`, `good copy ${i}`);
      split(`${bucket}/h${i}.png`, { 'content-length': '64', etag: `"64-${i}"`, 'content-type': 'image/png' }, { status: 200, headers: { 'content-type': 'text/html' }, body: ERROR_PAGE });
    }
    const w = dataWrites(emu(), bucket);
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ scanned: 4, stale: 4, deleted: 0, refused: 4 });
    expect(r.items.map((i) => [i.code, i.status, (i.data as { disagreement?: string }).disagreement])).toEqual(Array(4).fill(['ORIGIN_CONTRADICTS', 'fail', 'SIZE']));
    for (let i = 0; i < 4; i++) expect(await body(`${bucket}/h${i}.png`)).toBe(`good copy ${i}`);
    expect(dataWrites(emu(), bucket) - w).toBe(0);
  });

  it('keeps the copy when the GET turns a non-HTML object into HTML of the announced size', async () => {
    const page = ERROR_PAGE.padEnd(64, ' ').slice(0, 64);
    seedCopy(emu(), bucket, `${bucket}/a.js`, 'good copy');
    split(`${bucket}/a.js`, { 'content-length': '64', etag: '"v2"' }, { status: 200, headers: { 'content-type': 'text/html' }, body: page });
    const r = await refreshRange(options());
    expect(r.items.map((i) => [i.code, (i.data as { disagreement?: string }).disagreement])).toEqual([['ORIGIN_CONTRADICTS', 'BECAME_HTML']]);
    expect(await body(`${bucket}/a.js`)).toBe('good copy');
    expect(deletes()).toBe(0);
  });

  it('keeps the copy when the GET fails after a HEAD that judged it stale', async () => {
    seedCopy(emu(), bucket, `${bucket}/b.css`, 'good copy');
    split(`${bucket}/b.css`, { 'content-length': String(NEW.length), 'content-md5': md5(NEW).toString('base64') }, { status: 503, body: 'down' });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, deleted: 0, failed: 1 });
    expect(r.items.map((i) => i.code)).toEqual(['REFRESH_FAILED']);
    expect(await body(`${bucket}/b.css`)).toBe('good copy');
    expect(deletes()).toBe(0);
  });

  it('deletes the copy when the GET agrees with the HEAD (the next GET mirrors the new body)', async () => {
    seedCopy(emu(), bucket, `${bucket}/c.css`, 'old copy');
    const h = { 'content-md5': md5(NEW).toString('base64'), 'content-type': 'text/css' };
    split(`${bucket}/c.css`, { ...h, 'content-length': String(NEW.length) }, { status: 200, headers: h, body: NEW });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, deleted: 1, refused: 0, failed: 0 });
    expect(r.items.map((i) => [i.code, i.status])).toEqual([['STALE_DELETED', 'ok']]);
    expect(await body(`${bucket}/c.css`)).toBeUndefined();
  });

  it('keeps the copy with a warning when MirrorCheckMd5 would make OSS serve but never store the origin body', async () => {
    seedCopy(emu(), bucket, `${bucket}/d.css`, 'old copy');
    // the origin's Content-MD5 (HEAD and GET) is that of other bytes than the body it sends
    const wrong = md5('what the origin claims').toString('base64');
    const h = { 'content-md5': wrong, 'content-type': 'text/css' };
    split(`${bucket}/d.css`, { ...h, 'content-length': String(NEW.length) }, { status: 200, headers: h, body: NEW });
    const r = await refreshRange(options({ rules: checkMd5Rules() }));
    expect(r.counters).toMatchObject({ stale: 1, deleted: 0, skipped: 1, failed: 0 });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ code: 'MIRROR_WOULD_NOT_STORE', status: 'warn', data: { contentMd5: wrong, bodyMd5: md5(NEW).toString('base64') } });
    expect(r.items[0]!.message).toMatch(/MirrorCheckMd5/);
    expect(await body(`${bucket}/d.css`)).toBe('old copy');
    expect(deletes()).toBe(0);
  });

  it('keeps the copy when the body does not match the origin Content-MD5 without MirrorCheckMd5 either', async () => {
    seedCopy(emu(), bucket, `${bucket}/e.css`, 'old copy');
    const h = { 'content-md5': md5('other bytes').toString('base64') };
    split(`${bucket}/e.css`, { ...h, 'content-length': String(NEW.length) }, { status: 200, headers: h, body: NEW });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, deleted: 0, failed: 1 });
    expect(r.items.map((i) => [i.code, i.status])).toEqual([['REFRESH_FAILED', 'fail']]);
    expect(r.items[0]!.message).toMatch(/CONTENT_MD5_MISMATCH.*copy kept/);
    expect(await body(`${bucket}/e.css`)).toBe('old copy');
    expect(deletes()).toBe(0);
  });
  it('says the outcome honestly when DeleteObject fails after the body was verified', async () => {
    seedCopy(emu(), bucket, `${bucket}/f.css`, 'old copy');
    const h = { 'content-md5': md5(NEW).toString('base64') };
    split(`${bucket}/f.css`, { ...h, 'content-length': String(NEW.length) }, { status: 200, headers: h, body: NEW });
    emu().faults.set({ op: 'DeleteObject', bucket, errorRate: 1 });
    let r;
    try {
      r = await refreshRange(options());
    } finally {
      emu().faults.clear();
    }
    expect(r.counters).toMatchObject({ stale: 1, deleted: 0, failed: 1 });
    expect(r.items.map((i) => i.code)).toEqual(['REFRESH_FAILED']);
    expect(r.items[0]!.message).toMatch(/DELETE_FAILED/);
    expect(r.items[0]!.message).not.toMatch(/; copy kept$/);
    expect(await body(`${bucket}/f.css`)).toBe('old copy');
  });
});
