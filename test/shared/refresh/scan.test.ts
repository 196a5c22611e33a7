import { beforeEach, describe, expect, it } from 'vitest';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import type { RefreshRunOptions } from '../../../shared/refresh/types.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { STATE, dataWrites, freshBucket, keysOf, md5, rangeOptions, seedCopy, serve, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();
let bucket = '';
beforeEach(() => {
  bucket = freshBucket(emu(), origin(), 'assets');
});

const later = new Date(Date.now() + 60_000);
const earlier = new Date(Date.now() - 7_200_000);

const options = (extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions => rangeOptions(emu(), origin().url, bucket, extra);
const writes = () => dataWrites(emu(), bucket);
const ossHeads = () => emu().counters().byOp.HeadObject ?? 0;
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();

describe('refreshRange', () => {
  it('does not write anything when every copy equals its origin, with one origin request per object and no OSS HEAD', async () => {
    for (let i = 0; i < 5; i++) {
      seedCopy(emu(), bucket, `${bucket}/same-${i}.txt`, `same ${i}`);
      serve(origin(), `${bucket}/same-${i}.txt`, { body: `same ${i}`, contentMd5: i % 2 === 0, md5Etag: i % 2 === 1, lastModified: later });
    }
    const w = writes();
    const h = ossHeads();
    const r = await refreshRange(options());
    expect(r.complete).toBe(true);
    expect(r.counters).toMatchObject({ scanned: 5, unchanged: 5, stale: 0, refreshed: 0, originRequests: 5, ossHeads: 0, listCalls: 1 });
    expect(writes() - w).toBe(0);
    expect(ossHeads() - h).toBe(0);
    expect(origin().requests.every((q) => q.method === 'HEAD')).toBe(true);
  });

  it('finds changed content of the same size by Content-MD5 and refetches it, keeping the copy metadata', async () => {
    seedCopy(emu(), bucket, `${bucket}/a.css`, 'color: red;');
    serve(origin(), `${bucket}/a.css`, { body: 'color: tan;', contentMd5: true, lastModified: earlier });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, refreshed: 1, bytesMoved: 11, failed: 0 });
    expect(r.items[0]).toMatchObject({ code: 'STALE_REFRESHED', target: `${bucket}/a.css`, data: { reason: 'MD5_DIFFERS' } });
    expect(await body(`${bucket}/a.css`)).toBe('color: tan;');
    expect(emu().seed.getObject(bucket, `${bucket}/a.css`)?.userMeta['x-oss-meta-origin']).toBe('mirror');
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
  });

  it('finds a changed size and refetches it', async () => {
    seedCopy(emu(), bucket, `${bucket}/b.js`, 'v1');
    serve(origin(), `${bucket}/b.js`, { body: 'version two', lastModified: earlier });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, refreshed: 1 });
    expect(r.items[0]?.data).toMatchObject({ reason: 'SIZE_DIFFERS' });
    expect(await body(`${bucket}/b.js`)).toBe('version two');
  });

  it('confirms by body when the origin has no MD5 validator, then trusts the manifest when Last-Modified moves without a content change', async () => {
    let lm = later;
    seedCopy(emu(), bucket, `${bucket}/c.txt`, 'same bytes');
    serve(origin(), `${bucket}/c.txt`, () => ({ body: 'same bytes', etag: '"5f1-abc"', lastModified: lm }));
    const w0 = writes();
    const first = await refreshRange(options({ state: { bucket: STATE.bucket, prefix: `${bucket}-m/` } }));
    expect(first.counters).toMatchObject({ unchanged: 1, confirmed: 1, stale: 0, originRequests: 2 });
    expect(writes() - w0).toBe(0);
    // second run: validators as recorded → a conditional HEAD answered 304, nothing read
    origin().requests.length = 0;
    const second = await refreshRange(options({ state: { bucket: STATE.bucket, prefix: `${bucket}-m/` } }));
    expect(second.counters).toMatchObject({ unchanged: 1, confirmed: 0, originRequests: 1 });
    expect(origin().requests[0]?.headers['if-none-match']).toBe('"5f1-abc"');
    // the origin is touched: Last-Modified and its opaque ETag move, the bytes do not → confirmed equal, zero writes
    lm = new Date(later.getTime() + 30_000);
    serve(origin(), `${bucket}/c.txt`, { body: 'same bytes', etag: '"5f1-abd"', lastModified: lm });
    const touched = await refreshRange(options({ state: { bucket: STATE.bucket, prefix: `${bucket}-m/` } }));
    expect(touched.counters).toMatchObject({ unchanged: 1, confirmed: 1, stale: 0, refreshed: 0 });
    expect(writes() - w0).toBe(0);
    // the origin content changes, same size, opaque ETag changes → candidate → confirmed stale → refetched
    lm = new Date(later.getTime() + 60_000);
    serve(origin(), `${bucket}/c.txt`, { body: 'diff bytes', etag: '"5f2-abd"', lastModified: lm });
    const third = await refreshRange(options({ state: { bucket: STATE.bucket, prefix: `${bucket}-m/` } }));
    expect(third.counters).toMatchObject({ stale: 1, refreshed: 1, confirmed: 1 });
    expect(await body(`${bucket}/c.txt`)).toBe('diff bytes');
  });

  it('reports without writing in a dry run, and deletes only stale copies with the delete strategy', async () => {
    seedCopy(emu(), bucket, `${bucket}/d1`, 'old');
    seedCopy(emu(), bucket, `${bucket}/d2`, 'same');
    serve(origin(), `${bucket}/d1`, { body: 'new!', contentMd5: true });
    serve(origin(), `${bucket}/d2`, { body: 'same', contentMd5: true });
    const dry = await refreshRange(options({ dryRun: true }));
    expect(dry.counters).toMatchObject({ stale: 1, refreshed: 0 });
    expect(dry.items.map((i) => i.code)).toEqual(['STALE']);
    expect(await body(`${bucket}/d1`)).toBe('old');
    const del = await refreshRange(options({ strategy: 'delete' }));
    expect(del.counters).toMatchObject({ stale: 1, deleted: 1 });
    expect(await keysOf(ossClient(emu()), bucket)).toEqual([`${bucket}/d2`]);
  });

  it('keeps every copy byte for byte and leaves no temporary key when the origin fails in any way', async () => {
    const keys = ['gone', 'e500', 'slow', 'reset', 'badmd5', 'cut'].map((k) => `${bucket}/${k}`);
    for (const k of keys) seedCopy(emu(), bucket, k, `old ${k}`);
    origin().route(`/${keys[1]}`, { status: 500, body: 'oops' });
    origin().route(`/${keys[2]}`, { delayMs: 1_500, body: 'late' });
    origin().route(`/${keys[3]}`, { reset: true });
    serve(origin(), keys[4]!, { body: 'new body', contentMd5: true });
    // HEAD announces the GET's size, so the body reaches the Content-MD5 check (not the HEAD-size rule)
    origin().route(`/${keys[4]}`, (req) => ({ status: 200, headers: { 'content-md5': md5('something else').toString('base64'), ...(req.method === 'HEAD' ? { 'content-length': '10' } : {}) }, body: req.method === 'HEAD' ? '' : 'new body!!' }));
    origin().route(`/${keys[5]}`, (req) => (req.method === 'HEAD' ? { status: 200, headers: { 'content-length': '4000' }, body: '' } : { status: 200, body: 'x'.repeat(4000), resetMidBody: true }));
    const w = emu().requestLog().length;
    const r = await refreshRange(options({ originBudgetMs: 500, refetchBudgetMs: 1_000 }));
    expect(r.counters).toMatchObject({ scanned: 6, refreshed: 0, gone: 1, failed: 5 });
    for (const k of keys) expect(await body(k)).toBe(`old ${k}`);
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
    const copies = emu().requestLog().slice(w).filter((e) => e.bucket === bucket && (e.op === 'CopyObject' || (e.op === 'DeleteObject' && !String(e.key).startsWith('.ossedge-tmp/'))));
    expect(copies).toEqual([]);
    expect(Object.fromEntries(r.items.map((i) => [i.target, i.code]))).toMatchObject({
      [keys[0]!]: 'ORIGIN_GONE', [keys[1]!]: 'ORIGIN_ERROR', [keys[2]!]: 'ORIGIN_ERROR', [keys[3]!]: 'ORIGIN_ERROR', [keys[4]!]: 'REFRESH_FAILED', [keys[5]!]: 'REFRESH_FAILED',
    });
  });
});
