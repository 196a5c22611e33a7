import { describe, expect, it } from 'vitest';
import { copyMd5, judge, originMd5 } from '../../../shared/refresh/evidence.ts';
import { md5 } from './fixture.ts';

const body = 'hello';
const hex = md5(body).toString('hex');
const copy = { key: 'k', size: 5, etag: hex.toUpperCase(), lastModified: new Date('2026-01-02T00:00:00Z') };
const seen = { key: 'k', size: 5, copyEtag: hex.toUpperCase(), originEtag: '"abc-5"', originLastModified: 'Thu, 01 Jan 2026 00:00:00 GMT' };

describe('judge (evidence order)', () => {
  it('calls a copy stale on size first, even when the MD5 header would match', () => {
    expect(judge(copy, { contentLength: 6, contentMd5: md5(body).toString('base64') }, undefined)).toEqual({ kind: 'stale', reason: 'SIZE_DIFFERS' });
  });
  it('decides by Content-MD5 or a plain-MD5 ETag when sizes agree, whatever Last-Modified says', () => {
    const newer = 'Sat, 01 Jan 2028 00:00:00 GMT';
    expect(judge(copy, { contentLength: 5, contentMd5: md5('world').toString('base64'), lastModified: newer }, undefined)).toEqual({ kind: 'stale', reason: 'MD5_DIFFERS' });
    expect(judge(copy, { contentLength: 5, etag: `"${hex}"`, lastModified: newer }, undefined)).toEqual({ kind: 'unchanged', reason: 'MD5_EQUAL' });
  });
  it('never treats a weak or opaque ETag as an MD5', () => {
    expect(originMd5({ etag: `W/"${hex}"` })).toBeUndefined();
    expect(originMd5({ etag: '"5f1-abc"' })).toBeUndefined();
    expect(copyMd5('"0123456789ABCDEF0123456789ABCDEF-3"')).toBeUndefined();
  });
  it('makes a candidate (never stale) from Last-Modified later than the stored copy, without a manifest entry', () => {
    expect(judge(copy, { lastModified: 'Sat, 01 Jan 2028 00:00:00 GMT', etag: '"x"' }, undefined)).toEqual({ kind: 'candidate', reason: 'ORIGIN_NEWER' });
    expect(judge(copy, { lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT', etag: '"x"' }, undefined)).toEqual({ kind: 'unchanged', reason: 'NOT_NEWER' });
  });
  it('uses the manifest: same validators are unchanged even with a later Last-Modified; changed ones are a candidate', () => {
    expect(judge(copy, { etag: seen.originEtag, lastModified: seen.originLastModified }, seen)).toEqual({ kind: 'unchanged', reason: 'VALIDATORS_SAME' });
    expect(judge(copy, { etag: '"abc-6"', lastModified: seen.originLastModified }, seen)).toEqual({ kind: 'candidate', reason: 'VALIDATORS_CHANGED' });
    // an entry written for another copy (different ETag) does not apply
    expect(judge({ ...copy, etag: 'FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF' }, { etag: seen.originEtag, lastModified: 'Sat, 01 Jan 2028 00:00:00 GMT' }, seen)).toEqual({ kind: 'candidate', reason: 'ORIGIN_NEWER' });
  });
});
