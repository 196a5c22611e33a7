import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  copyObject,
  createBucket,
  deleteBucket,
  deleteBucketCors,
  deleteBucketWebsite,
  deleteMultipleObjects,
  deleteObject,
  getBucketAcl,
  getBucketCors,
  getBucketInfo,
  getBucketLocation,
  getBucketReferer,
  getBucketWebsite,
  getObject,
  headObject,
  listObjectsV2,
  listObjectsV2Page,
  putBucketAcl,
  putBucketCors,
  putBucketReferer,
  putBucketWebsite,
  putObject,
  type CorsConfiguration,
  type RefererConfiguration,
  type WebsiteConfiguration,
} from '../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

/** Our client (shared/oss ops) against the emulator: what it writes it reads back, V4 and V1, with and without STS. */

const STS = { accessKeyId: 'STS.client-ak', accessKeySecret: 'client-sts-secret', securityToken: 'client-token' };
const emu = useEmulator({ credentials: [{ accessKeyId: 'ossedge-local-ak', accessKeySecret: 'ossedge-local-secret' }, STS], dataPlane: false });

const WEBSITE: WebsiteConfiguration = {
  indexDocument: { suffix: 'index.html', supportSubDir: true, type: 0 },
  errorDocument: { key: 'error.html', httpStatus: 404 },
  routingRules: [
    {
      ruleNumber: 1,
      condition: { keyPrefixEquals: 'assets/', httpErrorCodeReturnedEquals: 404, includeHeaders: [{ key: 'host', equals: 'cdn.example.com' }] },
      redirect: {
        redirectType: 'Mirror',
        mirrorURL: 'https://origin.example.com/',
        mirrorURLSlave: 'https://backup.example.com/',
        mirrorPassQueryString: true,
        mirrorFollowRedirect: false,
        mirrorCheckMd5: true,
        mirrorHeaders: { passAll: false, pass: ['x-a', 'x-b'], remove: ['x-c'], set: [{ key: 'x-d', value: 'v' }] },
        replaceKeyPrefixWith: 'static/',
        enableReplacePrefix: true,
        mirrorAllowHeadObject: true,
      },
    },
    { ruleNumber: 2, condition: { keySuffixEquals: '.php' }, redirect: { redirectType: 'External', protocol: 'https', hostName: 'www.example.com', httpRedirectCode: 301, passQueryString: false } },
  ],
};
const CORS: CorsConfiguration = {
  rules: [
    { allowedOrigin: ['https://a.example.com'], allowedMethod: ['GET', 'HEAD'], allowedHeader: ['*'], exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: 600 },
    { allowedOrigin: ['*'], allowedMethod: ['PUT', 'POST'] },
  ],
  responseVary: true,
};
const REFERER: RefererConfiguration = {
  allowEmptyReferer: false,
  allowTruncateQueryString: true,
  truncatePath: true,
  refererList: ['https://*.example.com', 'http://www.?.example.org'],
  refererBlacklist: ['https://evil.example.com'],
};

async function text(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe.each([
  { name: 'V4', signatureVersion: 'v4' as const, sts: false },
  { name: 'V1', signatureVersion: 'v1' as const, sts: false },
  { name: 'V4 + STS', signatureVersion: 'v4' as const, sts: true },
  { name: 'V1 + STS', signatureVersion: 'v1' as const, sts: true },
])('our client, $name', ({ signatureVersion, sts }) => {
  const bucket = `client-${signatureVersion}-${sts ? 'sts' : 'ak'}`;
  const client = () => ossClient(emu(), { signatureVersion, ...(sts ? STS : {}) });

  it('does round-trip bucket, ACL, website, CORS and Referer settings', async () => {
    const c = client();
    await createBucket(c, { bucket, acl: 'public-read' });
    expect((await getBucketAcl(c, { bucket })).acl).toBe('public-read');
    await putBucketAcl(c, { bucket, acl: 'private' });
    expect((await getBucketAcl(c, { bucket })).acl).toBe('private');
    expect(await getBucketLocation(c, { bucket })).toBe('oss-cn-hangzhou');
    expect((await getBucketInfo(c, { bucket })).name).toBe(bucket);
    expect(await getBucketReferer(c, { bucket })).toEqual({ allowEmptyReferer: true, allowTruncateQueryString: true, refererList: [] });
    await putBucketWebsite(c, { bucket, config: WEBSITE });
    expect(await getBucketWebsite(c, { bucket })).toEqual(WEBSITE);
    await putBucketCors(c, { bucket, config: CORS });
    expect(await getBucketCors(c, { bucket })).toEqual(CORS);
    await putBucketReferer(c, { bucket, config: REFERER });
    expect(await getBucketReferer(c, { bucket })).toEqual(REFERER);
    await deleteBucketWebsite(c, { bucket });
    await deleteBucketCors(c, { bucket });
    await expect(getBucketWebsite(c, { bucket })).rejects.toMatchObject({ status: 404, code: 'NoSuchWebsiteConfiguration' });
    await expect(getBucketCors(c, { bucket })).rejects.toMatchObject({ status: 404, code: 'NoSuchCORSConfiguration' });
  });

  it('does put, head, get, copy, list and delete objects', async () => {
    const c = client();
    const body = Buffer.from('0123456789abcdef'.repeat(64));
    const put = await putObject(c, { bucket, key: 'a/b c+d.bin', body, contentType: 'application/x-test', contentMd5: true, metadata: { owner: 'me' } });
    expect(put.etag).toBe(createHash('md5').update(body).digest('hex').toUpperCase());
    const head = await headObject(c, { bucket, key: 'a/b c+d.bin' });
    expect(head).toMatchObject({ size: body.length, contentType: 'application/x-test', meta: { owner: 'me' }, crc64: put.crc64 });
    const got = await getObject(c, { bucket, key: 'a/b c+d.bin' });
    expect(got.notModified).toBe(false);
    if (!got.notModified) expect((await text(got.body)).equals(body)).toBe(true);
    const ranged = await getObject(c, { bucket, key: 'a/b c+d.bin', range: { start: 10, end: 19 } });
    expect(ranged.status).toBe(206);
    if (!ranged.notModified) expect((await text(ranged.body)).toString()).toBe('abcdef0123');
    await copyObject(c, { bucket, key: 'a/copy.bin', sourceKey: 'a/b c+d.bin' });
    expect((await headObject(c, { bucket, key: 'a/copy.bin' })).meta).toEqual({ owner: 'me' });
    const keys: string[] = [];
    for await (const page of listObjectsV2(c, { bucket, prefix: 'a/', maxKeys: 1 })) keys.push(...page.contents.map((o) => o.key));
    expect(keys).toEqual(['a/b c+d.bin', 'a/copy.bin']);
    const deleted = await deleteMultipleObjects(c, { bucket, objects: ['a/b c+d.bin', 'a/copy.bin'] });
    expect(deleted.deleted.map((d) => d.key).sort()).toEqual(['a/b c+d.bin', 'a/copy.bin']);
    await deleteObject(c, { bucket, key: 'never-there' });
    await deleteBucket(c, { bucket });
  });
});

describe('object semantics', () => {
  const bucket = 'semantics';
  const c = () => ossClient(emu());
  beforeAll(() => emu().seed.createBucket(bucket));

  it('does refuse a body whose Content-MD5 differs with InvalidDigest, storing nothing', async () => {
    const wrong = createHash('md5').update('other').digest('base64');
    await expect(putObject(c(), { bucket, key: 'md5.txt', body: 'data', contentMd5: wrong })).rejects.toMatchObject({ status: 400, code: 'InvalidDigest' });
    expect(emu().seed.getObject(bucket, 'md5.txt')).toBeUndefined();
  });

  it('does answer 409 FileAlreadyExists with x-oss-forbid-overwrite on an existing key', async () => {
    await putObject(c(), { bucket, key: 'lease', body: 'one', forbidOverwrite: true });
    await expect(putObject(c(), { bucket, key: 'lease', body: 'two', forbidOverwrite: true })).rejects.toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await emu().seed.readObject(bucket, 'lease'))!.toString()).toBe('one');
  });

  it('does answer conditional GETs: If-Match 412, If-None-Match 304, If-Modified-Since 304', async () => {
    const put = await putObject(c(), { bucket, key: 'cond.txt', body: 'cond' });
    await expect(getObject(c(), { bucket, key: 'cond.txt', ifMatch: '"0123"' })).rejects.toMatchObject({ status: 412, code: 'PreconditionFailed' });
    expect((await getObject(c(), { bucket, key: 'cond.txt', ifNoneMatch: `"${put.etag}"` })).status).toBe(304);
    expect((await getObject(c(), { bucket, key: 'cond.txt', ifModifiedSince: new Date(Date.now() + 60_000) })).status).toBe(304);
    const fresh = await getObject(c(), { bucket, key: 'cond.txt', ifModifiedSince: new Date(Date.now() - 3_600_000) });
    expect(fresh.status).toBe(200);
    if (!fresh.notModified) await text(fresh.body);
  });

  it('does keep Last-Modified at the time stored and the seeded time', async () => {
    const at = new Date('2024-01-02T03:04:05Z');
    emu().seed.putObject(bucket, 'old.txt', 'old', { lastModified: at, contentType: 'text/plain', meta: { a: 'b' } });
    const head = await headObject(c(), { bucket, key: 'old.txt' });
    expect(head.lastModified?.toISOString()).toBe(at.toISOString());
    expect(head.meta).toEqual({ a: 'b' });
  });

  it('does list with delimiter, start-after and continuation tokens in key order', async () => {
    const keys = ['p/a/1', 'p/a/2', 'p/b', 'p/c/1', 'p/d', 'p/\u00e9', 'p/\u{1f600}', 'p/\uffee'];
    for (const k of keys) emu().seed.putObject(bucket, k, k);
    const pages = [];
    for await (const page of listObjectsV2(c(), { bucket, prefix: 'p/', delimiter: '/', maxKeys: 2 })) pages.push(page);
    expect(pages.flatMap((p) => [...p.commonPrefixes, ...p.contents.map((o) => o.key)])).toEqual(['p/a/', 'p/b', 'p/c/', 'p/d', 'p/\u00e9', 'p/\uffee', 'p/\u{1f600}']);
    const after = await listObjectsV2Page(c(), { bucket, prefix: 'p/', startAfter: 'p/b' });
    expect(after.contents.map((o) => o.key)).toEqual(['p/c/1', 'p/d', 'p/\u00e9', 'p/\uffee', 'p/\u{1f600}']);
    await expect(listObjectsV2Page(c(), { bucket, maxKeys: 1001 })).rejects.toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});
