import OSS from 'ali-oss';
import { describe, expect, it } from 'vitest';
import { aliOssClient, useEmulator } from '../../helpers/emulator.ts';
import { rawRequest } from '../../helpers/raw-http.ts';

const STS = { accessKeyId: 'STS.test-ak', accessKeySecret: 'sts-secret', securityToken: 'sts-token-value' };
const emu = useEmulator({
  credentials: [{ accessKeyId: 'ossedge-local-ak', accessKeySecret: 'ossedge-local-secret' }, STS],
});

/** ali-oss parses XML into strings; compare with what we wrote in that form. */
function strings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strings);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strings(x)]));
  return String(v);
}

const MIRROR_RULES = [
  {
    RuleNumber: 1,
    Condition: { KeyPrefixEquals: 'examplefolder/', HttpErrorCodeReturnedEquals: 404 },
    Redirect: {
      RedirectType: 'Mirror',
      MirrorURL: 'https://www.example.com/',
      MirrorPassQueryString: true,
      MirrorFollowRedirect: true,
      MirrorCheckMd5: true,
      MirrorHeaders: { PassAll: true, Pass: ['myheader-key1', 'myheader-key2'], Remove: ['myheader-key3', 'myheader-key4'], Set: { Key: 'myheader-key5', Value: 'myheader-value5' } },
    },
  },
  {
    RuleNumber: 2,
    Condition: { KeySuffixEquals: '.jpg', HttpErrorCodeReturnedEquals: 404 },
    Redirect: { RedirectType: 'Mirror', MirrorURL: 'http://images.example.com/', ReplaceKeyPrefixWith: 'img/', EnableReplacePrefix: true },
  },
];

/** GET a URL, optionally sending it to 127.0.0.1 under another Host (virtual-hosted style). */
async function getVia(url: string, host?: string): Promise<{ status: number; body: string }> {
  const { status, body } = await rawRequest(url, host ? { host } : {});
  return { status, body };
}

const cases = [
  { name: 'V4 without token', v4: true, sts: false },
  { name: 'V1 without token', v4: false, sts: false },
  { name: 'V4 with STS token', v4: true, sts: true },
  { name: 'V1 with STS token', v4: false, sts: true },
];

describe.each(cases)('ali-oss $name (path style)', ({ v4, sts }) => {
  const bucket = `interop-${v4 ? 'v4' : 'v1'}-${sts ? 'sts' : 'ak'}`;
  const client = () => aliOssClient(emu(), { v4, bucket, ...(sts ? STS : {}) });

  it('does create bucket and ACL round trips', async () => {
    const c = client();
    await c.putBucket(bucket, { acl: 'public-read' } as never);
    expect((await c.getBucketACL(bucket)).acl).toBe('public-read');
    await c.putBucketACL(bucket, 'private');
    expect((await c.getBucketACL(bucket)).acl).toBe('private');
    const info = await c.getBucketInfo(bucket);
    expect(info.bucket.Name).toBe(bucket);
    expect(await c.getBucketLocation(bucket)).toMatchObject({ location: 'oss-cn-hangzhou' });
    await expect(c.putBucket(bucket)).rejects.toMatchObject({ status: 409, code: 'BucketAlreadyExists' });
  });

  it('does put, get and delete a website with mirror rules', async () => {
    const c = client();
    await c.putBucketWebsite(bucket, { index: 'index.html', error: 'error.html', routingRules: MIRROR_RULES } as never);
    const got = await c.getBucketWebsite(bucket);
    expect(got.index).toBe('index.html');
    expect(got.error).toBe('error.html');
    expect((got as unknown as { routingRules: unknown }).routingRules).toEqual(strings(MIRROR_RULES));
    await c.deleteBucketWebsite(bucket);
    await expect(c.getBucketWebsite(bucket)).rejects.toMatchObject({ status: 404, code: 'NoSuchWebsiteConfiguration' });
  });

  it('does put, get and delete CORS rules', async () => {
    const c = client();
    const rules = [
      { allowedOrigin: ['https://a.example.com', 'https://*.b.example.com'], allowedMethod: ['GET', 'HEAD'], allowedHeader: '*', exposeHeader: 'x-oss-request-id', maxAgeSeconds: '600' },
      { allowedOrigin: '*', allowedMethod: 'PUT' },
    ];
    await c.putBucketCORS(bucket, rules as never);
    const got = await c.getBucketCORS(bucket);
    expect(got.rules).toEqual(rules);
    await c.deleteBucketCORS(bucket);
    await expect(c.getBucketCORS(bucket)).rejects.toMatchObject({ status: 404, code: 'NoSuchCORSConfiguration' });
  });

  it('does read the default Referer settings, then what it wrote', async () => {
    const c = client();
    const before = await c.getBucketReferer(bucket);
    expect(before.allowEmpty).toBe(true);
    expect(before.referers ?? []).toEqual([]); // ali-oss reads an empty RefererList as null
    await c.putBucketReferer(bucket, false, ['http://www.aliyun.com', 'https://*.aliyun.com', 'https://www.?.aliyuncs.com']);
    const after = await c.getBucketReferer(bucket);
    expect(after.allowEmpty).toBe(false);
    expect(after.referers).toEqual(['http://www.aliyun.com', 'https://*.aliyun.com', 'https://www.?.aliyuncs.com']);
  });

  it('does put, head, get, copy, list and delete objects', async () => {
    const c = client();
    const body = Buffer.from(`hello ${bucket} \u00e9\u4e2d`);
    const put = await c.put('examplefolder/a b+c.txt', body, { headers: { 'Content-Type': 'text/plain', 'x-oss-meta-color': 'blue' } } as never);
    expect(put.res.status).toBe(200);
    const head = await c.head('examplefolder/a b+c.txt');
    expect((head.res.headers as Record<string, string>)['content-length']).toBe(String(body.length));
    expect((head.meta as Record<string, string>).color).toBe('blue');
    expect((head.res.headers as Record<string, string>)['x-oss-hash-crc64ecma']).toMatch(/^\d+$/);
    const got = await c.get('examplefolder/a b+c.txt');
    expect(Buffer.compare(got.content as Buffer, body)).toBe(0);
    expect((got.res.headers as Record<string, string>)['content-type']).toBe('text/plain');
    await c.copy('examplefolder/copy.txt', 'examplefolder/a b+c.txt');
    expect(Buffer.compare((await c.get('examplefolder/copy.txt')).content as Buffer, body)).toBe(0);
    await c.put('top.txt', Buffer.from('x'));
    const v2 = await c.listV2({ prefix: 'examplefolder/', 'max-keys': '100' } as never, {});
    expect(v2.objects.map((o) => o.name)).toEqual(['examplefolder/a b+c.txt', 'examplefolder/copy.txt']);
    const v1 = await c.list({ delimiter: '/', 'max-keys': 100 } as never, {});
    expect(v1.prefixes).toEqual(['examplefolder/']);
    expect(v1.objects.map((o) => o.name)).toEqual(['top.txt']);
    const del = await c.deleteMulti(['examplefolder/a b+c.txt', 'examplefolder/copy.txt'], { quiet: false } as never);
    expect((del.deleted as unknown as Array<{ Key: string }>).map((d) => d.Key).sort()).toEqual(['examplefolder/a b+c.txt', 'examplefolder/copy.txt']);
    await c.delete('top.txt');
    await expect(c.get('top.txt')).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
    await c.deleteBucket(bucket);
    await expect(c.getBucketACL(bucket)).rejects.toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });

  it('does serve ali-oss presigned URLs (V1 signatureUrl virtual-hosted, V4 signatureUrlV4) and refuse them expired', async () => {
    const pb = `${bucket}-p`;
    const key = 'presigned/a b+c.txt';
    emu().seed.createBucket(pb);
    emu().seed.putObject(pb, key, 'presigned body');
    // ali-oss cannot presign V1 for an IP endpoint: sign for http://<bucket>.localhost:PORT (cname),
    // then send to 127.0.0.1 with that Host (virtual-hosted under service host localhost).
    const host = `${pb}.localhost:${emu().port}`;
    const pc = v4
      ? aliOssClient(emu(), { v4, bucket: pb, ...(sts ? STS : {}) })
      : new OSS({ endpoint: `http://${host}`, cname: true, bucket: pb, region: 'oss-cn-hangzhou', accessKeyId: sts ? STS.accessKeyId : emu().accessKeyId, accessKeySecret: sts ? STS.accessKeySecret : emu().accessKeySecret, ...(sts ? { stsToken: STS.securityToken, refreshSTSTokenInterval: 3_600_000, refreshSTSToken: async () => ({ accessKeyId: STS.accessKeyId, accessKeySecret: STS.accessKeySecret, stsToken: STS.securityToken }) } : {}) } as never);
    const sign = async (expires: number) => (v4 ? await pc.signatureUrlV4('GET', expires, {}, key) : pc.signatureUrl(key, { expires }));
    const ok = await getVia(await sign(60), v4 ? undefined : host);
    expect(ok).toEqual({ status: 200, body: 'presigned body' });
    const expired = await sign(v4 ? 1 : -5);
    if (v4) await new Promise((r) => setTimeout(r, 2100));
    const denied = await getVia(expired, v4 ? undefined : host);
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('<Code>AccessDenied</Code>');
  });

  it('logs each request with its operation and auth kind', () => {
    const kind = v4 ? 'v4' : 'v1';
    const mine = emu()
      .requestLog()
      .filter((e) => e.bucket === bucket);
    const presigned = emu()
      .requestLog()
      .filter((e) => e.bucket === `${bucket}-p`);
    expect(new Set(presigned.map((e) => e.authKind))).toEqual(new Set([`${kind}-presign`]));
    expect(mine.length).toBeGreaterThan(10);
    expect(new Set(mine.map((e) => e.authKind))).toEqual(new Set([kind]));
    expect(mine.map((e) => e.op)).toEqual(expect.arrayContaining(['CreateBucket', 'PutBucketWebsite', 'GetBucketReferer', 'CopyObject', 'DeleteMultipleObjects']));
  });
});
