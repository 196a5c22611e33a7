// A refetch replaces a copy only with a body that agrees with the HEAD that judged it stale (size, ETag,
// MD5, media type): hostile or broken origins answering GET with an error page, another type or other bytes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bodyDisagrees, evidenceOf, headersDisagree, mediaTypeOf } from '../../../shared/refresh/agreement.ts';
import type { ReportItem } from '../../../shared/report/model.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import type { RefreshRunOptions } from '../../../shared/refresh/types.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';
import type { OriginReply } from '../../helpers/origin.ts';
import { dataWrites, freshBucket, keysOf, md5, rangeOptions, seedCopy, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();
let bucket = '';
beforeEach(() => {
  bucket = freshBucket(emu(), origin(), 'agree');
});

const options = (extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions => rangeOptions(emu(), origin().url, bucket, extra);
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();
const hex = (s: string) => md5(s).toString('hex');
const disagreement = (i: ReportItem) => (i.data as { disagreement?: string } | undefined)?.disagreement;

const ERROR_PAGE = '<html><body><h1>503 Service Temporarily Unavailable</h1><hr><center>nginx</center></body></html>'.slice(0, 82).padEnd(82, ' ');
const REAL = 'x'.repeat(64);

/** HEAD answers `head` (no body, its Content-Length kept); GET answers `get`. */
function split(key: string, head: Record<string, string>, get: OriginReply): void {
  origin().route(`/${key}`, (req) => (req.method === 'HEAD' ? { status: 200, headers: head, body: '' } : get));
}

describe('refetch against the evidence of the HEAD', () => {
  it('keeps every copy when HEAD describes a 64-byte object and GET sends an 82-byte text/html error page as 200', async () => {
    const keys = ['a.js', 'b.css', 'c.png', 'd.json'].map((k) => `${bucket}/${k}`);
    for (const [i, k] of keys.entries()) {
      seedCopy(emu(), bucket, k, `old copy ${i}`);
      // two with an opaque ETag, two with the MD5 of the real 64-byte object
      split(k, { 'content-length': '64', etag: i % 2 ? `"${hex(REAL)}"` : '"40-5f1a"' }, { status: 200, headers: { 'content-type': 'text/html' }, body: ERROR_PAGE });
    }
    const w = dataWrites(emu(), bucket);
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ scanned: 4, stale: 4, refreshed: 0, refused: 4 });
    expect(r.items.map((i) => i.code)).toEqual(['ORIGIN_CONTRADICTS', 'ORIGIN_CONTRADICTS', 'ORIGIN_CONTRADICTS', 'ORIGIN_CONTRADICTS']);
    expect(r.items.every((i) => i.status === 'fail' && disagreement(i) === 'SIZE' && /copy kept/.test(i.message))).toBe(true);
    for (const [i, k] of keys.entries()) expect(await body(k)).toBe(`old copy ${i}`);
    // refused on the GET's headers: not even a temporary object was written
    expect(dataWrites(emu(), bucket) - w).toBe(0);
  });

  it('refuses a GET whose media type differs from the HEAD, or that turns a non-HTML copy into text/html', async () => {
    const typed = `${bucket}/app.js`;
    const untyped = `${bucket}/data.txt`;
    seedCopy(emu(), bucket, typed, 'v1 js');
    seedCopy(emu(), bucket, untyped, 'v1 text');
    const page = '<p>down</p>';
    split(typed, { 'content-length': String(page.length), 'content-type': 'application/javascript' }, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page });
    split(untyped, { 'content-length': String(page.length) }, { status: 200, headers: { 'content-type': 'text/html' }, body: page });
    const r = await refreshRange(options({ limits: { concurrency: 1 } }));
    expect(r.counters).toMatchObject({ stale: 2, refused: 2, refreshed: 0 });
    expect(Object.fromEntries(r.items.map((i) => [i.target, disagreement(i)]))).toEqual({ [typed]: 'CONTENT_TYPE', [untyped]: 'BECAME_HTML' });
    expect(await body(typed)).toBe('v1 js');
    expect(await body(untyped)).toBe('v1 text');
  });

  it("refuses a body that contradicts the origin's own plain-MD5 ETag, on the HEAD or on the GET", async () => {
    const viaHead = `${bucket}/head-etag.txt`;
    const viaGet = `${bucket}/get-etag.txt`;
    seedCopy(emu(), bucket, viaHead, 'aaaa');
    seedCopy(emu(), bucket, viaGet, 'cccc');
    // HEAD: ETag = MD5("bbbb") ≠ copy → stale; GET sends other bytes of the same size under the same ETag
    split(viaHead, { 'content-length': '4', etag: `"${hex('bbbb')}"` }, { status: 200, headers: { etag: `"${hex('bbbb')}"` }, body: 'zzzz' });
    // HEAD: only a later size; GET names MD5("dddddd") and sends other bytes
    split(viaGet, { 'content-length': '6' }, { status: 200, headers: { etag: `"${hex('dddddd')}"` }, body: 'zzzzzz' });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 2, refused: 2, refreshed: 0 });
    expect(r.items.map((i) => disagreement(i))).toEqual(['MD5', 'MD5']);
    expect(await body(viaHead)).toBe('aaaa');
    expect(await body(viaGet)).toBe('cccc');
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
  });

  it('refreshes when GET agrees with HEAD, HTML included', async () => {
    const page = `${bucket}/index.html`;
    const next = '<html>v2</html>';
    emu().seed.putObject(bucket, page, '<html>v1</html>!', { lastModified: new Date(Date.now() - 3_600_000), contentType: 'text/html' });
    split(page, { 'content-length': String(next.length), 'content-type': 'text/html', etag: `"${hex(next)}"` }, { status: 200, headers: { 'content-type': 'text/html', etag: `"${hex(next)}"` }, body: next });
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ stale: 1, refreshed: 1, refused: 0 });
    expect(await body(page)).toBe(next);
  });
});

describe('refetch of a body without Content-Length', () => {
  let chunked: LoopbackServer;
  beforeAll(async () => {
    chunked = await startLoopbackServer((req, res) => {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-length': '64' });
        res.end();
        return;
      }
      // chunked: no Content-Length, more bytes than HEAD announced
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('y'.repeat(60));
      res.end('y'.repeat(4_000));
    });
  });
  afterAll(async () => chunked.close());

  it('stops reading at the size HEAD announced and keeps the copy', async () => {
    const key = `${bucket}/stream.bin`;
    seedCopy(emu(), bucket, key, 'short');
    const r = await refreshRange(rangeOptions(emu(), `${chunked.url}/`, bucket));
    expect(r.counters).toMatchObject({ stale: 1, refused: 1, refreshed: 0 });
    expect(r.items[0]).toMatchObject({ code: 'ORIGIN_CONTRADICTS', data: { disagreement: 'SIZE' } });
    expect(await body(key)).toBe('short');
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
  });
});

describe('agreement rules', () => {
  it('compares media types without parameters or case', () => {
    expect(mediaTypeOf(' Text/HTML ; charset=UTF-8')).toBe('text/html');
    expect(mediaTypeOf('')).toBeUndefined();
    const ev = evidenceOf({ 'content-type': 'text/css; charset=utf-8', 'content-length': '3' }, 'text/css');
    expect(headersDisagree(ev, { 'content-type': 'TEXT/CSS', 'content-length': '3' })).toBeUndefined();
    expect(headersDisagree(ev, { 'content-length': '3' })?.reason).toBe('CONTENT_TYPE');
  });

  it('lets an HTML copy or an HTML HEAD stay HTML, and ignores a weak ETag for MD5', () => {
    expect(headersDisagree(evidenceOf({}, 'text/html'), { 'content-type': 'text/html' })).toBeUndefined();
    expect(headersDisagree(evidenceOf({}, 'image/png'), { 'content-type': 'application/xhtml+xml' })?.reason).toBe('BECAME_HTML');
    expect(bodyDisagrees(evidenceOf({ etag: `W/"${hex('a')}"` }, undefined), { etag: `W/"${hex('a')}"` }, { bytes: 1, md5Hex: hex('b') })).toBeUndefined();
    expect(headersDisagree(evidenceOf({ etag: '"v1"' }, undefined), { etag: '"v2"' })?.reason).toBe('ETAG');
  });
});
