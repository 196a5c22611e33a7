// Origins that refuse HEAD (405/501): the facts come from a `Range: bytes=0-0` GET, remembered per origin per run.
import { beforeEach, describe, expect, it } from 'vitest';
import { contentRangeTotal } from '../../../shared/refresh/origin.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import type { RefreshRunOptions } from '../../../shared/refresh/types.ts';
import { ossClient } from '../../helpers/emulator.ts';
import type { OriginReply, OriginRequest } from '../../helpers/origin.ts';
import { STATE, dataWrites, freshBucket, keysOf, md5, rangeOptions, seedCopy, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();
let bucket = '';
beforeEach(() => {
  bucket = freshBucket(emu(), origin(), 'nohead');
});

const options = (extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions =>
  rangeOptions(emu(), origin().url, bucket, { state: { bucket: STATE.bucket, prefix: `${bucket}-state/` }, ...extra });
const writes = () => dataWrites(emu(), bucket);
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();

interface File { body: string; headers?: Record<string, string>; ignoreRange?: boolean; partMd5?: boolean; etag?: string }

/** 405 to HEAD; GET honours `Range: bytes=0-0` with a 206 (unless `ignoreRange`) and If-None-Match. */
function serveNoHead(key: string, file: () => File, headStatus = 405): void {
  origin().route(`/${key}`, (req: OriginRequest): OriginReply => {
    if (req.method === 'HEAD') return { status: headStatus, headers: { allow: 'GET' }, body: '' };
    const f = file();
    const headers: Record<string, string> = { ...f.headers, ...(f.etag ? { etag: f.etag } : {}) };
    if (f.etag && req.headers['if-none-match'] === f.etag) return { status: 304, headers, body: '' };
    if (req.headers.range === 'bytes=0-0' && !f.ignoreRange) {
      const part = f.body.slice(0, 1);
      // a Content-MD5 of the 1-byte part must not be taken for the object's
      if (f.partMd5) headers['content-md5'] = md5(part).toString('base64');
      return { status: 206, headers: { ...headers, 'content-range': `bytes 0-0/${Buffer.byteLength(f.body)}` }, body: part };
    }
    return { status: 200, headers: { ...headers, 'content-md5': md5(f.body).toString('base64') }, body: f.body };
  });
}

describe('refresh with an origin that refuses HEAD', () => {
  it('does not write when every copy equals its origin, with one HEAD for the origin and then one ranged GET per object', async () => {
    const big = 'b'.repeat(200_000);
    const files: Record<string, File> = {
      'etag.txt': { body: 'same etag', etag: `"${md5('same etag').toString('hex')}"` },
      'part-md5.txt': { body: 'same part md5', etag: `"${md5('same part md5').toString('hex')}"`, partMd5: true },
      'no-range.txt': { body: 'range ignored', ignoreRange: true },
      'big-no-range.bin': { body: big, ignoreRange: true },
      'size-only.txt': { body: 'old enough', headers: { 'last-modified': new Date(Date.now() - 7_200_000).toUTCString() } },
    };
    for (const [name, f] of Object.entries(files)) {
      seedCopy(emu(), bucket, `${bucket}/${name}`, f.body);
      serveNoHead(`${bucket}/${name}`, () => f);
    }
    const w = writes();
    const r = await refreshRange(options());
    expect(r.items).toEqual([]);
    expect(r.counters).toMatchObject({ scanned: 5, unchanged: 5, stale: 0, refreshed: 0, confirmed: 0, failed: 0, originRequests: 6 });
    expect(writes() - w).toBe(0);
    expect(origin().requests.filter((q) => q.method === 'HEAD')).toHaveLength(1);
    const gets = origin().requests.filter((q) => q.method === 'GET');
    expect(gets).toHaveLength(5);
    expect(gets.every((q) => q.headers.range === 'bytes=0-0')).toBe(true);
    expect(origin().requests).toHaveLength(6);

    // next run: the manifest's ETag goes on the GET (If-None-Match); a 304 is one request, nothing read
    origin().requests.length = 0;
    const again = await refreshRange(options());
    expect(again.counters).toMatchObject({ unchanged: 5, confirmed: 0, originRequests: 6 });
    expect(origin().requests.find((q) => q.url.endsWith('etag.txt') && q.method === 'GET')?.headers['if-none-match']).toBe(files['etag.txt']!.etag);
    expect(writes() - w).toBe(0);
  });

  it('refreshes a copy whose size differs from the Content-Range total (501 to HEAD)', async () => {
    seedCopy(emu(), bucket, `${bucket}/app.js`, 'v1');
    seedCopy(emu(), bucket, `${bucket}/same.js`, 'same');
    serveNoHead(`${bucket}/app.js`, () => ({ body: 'version two' }), 501);
    serveNoHead(`${bucket}/same.js`, () => ({ body: 'same', etag: `"${md5('same').toString('hex')}"` }), 501);
    const r = await refreshRange(options({ limits: { concurrency: 1 } }));
    expect(r.counters).toMatchObject({ scanned: 2, stale: 1, refreshed: 1, unchanged: 1, failed: 0 });
    expect(r.items[0]).toMatchObject({ code: 'STALE_REFRESHED', target: `${bucket}/app.js`, data: { reason: 'SIZE_DIFFERS' } });
    expect(await body(`${bucket}/app.js`)).toBe('version two');
    expect(await body(`${bucket}/same.js`)).toBe('same');
    expect(origin().requests.filter((q) => q.method === 'HEAD')).toHaveLength(1);
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
  });

  it('keeps the copy and reports ORIGIN_ERROR when the origin answers 405 to HEAD and 500 to GET', async () => {
    seedCopy(emu(), bucket, `${bucket}/broken.txt`, 'old bytes');
    origin().route(`/${bucket}/broken.txt`, (req) => (req.method === 'HEAD' ? { status: 405, body: '' } : { status: 500, body: 'oops' }));
    const w = writes();
    const r = await refreshRange(options());
    expect(r.counters).toMatchObject({ scanned: 1, failed: 1, refreshed: 0, unchanged: 0, originRequests: 2 });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ code: 'ORIGIN_ERROR', status: 'fail', target: `${bucket}/broken.txt` });
    expect(r.items[0]?.message).toContain('origin GET answered 500; copy kept');
    expect(writes() - w).toBe(0);
    expect(await body(`${bucket}/broken.txt`)).toBe('old bytes');
  });

  it('reads the complete length from a Content-Range', () => {
    expect(contentRangeTotal('bytes 0-0/1234')).toBe(1234);
    expect(contentRangeTotal('bytes */0')).toBe(0);
    expect(contentRangeTotal('bytes 0-0/*')).toBeUndefined();
    expect(contentRangeTotal('items 0-0/5')).toBeUndefined();
    expect(contentRangeTotal(undefined)).toBeUndefined();
  });
});
