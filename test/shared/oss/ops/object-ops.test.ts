import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssClientError } from '../../../../shared/oss/errors.ts';
import { deleteMultipleObjects } from '../../../../shared/oss/ops/delete-objects.ts';
import { copyObject, copySource, deleteObject, getObject, headObject, putObject } from '../../../../shared/oss/ops/object.ts';
import { deleteRequestFromXml, deleteResultToXml } from '../../../../shared/oss/xml/object.ts';
import { reply } from '../../../helpers/loopback-server.ts';
import { conformanceFile } from '../xml/fixtures.ts';
import { BUCKET, lastSeen, md5Base64, startStub, XML_HEADERS, type Stub } from './harness.ts';

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

const KEY = 'examplefolder/a b+c.txt';
const OBJECT_HEADERS = {
  etag: '"5B3C1A2E053D763E1B002CC607C5A0FE"',
  'last-modified': 'Thu, 26 Nov 2026 04:20:46 GMT',
  'content-type': 'text/plain',
  'x-oss-hash-crc64ecma': '11051210869376104954',
  'content-md5': 'XUFAKrxLKna5cZ2REBfFkg==',
  'x-oss-meta-origin-etag': 'abc',
  'x-oss-meta-Team': 'web',
  'x-oss-version-id': 'v1',
  'x-oss-object-type': 'Normal',
  'x-oss-storage-class': 'Standard',
  'x-oss-request-id': 'RID-OBJ',
};

describe('PutObject', () => {
  it('does send the body, computed Content-MD5, metadata, content type and forbid-overwrite', async () => {
    stub.server.enqueue(reply(200, '', { etag: '"ABC"', 'x-oss-hash-crc64ecma': '42', 'x-oss-request-id': 'RID-P' }));
    const result = await putObject(stub.client, {
      bucket: BUCKET,
      key: KEY,
      body: 'hello',
      contentType: 'text/plain',
      contentMd5: true,
      forbidOverwrite: true,
      metadata: { 'Origin-ETag': 'abc', source: 'https://example.com/a' },
    });
    expect(result).toEqual({ etag: 'ABC', crc64: '42', requestId: 'RID-P' });
    const req = lastSeen(stub.server);
    expect([req.method, req.path, req.body]).toEqual(['PUT', `/${BUCKET}/${KEY}`, 'hello']);
    expect(req.headers['content-md5']).toBe('XUFAKrxLKna5cZ2REBfFkg==');
    expect(req.headers['content-type']).toBe('text/plain');
    expect(req.headers['x-oss-forbid-overwrite']).toBe('true');
    expect(req.headers['x-oss-meta-origin-etag']).toBe('abc');
    expect(req.headers['x-oss-meta-source']).toBe('https://example.com/a');
  });

  it('does stream a Readable body with a given MD5', async () => {
    stub.server.enqueue(reply(200, '', { etag: '"S"' }));
    const chunks = [Buffer.from('part-1,'), Buffer.from('part-2')];
    await putObject(stub.client, { bucket: BUCKET, key: 'stream.bin', body: Readable.from(chunks), contentMd5: md5Base64(Buffer.concat(chunks)) });
    const req = lastSeen(stub.server);
    expect(req.body).toBe('part-1,part-2');
    expect(req.headers['content-md5']).toBe(md5Base64('part-1,part-2'));
  });

  it.each([
    ['contentMd5: true on a stream', { body: Readable.from(['x']), contentMd5: true }],
    ['a metadata name that is not a header token', { body: 'x', metadata: { 'bad name': 'v' } }],
    ['a metadata value with a newline', { body: 'x', metadata: { ok: 'a\nb' } }],
  ] as const)('does refuse %s as INVALID_ARGUMENT before sending', async (_, extra) => {
    const before = stub.server.requests.length;
    const err = await putObject(stub.client, { bucket: BUCKET, key: 'k', ...extra } as never).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('INVALID_ARGUMENT');
    expect(stub.server.requests.length).toBe(before);
  });
});

describe('HeadObject and GetObject', () => {
  it('does map the object headers to metadata when the object is headed', async () => {
    stub.server.enqueue(reply(200, '', { ...OBJECT_HEADERS, 'content-length': '5' }));
    const meta = await headObject(stub.client, { bucket: BUCKET, key: KEY, ifMatch: '"5B3C"' });
    expect(meta).toEqual({
      notModified: false,
      size: 5,
      etag: '5B3C1A2E053D763E1B002CC607C5A0FE',
      lastModified: new Date('2026-11-26T04:20:46Z'),
      contentType: 'text/plain',
      crc64: '11051210869376104954',
      contentMd5: 'XUFAKrxLKna5cZ2REBfFkg==',
      meta: { 'origin-etag': 'abc', team: 'web' },
      versionId: 'v1',
      objectType: 'Normal',
      storageClass: 'Standard',
      requestId: 'RID-OBJ',
    });
    const req = lastSeen(stub.server);
    expect([req.method, req.path, req.headers['if-match']]).toEqual(['HEAD', `/${BUCKET}/${KEY}`, '"5B3C"']);
  });

  it('does stream a range with the conditional headers and report the whole size', async () => {
    stub.server.enqueue(reply(206, 'ell', { ...OBJECT_HEADERS, 'content-range': 'bytes 1-3/5' }));
    const since = new Date('2026-01-01T00:00:00Z');
    const result = await getObject(stub.client, {
      bucket: BUCKET,
      key: KEY,
      range: { start: 1, end: 3 },
      ifNoneMatch: '"old"',
      ifModifiedSince: since,
      ifUnmodifiedSince: since,
      versionId: 'v1',
    });
    expect(result.notModified).toBe(false);
    if (result.notModified) return;
    expect(await text(result.body)).toBe('ell');
    expect(result.status).toBe(206);
    expect(result.contentLength).toBe(3);
    expect(result.metadata.size).toBe(5);
    const req = lastSeen(stub.server);
    expect(req.headers.range).toBe('bytes=1-3');
    expect(req.headers['if-none-match']).toBe('"old"');
    expect(req.headers['if-modified-since']).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(req.headers['if-unmodified-since']).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(req.query.get('versionId')).toBe('v1');
  });

  it('does return notModified without a body when OSS answers 304', async () => {
    stub.server.enqueue(reply(304, '', { etag: OBJECT_HEADERS.etag }));
    const result = await getObject(stub.client, { bucket: BUCKET, key: KEY, ifNoneMatch: OBJECT_HEADERS.etag });
    expect(result).toEqual({ notModified: true, status: 304, metadata: { meta: {}, etag: '5B3C1A2E053D763E1B002CC607C5A0FE' } });
  });

  it('does refuse a bad range', async () => {
    const err = await getObject(stub.client, { bucket: BUCKET, key: KEY, range: { start: 5, end: 2 } }).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('INVALID_ARGUMENT');
  });
});

describe('CopyObject and DeleteObject', () => {
  it('does send an encoded copy source, directive, metadata and source conditions', async () => {
    stub.server.enqueue(reply(200, conformanceFile('CopyObject.response.xml'), { ...XML_HEADERS, 'x-oss-hash-crc64ecma': '7' }));
    const result = await copyObject(stub.client, {
      bucket: BUCKET,
      key: 'dst/b.txt',
      sourceBucket: 'src-bucket',
      sourceKey: 'dir/a b+c&d.txt',
      metadataDirective: 'REPLACE',
      metadata: { fresh: '1' },
      contentType: 'text/html',
      forbidOverwrite: true,
      sourceConditions: { ifMatch: '"E1"' },
    });
    expect(result).toEqual({ etag: 'F2064A169EE92E9775EE5324D0B1****', lastModified: new Date('2018-02-24T09:41:56.000Z'), crc64: '7', requestId: 'RID-OK' });
    const req = lastSeen(stub.server);
    expect([req.method, req.path, req.body]).toEqual(['PUT', `/${BUCKET}/dst/b.txt`, '']);
    expect(req.headers['x-oss-copy-source']).toBe('/src-bucket/dir/a%20b%2Bc%26d.txt');
    expect(req.headers['x-oss-metadata-directive']).toBe('REPLACE');
    expect(req.headers['x-oss-meta-fresh']).toBe('1');
    expect(req.headers['content-type']).toBe('text/html');
    expect(req.headers['x-oss-forbid-overwrite']).toBe('true');
    expect(req.headers['x-oss-copy-source-if-match']).toBe('"E1"');
  });

  it('does copy within the bucket and name a source version', () => {
    expect(copySource(BUCKET, 'ü/x', 'v 1')).toBe(`/${BUCKET}/%C3%BC/x?versionId=v%201`);
  });

  it('does DELETE the object and report a delete marker', async () => {
    stub.server.enqueue(reply(204, '', { 'x-oss-delete-marker': 'true', 'x-oss-version-id': 'dm1' }));
    expect(await deleteObject(stub.client, { bucket: BUCKET, key: KEY })).toEqual({ deleteMarker: true, versionId: 'dm1' });
    const req = lastSeen(stub.server);
    expect([req.method, req.path]).toEqual(['DELETE', `/${BUCKET}/${KEY}`]);
  });
});

describe('DeleteMultipleObjects', () => {
  it('does POST escaped keys with Content-MD5 and encoding-type=url, and decode the answer', async () => {
    const keys = ['examplefolder/a b+c.txt', 'x&y<z>.txt'];
    stub.server.enqueue(reply(200, deleteResultToXml({ encodingType: 'url', deleted: keys.map((key) => ({ key })) }), XML_HEADERS));
    const result = await deleteMultipleObjects(stub.client, { bucket: BUCKET, objects: [keys[0]!, { key: keys[1]!, versionId: 'v9' }] });
    expect(result.deleted.map((d) => d.key)).toEqual(keys);
    const req = lastSeen(stub.server);
    expect(req.method).toBe('POST');
    expect(Object.fromEntries(req.query)).toEqual({ delete: '', 'encoding-type': 'url' });
    expect(req.headers['content-md5']).toBe(md5Base64(req.body));
    expect(req.body).toContain('<Key>x&amp;y&lt;z&gt;.txt</Key><VersionId>v9</VersionId>');
    expect(deleteRequestFromXml(req.body)).toEqual({ quiet: false, objects: [{ key: keys[0] }, { key: keys[1], versionId: 'v9' }] });
  });

  it('does accept an empty quiet-mode answer', async () => {
    stub.server.enqueue(reply(200, '', XML_HEADERS));
    expect(await deleteMultipleObjects(stub.client, { bucket: BUCKET, objects: ['a'], quiet: true })).toEqual({ deleted: [] });
    expect(lastSeen(stub.server).body).toBe('<Delete><Quiet>true</Quiet><Object><Key>a</Key></Object></Delete>');
  });

  it.each([0, 1001])('does refuse %i keys before sending', async (n) => {
    const before = stub.server.requests.length;
    const objects = Array.from({ length: n }, (_, i) => `k${i}`);
    const err = await deleteMultipleObjects(stub.client, { bucket: BUCKET, objects }).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('INVALID_ARGUMENT');
    expect(stub.server.requests.length).toBe(before);
  });
});
