import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuckets, listBucketsPage, listObjectsV2, listObjectsV2Page } from '../../../../shared/oss/ops/list.ts';
import { listBucketsToXml } from '../../../../shared/oss/xml/list-buckets.ts';
import { listObjectsToXml, type ListObjectsPage } from '../../../../shared/oss/xml/list-objects.ts';
import { reply, type Responder } from '../../../helpers/loopback-server.ts';
import { conformanceFile } from '../xml/fixtures.ts';
import { BUCKET, lastSeen, seen, startStub, XML_HEADERS, type Stub } from './harness.ts';

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

const KEYS = ['a b.txt', 'dir/+plus', 'dir/ü', 'x&y<z>', 'z\u0001ctl'];

/** A tiny lister over KEYS: two keys a page, continuation token = last key returned. */
const objectPages: Responder = (req, res) => {
  const q = new URL(req.url, 'http://x').searchParams;
  const after = q.get('continuation-token') ?? q.get('start-after') ?? '';
  const rest = KEYS.filter((k) => k > after);
  const keys = rest.slice(0, Number(q.get('max-keys') ?? 1000));
  const page: ListObjectsPage = {
    name: BUCKET,
    prefix: q.get('prefix') ?? '',
    maxKeys: Number(q.get('max-keys')),
    isTruncated: rest.length > keys.length,
    ...(rest.length > keys.length ? { nextContinuationToken: keys.at(-1)! } : {}),
    encodingType: q.get('encoding-type') ?? undefined,
    keyCount: keys.length,
    contents: keys.map((key) => ({ key, size: key.length, etag: 'E' })),
    commonPrefixes: [],
  };
  reply(200, listObjectsToXml(page), XML_HEADERS)(req, res, undefined as never);
};

describe('ListObjectsV2', () => {
  it('does send list-type=2, encoding-type=url and every option given', async () => {
    stub.server.enqueue(reply(200, conformanceFile('ListObjectsV2.continuation.response.xml'), XML_HEADERS));
    const page = await listObjectsV2Page(stub.client, {
      bucket: BUCKET,
      prefix: 'a b/',
      delimiter: '/',
      startAfter: 'a b/0',
      continuationToken: 'CgJiYw--',
      maxKeys: 100,
      fetchOwner: true,
    });
    const req = lastSeen(stub.server);
    expect(Object.fromEntries(req.query)).toEqual({
      'list-type': '2',
      prefix: 'a b/',
      delimiter: '/',
      'start-after': 'a b/0',
      'continuation-token': 'CgJiYw--',
      'max-keys': '100',
      'fetch-owner': 'true',
      'encoding-type': 'url',
    });
    expect(page.commonPrefixes).toEqual(['a/b/']);
    expect(page.contents).toHaveLength(2);
  });

  it('does send no encoding-type when encodingType is null', async () => {
    stub.server.enqueue(reply(200, conformanceFile('ListObjectsV2.common-prefixes.response.xml'), XML_HEADERS));
    await listObjectsV2Page(stub.client, { bucket: BUCKET, encodingType: null });
    expect(lastSeen(stub.server).query.has('encoding-type')).toBe(false);
  });

  it('does follow continuation tokens across pages and decode every key', async () => {
    stub.server.setDefault(objectPages);
    const before = stub.server.requests.length;
    const keys: string[] = [];
    for await (const page of listObjectsV2(stub.client, { bucket: BUCKET, maxKeys: 2 })) keys.push(...page.contents.map((c) => c.key));
    expect(keys).toEqual(KEYS);
    const sent = stub.server.requests.slice(before).map((r) => seen(r).query.get('continuation-token'));
    expect(sent).toEqual([null, 'dir/+plus', 'x&y<z>']);
    stub.server.setDefault(reply(200, ''));
  });
});

describe('ListBuckets', () => {
  it('does GET the service root with prefix, marker and max-keys', async () => {
    stub.server.enqueue(reply(200, conformanceFile('ListBuckets.paged.response.xml'), XML_HEADERS));
    const page = await listBucketsPage(stub.client, { prefix: 'my', marker: 'mybucket', maxKeys: 10 });
    const req = lastSeen(stub.server);
    expect(req.path).toBe('/');
    expect(Object.fromEntries(req.query)).toEqual({ prefix: 'my', marker: 'mybucket', 'max-keys': '10' });
    expect(page.nextMarker).toBe('mybucket10');
  });

  it('does follow NextMarker until the listing is complete', async () => {
    const names = ['b1', 'b2', 'b3'];
    const pages = names.map((name, i) =>
      reply(200, listBucketsToXml({ isTruncated: i < 2, ...(i < 2 ? { nextMarker: name } : {}), buckets: [{ name }] }), XML_HEADERS),
    );
    stub.server.enqueue(...pages);
    const before = stub.server.requests.length;
    const seenNames: string[] = [];
    for await (const page of listBuckets(stub.client, { maxKeys: 1 })) seenNames.push(...page.buckets.map((b) => b.name));
    expect(seenNames).toEqual(names);
    expect(stub.server.requests.slice(before).map((r) => seen(r).query.get('marker'))).toEqual([null, 'b1', 'b2']);
  });

  it('does stop when a truncated page repeats its marker', async () => {
    stub.server.enqueue(
      reply(200, listBucketsToXml({ isTruncated: true, nextMarker: 'm', buckets: [{ name: 'a' }] }), XML_HEADERS),
      reply(200, listBucketsToXml({ isTruncated: true, nextMarker: 'm', buckets: [{ name: 'b' }] }), XML_HEADERS),
    );
    let pages = 0;
    for await (const _ of listBuckets(stub.client)) pages++;
    expect(pages).toBe(2);
  });
});
