import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OssServiceError, listBucketsPage, getBucketPolicy, getBucketPublicAccessBlock, listCname } from '../../../shared/oss/index.ts';
import type { OssOperation } from '../../../shared/oss/operation.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

/** Control-plane validation as OSS does it, and OSS's error XML. */

const emu = useEmulator({ dataPlane: false });
const BUCKET = 'control';

async function call(op: Partial<OssOperation> & Pick<OssOperation, 'method'>): Promise<{ status: number; text: string; headers: Record<string, string> }> {
  const res = await ossClient(emu()).invokeText({ op: 'Test', bucket: BUCKET, ...op } as OssOperation);
  return { status: res.status, text: res.text, headers: res.headers };
}

async function failure(op: Partial<OssOperation> & Pick<OssOperation, 'method'>): Promise<OssServiceError> {
  try {
    await call(op);
  } catch (err) {
    if (err instanceof OssServiceError) return err;
    throw err;
  }
  throw new Error('request unexpectedly succeeded');
}

const put = (sub: string, body: string, headers: Record<string, string> = {}) => ({
  method: 'PUT' as const,
  query: [[sub, '']] as Array<[string, string]>,
  body,
  contentMd5: true,
  headers: { 'content-type': 'application/xml', ...headers },
});

const mirrorRule = (n: number, code = 404) =>
  `<RoutingRule><RuleNumber>${n}</RuleNumber><Condition><KeyPrefixEquals>p${n}/</KeyPrefixEquals><HttpErrorCodeReturnedEquals>${code}</HttpErrorCodeReturnedEquals></Condition><Redirect><RedirectType>Mirror</RedirectType><MirrorURL>https://o.example.com/</MirrorURL></Redirect></RoutingRule>`;
const website = (rules: string) => `<WebsiteConfiguration><IndexDocument><Suffix>index.html</Suffix></IndexDocument><RoutingRules>${rules}</RoutingRules></WebsiteConfiguration>`;
const corsRule = (method = 'GET', extra = '') => `<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>${method}</AllowedMethod>${extra}</CORSRule>`;

beforeAll(() => emu().seed.createBucket(BUCKET));

describe('PutBucketWebsite validation', () => {
  it('does accept 20 mirror rules and refuse 21 with InvalidArgument', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => mirrorRule(i + 1)).join('');
    expect((await call(put('website', website(twenty)))).status).toBe(200);
    const err = await failure(put('website', website(twenty + mirrorRule(21))));
    expect(err).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(emu().store.bucket(BUCKET)!.state.website!.routingRules).toHaveLength(20);
  });

  it('does refuse XML that is not well-formed or has the wrong root with MalformedXML', async () => {
    expect(await failure(put('website', '<WebsiteConfiguration><IndexDocument>'))).toMatchObject({ status: 400, code: 'MalformedXML' });
    expect(await failure(put('website', '<CORSConfiguration/>'))).toMatchObject({ status: 400, code: 'MalformedXML' });
    expect(await failure(put('website', '<WebsiteConfiguration></WebsiteConfiguration>'))).toMatchObject({ status: 400, code: 'MalformedXML' });
  });

  it('does refuse a non-integer HttpStatus with InvalidArgument EC 0019-00000002', async () => {
    const err = await failure(put('website', '<WebsiteConfiguration><ErrorDocument><Key>e.html</Key><HttpStatus>abc</HttpStatus></ErrorDocument></WebsiteConfiguration>'));
    expect(err).toMatchObject({ status: 400, code: 'InvalidArgument', ec: '0019-00000002' });
  });

  it('does refuse a Mirror rule without HttpErrorCodeReturnedEquals 404 or a MirrorURL without "/"', async () => {
    expect(await failure(put('website', website(mirrorRule(1, 403))))).toMatchObject({ code: 'InvalidArgument' });
    const noSlash = website(mirrorRule(1).replace('https://o.example.com/', 'https://o.example.com'));
    expect(await failure(put('website', noSlash))).toMatchObject({ code: 'InvalidArgument' });
  });

  it('does refuse a Content-MD5 that does not match the body with InvalidDigest', async () => {
    const body = website(mirrorRule(1));
    const wrong = createHash('md5').update('x').digest('base64');
    const err = await failure({ ...put('website', body), contentMd5: false, headers: { 'content-type': 'application/xml', 'content-md5': wrong } });
    expect(err).toMatchObject({ status: 400, code: 'InvalidDigest' });
  });
});

describe('PutBucketCors validation', () => {
  it('does accept 10 rules and refuse 11', async () => {
    const ten = Array.from({ length: 10 }, () => corsRule()).join('');
    expect((await call(put('cors', `<CORSConfiguration>${ten}</CORSConfiguration>`))).status).toBe(200);
    expect(await failure(put('cors', `<CORSConfiguration>${ten}${corsRule()}</CORSConfiguration>`))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('does refuse an unsupported method, a "*" ExposeHeader and an empty configuration', async () => {
    expect(await failure(put('cors', `<CORSConfiguration>${corsRule('PATCH')}</CORSConfiguration>`))).toMatchObject({ code: 'InvalidArgument', ec: '0034-00000011' });
    expect(await failure(put('cors', `<CORSConfiguration>${corsRule('GET', '<ExposeHeader>*</ExposeHeader>')}</CORSConfiguration>`))).toMatchObject({ code: 'InvalidArgument' });
    expect(await failure(put('cors', '<CORSConfiguration></CORSConfiguration>'))).toMatchObject({ status: 400, code: 'MalformedXML', ec: '0034-00000002' });
  });
});

describe('PutBucketReferer validation', () => {
  it('does refuse a configuration without AllowEmptyReferer', async () => {
    expect(await failure(put('referer', '<RefererConfiguration><RefererList/></RefererConfiguration>'))).toMatchObject({ status: 400, code: 'MalformedXML' });
  });

  it('does refuse TruncatePath without AllowTruncateQueryString', async () => {
    const xml = '<RefererConfiguration><AllowEmptyReferer>true</AllowEmptyReferer><AllowTruncateQueryString>false</AllowTruncateQueryString><TruncatePath>true</TruncatePath><RefererList/></RefererConfiguration>';
    expect(await failure(put('referer', xml))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});

describe('bucket operations', () => {
  it('does answer OSS error XML with RequestId, HostId and EC, and x-oss-request-id', async () => {
    const err = await failure({ method: 'GET', bucket: 'no-such-bucket-here', query: [['acl', '']] });
    expect(err).toMatchObject({ status: 404, code: 'NoSuchBucket', ec: '0015-00000101' });
    expect(err.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(err.hostId).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('does refuse to delete a bucket that is not empty with 409 BucketNotEmpty', async () => {
    emu().seed.createBucket('full-bucket');
    emu().seed.putObject('full-bucket', 'k', 'v');
    expect(await failure({ method: 'DELETE', bucket: 'full-bucket' })).toMatchObject({ status: 409, code: 'BucketNotEmpty' });
  });

  it('does page ListBuckets by prefix, marker and max-keys', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) emu().seed.createBucket(n);
    const first = await listBucketsPage(ossClient(emu()), { prefix: 'page-', maxKeys: 2 });
    expect(first.buckets.map((b) => b.name)).toEqual(['page-a', 'page-b']);
    expect(first).toMatchObject({ isTruncated: true, nextMarker: 'page-b' });
    const second = await listBucketsPage(ossClient(emu()), { prefix: 'page-', maxKeys: 2, marker: 'page-b' });
    expect(second.buckets.map((b) => b.name)).toEqual(['page-c']);
    expect(second.isTruncated).toBe(false);
  });

  it('does store a policy, answer NoSuchBucketPolicy when none, and serve seeded public access block and CNAMEs', async () => {
    await expect(getBucketPolicy(ossClient(emu()), { bucket: BUCKET })).rejects.toMatchObject({ status: 404, code: 'NoSuchBucketPolicy' });
    const policy = '{"Version":"1","Statement":[{"Effect":"Deny","Action":["oss:GetObject"],"Principal":["*"],"Resource":["acs:oss:*:*:control/*"]}]}';
    expect((await call({ method: 'PUT', query: [['policy', '']], body: policy })).status).toBe(200);
    expect((await getBucketPolicy(ossClient(emu()), { bucket: BUCKET })).raw).toBe(policy);
    expect(await failure({ method: 'PUT', query: [['policy', '']], body: '{not json' })).toMatchObject({ status: 400, code: 'InvalidPolicyDocument' });
    expect(await getBucketPublicAccessBlock(ossClient(emu()), { bucket: BUCKET })).toEqual({ blockPublicAccess: false });
    expect((await listCname(ossClient(emu()), { bucket: BUCKET })).cnames ?? []).toEqual([]);
    emu().seed.setPublicAccessBlock(BUCKET, true);
    emu().seed.setCnames(BUCKET, [{ domain: 'cdn.example.com' }]);
    expect(await getBucketPublicAccessBlock(ossClient(emu()), { bucket: BUCKET })).toEqual({ blockPublicAccess: true });
    expect((await listCname(ossClient(emu()), { bucket: BUCKET })).cnames?.map((c) => c.domain)).toEqual(['cdn.example.com']);
  });

  it('does require Content-MD5 on DeleteMultipleObjects', async () => {
    const err = await failure({ method: 'POST', query: [['delete', '']], body: '<Delete><Object><Key>a</Key></Object></Delete>' });
    expect(err).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});
