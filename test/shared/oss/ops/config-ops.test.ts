import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssClientError, OssServiceError } from '../../../../shared/oss/errors.ts';
import { isOssErrorCode } from '../../../../shared/oss/ops/common.ts';
import { deleteBucketCors, getBucketCors, putBucketCors } from '../../../../shared/oss/ops/cors.ts';
import { getBucketReferer, putBucketReferer } from '../../../../shared/oss/ops/referer.ts';
import { deleteBucketWebsite, getBucketWebsite, putBucketWebsite } from '../../../../shared/oss/ops/website.ts';
import { XmlCodecError } from '../../../../shared/oss/xml/errors.ts';
import { corsFromXml } from '../../../../shared/oss/xml/cors.ts';
import { refererFromXml } from '../../../../shared/oss/xml/referer.ts';
import { websiteFromXml } from '../../../../shared/oss/xml/website.ts';
import { reply, replyError } from '../../../helpers/loopback-server.ts';
import { conformanceFile } from '../xml/fixtures.ts';
import { FULL_CORS, FULL_REFERER, FULL_WEBSITE } from '../xml/full-models.ts';
import { BUCKET, lastSeen, md5Base64, startStub, XML_HEADERS, type Stub } from './harness.ts';

let stub: Stub;
beforeAll(async () => void (stub = await startStub()));
afterAll(async () => stub.close());

const CONFIG_OPS = [
  {
    name: 'website',
    put: () => putBucketWebsite(stub.client, { bucket: BUCKET, config: FULL_WEBSITE }),
    sent: FULL_WEBSITE,
    fromXml: websiteFromXml,
    get: () => getBucketWebsite(stub.client, { bucket: BUCKET }),
    getBody: 'GetBucketWebsite.mirror-rich.response.xml',
    del: () => deleteBucketWebsite(stub.client, { bucket: BUCKET }),
  },
  {
    name: 'cors',
    put: () => putBucketCors(stub.client, { bucket: BUCKET, config: FULL_CORS }),
    sent: FULL_CORS,
    fromXml: corsFromXml,
    get: () => getBucketCors(stub.client, { bucket: BUCKET }),
    getBody: 'GetBucketCors.response-vary.response.xml',
    del: () => deleteBucketCors(stub.client, { bucket: BUCKET }),
  },
  {
    name: 'referer',
    put: () => putBucketReferer(stub.client, { bucket: BUCKET, config: FULL_REFERER }),
    sent: FULL_REFERER,
    fromXml: refererFromXml,
    get: () => getBucketReferer(stub.client, { bucket: BUCKET }),
    getBody: 'GetBucketReferer.blacklist.response.xml',
    del: undefined,
  },
] as const;

describe.each(CONFIG_OPS)('$name operations', ({ name, put, sent, fromXml, get, getBody }) => {
  it('does PUT the XML with content type and a correct Content-MD5 when the config is put', async () => {
    stub.server.enqueue(reply(200, '', { 'x-oss-request-id': 'RID-PUT' }));
    expect(await put()).toEqual({ requestId: 'RID-PUT' });
    const req = lastSeen(stub.server);
    expect(req.method).toBe('PUT');
    expect(req.path).toBe(`/${BUCKET}/`);
    expect([...req.query.keys()]).toEqual([name]);
    expect(req.headers['content-type']).toBe('application/xml');
    expect(req.headers['content-md5']).toBe(md5Base64(req.body));
    expect(req.headers.authorization).toMatch(/^OSS4-HMAC-SHA256 Credential=ossedge-test-ak\//);
    expect((fromXml as (x: string) => unknown)(req.body)).toEqual(sent);
  });

  it('does GET and parse the configuration', async () => {
    const body = conformanceFile(getBody);
    stub.server.enqueue(reply(200, body, XML_HEADERS));
    expect(await get()).toEqual((fromXml as (x: string) => unknown)(body));
    const req = lastSeen(stub.server);
    expect([req.method, req.path, [...req.query.keys()].join()]).toEqual(['GET', `/${BUCKET}/`, name]);
  });

  it('does throw MALFORMED_RESPONSE with the codec error as cause when the body is not the configuration', async () => {
    stub.server.enqueue(reply(200, '<Unexpected/>', XML_HEADERS));
    const err = await get().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssClientError);
    expect((err as OssClientError).code).toBe('MALFORMED_RESPONSE');
    expect((err as OssClientError).cause).toBeInstanceOf(XmlCodecError);
  });

});

describe.each(CONFIG_OPS.filter((o) => o.del !== undefined))('$name delete', ({ name, del }) => {
  it('does DELETE the sub-resource', async () => {
    stub.server.enqueue(reply(204, '', { 'x-oss-request-id': 'RID-DEL' }));
    expect(await del!()).toEqual({ requestId: 'RID-DEL' });
    const req = lastSeen(stub.server);
    expect([req.method, req.path, [...req.query.keys()].join()]).toEqual(['DELETE', `/${BUCKET}/`, name]);
  });
});

describe('missing configurations', () => {
  it('does surface NoSuchWebsiteConfiguration as an OssServiceError callers can test for', async () => {
    stub.server.enqueue(replyError(404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration.'));
    const err = await getBucketWebsite(stub.client, { bucket: BUCKET }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssServiceError);
    expect(isOssErrorCode(err, 'NoSuchWebsiteConfiguration')).toBe(true);
    expect((err as OssServiceError).op).toBe('GetBucketWebsite');
    expect(isOssErrorCode(err, 'NoSuchCORSConfiguration')).toBe(false);
  });

  it('does refuse a config the codec cannot write as INVALID_ARGUMENT before sending', async () => {
    const before = stub.server.requests.length;
    const err = await putBucketReferer(stub.client, { bucket: BUCKET, config: { allowEmptyReferer: true, refererList: ['\u0000'] } }).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('INVALID_ARGUMENT');
    expect(stub.server.requests.length).toBe(before);
  });
});
