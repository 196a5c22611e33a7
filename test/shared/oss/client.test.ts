import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createOssClient, type OssClientOptions } from '../../../shared/oss/client.ts';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';
import { readBodyText } from '../../../shared/oss/transport.ts';
import {
  delayHeaders, reply, replyError, resetConnection, startConnectProxy, startLoopbackServer, stallBody, type Responder,
} from '../../helpers/loopback-server.ts';

const SECRET = 'loopback-secret-Zq81xY';
const TOKEN = 'CAIS-loopback-sts-token-77';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(responder: Responder = reply(200, ''), options: Partial<OssClientOptions> = {}) {
  const server = await startLoopbackServer(responder);
  cleanups.push(() => server.close());
  let asked = 0;
  const client = createOssClient({
    endpoint: server.url,
    region: 'cn-hangzhou',
    credentials: { getCredentials: async () => (asked++, { accessKeyId: 'ak-loop', accessKeySecret: SECRET, securityToken: TOKEN }) },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeouts: { headersMs: 300, bodyMs: 300 },
    ...options,
  });
  return { server, client, asked: () => asked };
}

async function failure(p: Promise<unknown>): Promise<OssServiceError | OssClientError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof OssServiceError || err instanceof OssClientError)) throw new Error(`expected an OSS error, got ${String(err)}`);
  return err;
}

const getWebsite = { op: 'GetBucketWebsite', method: 'GET', bucket: 'my-bucket', query: [['website', '']] } as const;

describe('invoke', () => {
  it('does sign with V4, target the path-style URL and send Content-MD5 of an XML body', async () => {
    const { server, client } = await setup(reply(200, '<ok/>', { 'x-oss-request-id': 'RID-OK' }));
    const res = await client.invoke({
      op: 'PutBucketCors', method: 'PUT', bucket: 'my-bucket', query: [['cors', '']],
      headers: { 'Content-Type': 'application/xml' }, body: '<CORSConfiguration/>', contentMd5: true,
    });
    expect(res.status).toBe(200);
    expect(res.requestId).toBe('RID-OK');
    expect(await readBodyText(res.body)).toBe('<ok/>');
    const seen = server.requests[0]!;
    expect(seen.url).toBe('/my-bucket/?cors');
    expect(seen.headers.authorization).toMatch(/^OSS4-HMAC-SHA256 Credential=ak-loop\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request,Signature=[0-9a-f]{64}$/);
    expect(seen.headers['x-oss-security-token']).toBe(TOKEN);
    expect(seen.headers['content-md5']).toBe(createHash('md5').update(seen.body).digest('base64'));
    expect(seen.headers['user-agent']).toMatch(/^ossedge\//);
    expect(seen.body.toString()).toBe('<CORSConfiguration/>');
  });

  it('does sign with V1 when asked', async () => {
    const { server, client } = await setup(reply(200), { signatureVersion: 'v1' });
    await client.invokeText(getWebsite);
    expect(server.requests[0]!.headers.authorization).toMatch(/^OSS ak-loop:[A-Za-z0-9+/]+=*$/);
  });

  it('does retry 503 SlowDown, re-signing and asking for credentials on every attempt', async () => {
    let t = Date.UTC(2024, 0, 2, 3, 4, 5);
    const { server, client, asked } = await setup(reply(200, '<x/>'), { now: () => (t += 1000) });
    server.enqueue(replyError(503, 'SlowDown'));
    const res = await client.invokeText(getWebsite);
    expect(res.text).toBe('<x/>');
    expect(server.requests).toHaveLength(2);
    const [a, b] = server.requests;
    expect(a!.headers['x-oss-date']).not.toBe(b!.headers['x-oss-date']);
    expect(a!.headers.authorization).not.toBe(b!.headers.authorization);
    expect(asked()).toBe(2);
  });

  it('does stop after 3 attempts and report them when the server keeps failing', async () => {
    const { server, client } = await setup(replyError(500, 'InternalError'));
    const err = (await failure(client.invoke(getWebsite))) as OssServiceError;
    expect(err).toMatchObject({ name: 'OssServiceError', code: 'InternalError', status: 500, op: 'GetBucketWebsite', attempts: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('does throw the service error at once, with its fields, for a 404', async () => {
    const { server, client } = await setup(replyError(404, 'NoSuchWebsiteConfiguration', 'none', { BucketName: 'my-bucket' }));
    const err = (await failure(client.invoke(getWebsite))) as OssServiceError;
    expect(err).toMatchObject({ code: 'NoSuchWebsiteConfiguration', requestId: 'RID-NoSuchWebsiteConfiguration', hostId: 'h.example', ec: '0000-00000000', fields: { BucketName: 'my-bucket' } });
    expect(server.requests).toHaveLength(1);
  });

  it('does return 304 for a conditional GET and read HEAD errors from x-oss-err', async () => {
    const { server, client } = await setup(reply(304));
    const res = await client.invoke({ op: 'GetObject', method: 'GET', bucket: 'my-bucket', key: 'a.txt', headers: { 'If-None-Match': '"e"' } });
    expect(res.status).toBe(304);
    res.body.resume();
    const xml = '<Error><Code>NoSuchKey</Code><Message>gone</Message><RequestId>R9</RequestId></Error>';
    server.setDefault(reply(404, '', { 'x-oss-err': Buffer.from(xml).toString('base64') }));
    const err = (await failure(client.invoke({ op: 'HeadObject', method: 'HEAD', bucket: 'my-bucket', key: 'a.txt' }))) as OssServiceError;
    expect(err).toMatchObject({ code: 'NoSuchKey', requestId: 'R9', op: 'HeadObject' });
  });

  it('does throw MALFORMED_RESPONSE for a non-XML error body, retrying only a 5xx', async () => {
    const { server, client } = await setup(reply(400, 'plain words, not xml', { 'content-type': 'text/plain' }));
    const bad = await failure(client.invoke(getWebsite));
    expect(bad).toMatchObject({ name: 'OssClientError', code: 'MALFORMED_RESPONSE', status: 400 });
    expect(bad.message).toContain('plain words');
    expect(server.requests).toHaveLength(1);
    server.setDefault(reply(502, '<html>bad gateway</html>', { 'content-type': 'text/html' }));
    await failure(client.invoke(getWebsite));
    expect(server.requests).toHaveLength(4);
  });

  it('does correct the clock after RequestTimeTooSkewed and succeed', async () => {
    const skew = 3 * 3600_000;
    const { server, client } = await setup(reply(200, 'ok'), { now: () => Date.now() + skew });
    server.enqueue(replyError(403, 'RequestTimeTooSkewed', 'skewed', { RequestTime: 'x', ServerTime: new Date().toISOString() }));
    const res = await client.invokeText(getWebsite);
    expect(res.text).toBe('ok');
    const dates = server.requests.map((r) => Date.parse(String(r.headers.date)));
    expect(Math.abs(dates[0]! - Date.now() - skew)).toBeLessThan(60_000);
    expect(Math.abs(dates[1]! - Date.now())).toBeLessThan(60_000);
    await client.invokeText(getWebsite);
    expect(Math.abs(Date.parse(String(server.requests[2]!.headers.date)) - Date.now())).toBeLessThan(60_000);
  });

  it('does retry a reset connection and a header timeout', async () => {
    const { server, client } = await setup(reply(200, 'fine'));
    server.enqueue(resetConnection, delayHeaders(2_000));
    const res = await client.invokeText(getWebsite);
    expect(res.text).toBe('fine');
    expect(server.requests).toHaveLength(3);
  });

  it('does retry a stalled body inside invokeText and report TIMEOUT when it never comes', async () => {
    const { server, client } = await setup(stallBody(2_000), { retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const err = await failure(client.invokeText(getWebsite));
    expect(err).toMatchObject({ code: 'TIMEOUT', attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST after a reset, as it may have taken effect', async () => {
    const { server, client } = await setup(resetConnection);
    const err = await failure(client.invoke({ op: 'PostThing', method: 'POST', bucket: 'my-bucket', body: 'x' }));
    expect(err.code).toBe('NETWORK');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a PUT with x-oss-forbid-overwrite after a reset, but retries a POST declared idempotent', async () => {
    const { server, client } = await setup(resetConnection);
    const lease = { op: 'PutObject', method: 'PUT', bucket: 'my-bucket', key: 'lease', body: 'me', headers: { 'x-oss-forbid-overwrite': 'true' } } as const;
    expect((await failure(client.invoke(lease))).code).toBe('NETWORK');
    expect(server.requests).toHaveLength(1);
    server.enqueue(resetConnection);
    server.setDefault(reply(200, '<ok/>'));
    const res = await client.invokeText({ op: 'DeleteMultipleObjects', method: 'POST', bucket: 'my-bucket', query: [['delete', '']], body: '<Delete/>', idempotent: true });
    expect(res.text).toBe('<ok/>');
    expect(server.requests).toHaveLength(3);
  });

  it('does correct the clock from the Date header when the skew error has no ServerTime', async () => {
    const { server, client } = await setup(reply(200, 'ok'), { now: () => Date.now() - 3600_000 });
    server.enqueue(replyError(403, 'RequestTimeTooSkewed'));
    await client.invokeText(getWebsite);
    expect(Math.abs(Date.parse(String(server.requests[1]!.headers.date)) - Date.now())).toBeLessThan(60_000);
  });

  it('does send a stream body once and never replay it, but re-opens a body factory', async () => {
    const { server, client } = await setup(replyError(503, 'SlowDown'));
    const err = await failure(client.invoke({ op: 'PutObject', method: 'PUT', bucket: 'my-bucket', key: 'k', body: Readable.from([Buffer.from('stream-data')]) }));
    expect(err).toMatchObject({ code: 'SlowDown', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    server.enqueue(replyError(503, 'SlowDown'));
    server.setDefault(reply(200));
    const res = await client.invoke({ op: 'PutObject', method: 'PUT', bucket: 'my-bucket', key: 'k', body: () => Readable.from([Buffer.from('again')]) });
    res.body.resume();
    expect(server.requests.slice(1).map((r) => r.body.toString())).toEqual(['again', 'again']);
  });

  it('does throw ABORTED soon after the signal aborts', async () => {
    const { client } = await setup(delayHeaders(5_000), { timeouts: { headersMs: 10_000 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    const err = await failure(client.invoke({ ...getWebsite, signal: ac.signal }));
    expect(err.code).toBe('ABORTED');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does throw TIMEOUT when the deadline passes during an attempt', async () => {
    const { server, client } = await setup(delayHeaders(5_000), { timeouts: { headersMs: 10_000 } });
    const started = Date.now();
    const err = await failure(client.invoke({ ...getWebsite, deadline: Date.now() + 150 }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('does throw TIMEOUT when the deadline passes while invokeText reads the body', async () => {
    const { client } = await setup(stallBody(5_000), { timeouts: { headersMs: 10_000, bodyMs: 10_000 } });
    const started = Date.now();
    const err = await failure(client.invokeText({ ...getWebsite, deadline: Date.now() + 200 }));
    expect(err.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('does never put the secret, the token or the signature in an error message', async () => {
    const { server, client } = await setup((req, res) => {
      const echo = `auth was ${String(req.headers.authorization)} token ${String(req.headers['x-oss-security-token'])}`;
      replyError(403, 'SignatureDoesNotMatch', echo, { SignatureProvided: 'f'.repeat(64), StringToSign: 'sts' })(req, res, undefined as never);
    });
    const err = (await failure(client.invoke(getWebsite))) as OssServiceError;
    const sig = /Signature=([0-9a-f]{64})/.exec(String(server.requests[0]!.headers.authorization))![1]!;
    const text = JSON.stringify({ m: err.message, s: err.stack, f: err.fields, o: err.ossMessage });
    for (const secret of [SECRET, TOKEN, sig, 'f'.repeat(64)]) expect(text).not.toContain(secret);
    expect(err.fields.StringToSign).toBe('sts');
  });

  it('does finish many failing requests over a pool of one connection (error bodies consumed)', async () => {
    const { server, client } = await setup(replyError(404, 'NoSuchKey', 'x'.repeat(5_000)), { connections: 1 });
    for (let i = 0; i < 30; i++) await failure(client.invoke({ op: 'GetObject', method: 'GET', bucket: 'my-bucket', key: `k${i}` }));
    expect(server.requests).toHaveLength(30);
    expect(server.connections()).toBe(1);
  });

  it('does reuse the module-level agent, and its keep-alive connection, across clients (warm invocations)', async () => {
    const { server } = await setup(reply(200, 'warm'), { connections: 1 });
    for (let i = 0; i < 3; i++) {
      const fresh = createOssClient({ endpoint: server.url, region: 'cn-hangzhou', connections: 1 });
      expect((await fresh.invokeText(getWebsite)).text).toBe('warm');
    }
    expect(server.connections()).toBe(1);
  });

  it('does send unsigned requests when credentials are anonymous and refuse to presign', async () => {
    const { server, client } = await setup(reply(200), { credentials: { getCredentials: async () => undefined } });
    await client.invokeText(getWebsite);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect((await failure(client.presign(getWebsite))).code).toBe('CREDENTIALS');
  });

  it('does wrap a failing credentials provider as CREDENTIALS without retrying', async () => {
    const { server, client } = await setup(reply(200), { credentials: { getCredentials: async () => { throw new Error('sts down'); } } });
    expect((await failure(client.invoke(getWebsite))).code).toBe('CREDENTIALS');
    expect(server.requests).toHaveLength(0);
  });

  it('does reach the server through a configured proxy', async () => {
    const proxy = await startConnectProxy();
    cleanups.push(() => proxy.close());
    const { server, client } = await setup(reply(200, 'p'), { proxy: proxy.url });
    cleanups.push(() => client.close());
    expect((await client.invokeText(getWebsite)).text).toBe('p');
    expect(proxy.tunnels).toEqual([`127.0.0.1:${server.port}`]);
  });
});

describe('presign, forRegion and options', () => {
  const creds = { accessKeyId: 'ak', accessKeySecret: SECRET };

  it('does build a V4 presigned URL on the bucket host', async () => {
    const client = createOssClient({ region: 'cn-hangzhou', credentials: creds, now: () => Date.UTC(2024, 0, 1) });
    const url = new URL(await client.presign({ op: 'GetObject', method: 'GET', bucket: 'my-bucket', key: 'a b.txt' }, 600));
    expect(url.origin).toBe('https://my-bucket.oss-cn-hangzhou.aliyuncs.com');
    expect(url.pathname).toBe('/a%20b.txt');
    expect(url.searchParams.get('x-oss-expires')).toBe('600');
    expect(url.searchParams.get('x-oss-date')).toBe('20240101T000000Z');
    expect(url.searchParams.get('x-oss-signature')).toMatch(/^[0-9a-f]{64}$/);
    await expect(client.presign({ op: 'GetObject', method: 'GET', bucket: 'my-bucket', key: 'k' }, 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('does build a V1 presigned URL with Expires, OSSAccessKeyId and Signature', async () => {
    const client = createOssClient({ region: 'cn-hangzhou', credentials: creds, signatureVersion: 'v1', now: () => 1_700_000_000_000 });
    const url = new URL(await client.presign({ op: 'GetObject', method: 'GET', bucket: 'my-bucket', key: 'k' }, 60));
    expect(url.searchParams.get('Expires')).toBe('1700000060');
    expect(url.searchParams.get('OSSAccessKeyId')).toBe('ak');
    expect(url.searchParams.get('Signature')).toBeTruthy();
  });

  it('does derive clients for other regions and keep an explicit endpoint for all', () => {
    const client = createOssClient({ region: 'cn-hangzhou', credentials: creds });
    const bj = client.forRegion('cn-beijing');
    expect([bj.region, bj.endpoint.host]).toEqual(['cn-beijing', 'oss-cn-beijing.aliyuncs.com']);
    expect(client.forRegion('cn-beijing')).toBe(bj);
    const local = createOssClient({ endpoint: 'http://127.0.0.1:1', region: 'cn-hangzhou', credentials: creds });
    expect(local.forRegion('cn-beijing')).toBe(local);
  });

  it('does take the region from an OSS endpoint and refuse V4 without one', () => {
    expect(createOssClient({ endpoint: 'oss-eu-central-1.aliyuncs.com' }).region).toBe('eu-central-1');
    expect(() => createOssClient({ endpoint: 'http://127.0.0.1:1' })).toThrow(OssClientError);
  });

  it('does reject an invalid bucket name before sending anything', async () => {
    const { server, client } = await setup();
    expect((await failure(client.invoke({ ...getWebsite, bucket: 'Bad_Bucket' }))).code).toBe('INVALID_ARGUMENT');
    expect(server.requests).toHaveLength(0);
  });
});
