import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBucket,
  deleteBucketCors,
  deleteBucketWebsite,
  deleteMultipleObjects,
  deleteObject,
  getBucketAcl,
  getBucketCors,
  getBucketReferer,
  getBucketWebsite,
  headObject,
  listObjectsV2Page,
  putBucketAcl,
  putBucketCors,
  putBucketReferer,
  putBucketWebsite,
  putObject,
} from '../../../../shared/oss/index.ts';
import { corsFromXml } from '../../../../shared/oss/xml/cors.ts';
import { deleteRequestFromXml } from '../../../../shared/oss/xml/object.ts';
import { refererFromXml } from '../../../../shared/oss/xml/referer.ts';
import { websiteFromXml } from '../../../../shared/oss/xml/website.ts';
import { reply, type Responder } from '../../../helpers/loopback-server.ts';
import { aliOssRequests, conformanceFile, RECORDED_CORS, RECORDED_REFERER, RECORDED_WEBSITE, type RecordedRequest } from '../xml/fixtures.ts';
import { startStub, XML_HEADERS, type Stub } from './harness.ts';

// The calls the ali-oss recording made (same bucket, keys and configs), as our operations.
const B = 'examplebucket';
const KEY = 'examplefolder/a b+c.txt';
type Call = { call: (s: Stub) => Promise<unknown>; answer?: Responder };
const xml = (file: string): Responder => reply(200, conformanceFile(file), XML_HEADERS);

const CALLS: Record<string, Call> = {
  'PUT /examplebucket/': { call: (s) => createBucket(s.client, { bucket: B }) },
  'PUT /examplebucket/?acl=': { call: (s) => putBucketAcl(s.client, { bucket: B, acl: 'public-read' }) },
  'GET /examplebucket/?acl=': { call: (s) => getBucketAcl(s.client, { bucket: B }), answer: xml('GetBucketAcl.response.xml') },
  'PUT /examplebucket/?website=': { call: (s) => putBucketWebsite(s.client, { bucket: B, config: RECORDED_WEBSITE }) },
  'GET /examplebucket/?website=': { call: (s) => getBucketWebsite(s.client, { bucket: B }), answer: xml('GetBucketWebsite.mirror.response.xml') },
  'PUT /examplebucket/?referer=': { call: (s) => putBucketReferer(s.client, { bucket: B, config: RECORDED_REFERER }) },
  'PUT /examplebucket/?cors=': { call: (s) => putBucketCors(s.client, { bucket: B, config: RECORDED_CORS }) },
  'PUT /examplebucket/examplefolder/a%20b%2Bc.txt': {
    call: (s) => putObject(s.client, { bucket: B, key: KEY, body: 'hello', contentType: 'text/plain', contentMd5: true }),
  },
  'HEAD /examplebucket/examplefolder/a%20b%2Bc.txt': { call: (s) => headObject(s.client, { bucket: B, key: KEY }) },
  'GET /examplebucket/?list-type=2&prefix=examplefolder%2F&max-keys=100': {
    call: (s) => listObjectsV2Page(s.client, { bucket: B, prefix: 'examplefolder/', maxKeys: 100, encodingType: null }),
    answer: xml('ListObjectsV2.common-prefixes.response.xml'),
  },
  'GET /examplebucket/?cors=': { call: (s) => getBucketCors(s.client, { bucket: B }), answer: xml('GetBucketCors.response-vary.response.xml') },
  'GET /examplebucket/?referer=': { call: (s) => getBucketReferer(s.client, { bucket: B }), answer: xml('GetBucketReferer.truncate.response.xml') },
  'DELETE /examplebucket/?cors=': { call: (s) => deleteBucketCors(s.client, { bucket: B }) },
  'DELETE /examplebucket/?website=': { call: (s) => deleteBucketWebsite(s.client, { bucket: B }) },
  'POST /examplebucket/?delete=': {
    call: (s) => deleteMultipleObjects(s.client, { bucket: B, objects: [KEY, 'other.txt'], quiet: true }),
    answer: reply(200, '', XML_HEADERS),
  },
  'DELETE /examplebucket/examplefolder/a%20b%2Bc.txt': { call: (s) => deleteObject(s.client, { bucket: B, key: KEY }) },
};

const PARSERS: Record<string, (text: string) => unknown> = {
  website: websiteFromXml,
  referer: refererFromXml,
  cors: corsFromXml,
  delete: deleteRequestFromXml,
};

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

function splitTarget(target: string): { path: string; query: Record<string, string> } {
  const url = new URL(target, 'http://127.0.0.1');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
}

describe('our operations against the ali-oss recording', () => {
  const recorded = aliOssRequests();
  const unique = [...new Map(recorded.map((r) => [`${r.method} ${r.path}`, r])).values()];

  it('does have an operation for every recorded request', () => {
    expect(unique.map((r) => `${r.method} ${r.path}`).filter((k) => !CALLS[k])).toEqual([]);
  });

  it.each(unique.map((r): [string, RecordedRequest] => [`${r.method} ${r.path}`, r]))('does send what ali-oss sent for %s', async (name, theirs) => {
    const { call, answer } = CALLS[name]!;
    stub.server.enqueue(answer ?? reply(200, ''));
    await call(stub);
    const ours = stub.server.requests.at(-1)!;
    const o = splitTarget(ours.url);
    const t = splitTarget(theirs.path);
    expect(ours.method).toBe(theirs.method);
    expect(o.path).toBe(t.path);
    // We also ask for encoding-type=url on DeleteMultipleObjects so any key survives the answer.
    const { 'encoding-type': _enc, ...ourQuery } = o.query;
    expect(name.startsWith('POST') ? ourQuery : o.query).toEqual(t.query);
    expect(ours.headers['x-oss-acl']).toBe(theirs.headers['x-oss-acl']);
    const body = ours.body.toString('utf8');
    if (theirs.body.startsWith('<')) {
      const parse = PARSERS[Object.keys(t.query)[0]!]!;
      expect(ours.headers['content-type']).toBe('application/xml');
      expect(parse(body)).toEqual(parse(theirs.body));
    } else {
      expect(body).toBe(theirs.body);
      if (theirs.method === 'PUT' && theirs.body) {
        expect(ours.headers['content-md5']).toBe(theirs.headers['content-md5']);
        expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
      }
    }
  });
});
