import { beforeAll, describe, expect, it } from 'vitest';
import { rfc3986Encode, rfc3986EncodePath } from '../../../shared/oss/signer/encode.ts';
import { presignV1, presignV4, signV1, signV4 } from '../../../shared/oss/signer/index.ts';
import type { Credentials } from '../../../shared/oss/credentials/types.ts';
import type { SignableRequest } from '../../../shared/oss/signer/types.ts';
import { aliOssClient, useEmulator } from '../../helpers/emulator.ts';
import { rawRequest } from '../../helpers/raw-http.ts';

/**
 * Negative (and positive) auth: requests signed with the shared signer, then one part tampered with
 * after signing, sent over loopback; each must be refused with OSS's code.
 */

const KEY: Credentials = { accessKeyId: 'ossedge-local-ak', accessKeySecret: 'ossedge-local-secret' };
const STS: Credentials = { accessKeyId: 'STS.auth-ak', accessKeySecret: 'sts-secret', securityToken: 'the-token' };
const emu = useEmulator({ credentials: [KEY, STS], dataPlane: false });
const BUCKET = 'auth-bucket';

interface Wire {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Record<string, string>;
}

interface Reply {
  status: number;
  code?: string;
  body: string;
}

async function send(w: Wire): Promise<Reply> {
  const qs = w.query.map(([k, v]) => (v === '' ? rfc3986Encode(k) : `${rfc3986Encode(k)}=${rfc3986Encode(v)}`)).join('&');
  const res = await rawRequest(`${emu().endpoint}${w.path}${qs ? `?${qs}` : ''}`, { method: w.method, headers: w.headers });
  // HEAD errors carry the XML base64-encoded in x-oss-err (no body).
  const xml = res.body || Buffer.from(String(res.headers['x-oss-err'] ?? ''), 'base64').toString('utf8');
  return { status: res.status, code: /<Code>([^<]+)<\/Code>/.exec(xml)?.[1], body: res.body };
}

function target(r: SignableRequest): Pick<Wire, 'method' | 'path' | 'query'> {
  return { method: r.method, path: rfc3986EncodePath(`/${r.bucket}/${r.key ?? ''}`), query: r.query.map(([k, v]) => [k, v] as [string, string]) };
}

function headerSigned(version: 'v4' | 'v1', r: SignableRequest, opts: { creds?: Credentials; time?: Date; region?: string } = {}): Wire {
  const input = { request: r, credentials: opts.creds ?? KEY, time: opts.time ?? new Date(), region: opts.region ?? 'cn-hangzhou' };
  const signed = version === 'v4' ? signV4(input) : signV1(input);
  return { ...target(r), headers: { ...r.headers, ...signed.headers } };
}

function presigned(version: 'v4' | 'v1', r: SignableRequest, opts: { creds?: Credentials; time?: Date; region?: string; expires?: number } = {}): Wire {
  const input = { request: r, credentials: opts.creds ?? KEY, time: opts.time ?? new Date(), region: opts.region ?? 'cn-hangzhou', expires: opts.expires ?? 900 };
  const p = version === 'v4' ? presignV4(input) : presignV1(input);
  const t = target(r);
  return { ...t, query: [...t.query, ...p.query], headers: { ...r.headers } };
}

const getObj = (headers: Record<string, string> = {}): SignableRequest => ({ method: 'GET', bucket: BUCKET, key: 'dir/obj 1+.txt', query: [], headers });

beforeAll(() => {
  emu().seed.createBucket(BUCKET);
  emu().seed.putObject(BUCKET, 'dir/obj 1+.txt', 'secret bytes');
  emu().seed.putObject(BUCKET, 'other.txt', 'other');
  emu().seed.createBucket('public-read-bucket', { acl: 'public-read' });
  emu().seed.putObject('public-read-bucket', 'a.txt', 'public');
  emu().seed.createBucket('public-rw-bucket', { acl: 'public-read-write' });
});

describe.each(['v4', 'v1'] as const)('%s header signature', (v) => {
  it('does accept an untampered request', async () => {
    const res = await send(headerSigned(v, getObj({ 'x-oss-meta-probe': '1' })));
    expect(res).toMatchObject({ status: 200, body: 'secret bytes' });
  });

  it('does accept an untampered STS request', async () => {
    expect(await send(headerSigned(v, getObj(), { creds: STS }))).toMatchObject({ status: 200 });
  });

  const tampers: Array<[string, (w: Wire) => void, number, string]> = [
    ['method', (w) => void (w.method = 'HEAD'), 403, 'SignatureDoesNotMatch'],
    ['path', (w) => void (w.path = `/${BUCKET}/other.txt`), 403, 'SignatureDoesNotMatch'],
    ['signed header', (w) => void (w.headers['x-oss-meta-probe'] = '2'), 403, 'SignatureDoesNotMatch'],
    ['date', (w) => void (w.headers[v === 'v4' ? 'x-oss-date' : 'date'] = shiftDate(w.headers[v === 'v4' ? 'x-oss-date' : 'date']!, v)), 403, 'SignatureDoesNotMatch'],
    ['key', (w) => void (w.headers.authorization = w.headers.authorization!.replace('ossedge-local-ak', 'unknown-ak')), 403, 'InvalidAccessKeyId'],
  ];
  it.each(tampers)('does refuse a tampered %s', async (_name, tamper, status, code) => {
    const w = headerSigned(v, getObj({ 'x-oss-meta-probe': '1' }));
    if (v === 'v1') delete w.headers['x-oss-date'];
    tamper(w);
    expect(await send(w)).toMatchObject({ status, code });
  });

  it('does refuse a tampered sub-resource query', async () => {
    const w = headerSigned(v, { method: 'GET', bucket: BUCKET, query: [['acl', '']], headers: {} });
    w.query = [['website', '']];
    expect(await send(w)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('does refuse a wrong secret with the string to sign in the body', async () => {
    const res = await send(headerSigned(v, getObj(), { creds: { ...KEY, accessKeySecret: 'wrong' } }));
    expect(res).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(res.body).toContain('<StringToSign>');
    if (v === 'v4') expect(res.body).toContain(`<CanonicalRequest>GET\n/${BUCKET}/dir/obj%201%2B.txt`);
  });

  it('does refuse a tampered, missing or unexpected security token', async () => {
    const w = headerSigned(v, getObj(), { creds: STS });
    w.headers['x-oss-security-token'] = 'other-token';
    expect(await send(w)).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(await send(headerSigned(v, getObj(), { creds: { ...STS, securityToken: undefined } }))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
    expect(await send(headerSigned(v, getObj(), { creds: { ...KEY, securityToken: 'not-expected' } }))).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
  });

  it('does refuse a request signed more than 15 minutes off with ServerTime', async () => {
    const res = await send(headerSigned(v, getObj(), { time: new Date(Date.now() - 16 * 60_000) }));
    expect(res).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
    expect(res.body).toMatch(/<ServerTime>\d{4}-\d\d-\d\dT/);
    expect((await send(headerSigned(v, getObj(), { time: new Date(Date.now() + 16 * 60_000) }))).code).toBe('RequestTimeTooSkewed');
  });
});

function shiftDate(value: string, v: 'v4' | 'v1'): string {
  if (v === 'v1') return new Date(Date.parse(value) + 1000).toUTCString();
  const d = new Date(Date.UTC(+value.slice(0, 4), +value.slice(4, 6) - 1, +value.slice(6, 8), +value.slice(9, 11), +value.slice(11, 13), +value.slice(13, 15)) + 1000);
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

describe('V1 skew', () => {
  it('does refuse a captured V1 request replayed with a fresh Date when its signed x-oss-date is old', async () => {
    const w = headerSigned('v1', getObj(), { time: new Date(Date.now() - 60 * 60_000) });
    w.headers.date = new Date().toUTCString();
    const res = await send(w);
    expect(res).toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
    expect(res.body).toContain(`<RequestTime>${w.headers['x-oss-date']}</RequestTime>`);
  });

  it('does accept a V1 request signed over x-oss-date alone (no Date header), as ali-oss sends it', async () => {
    const w = headerSigned('v1', getObj());
    delete w.headers.date;
    expect(await send(w)).toMatchObject({ status: 200, body: 'secret bytes' });
  });
});

describe('empty query parameters', () => {
  // ali-oss signs an empty request parameter as `prefix=` (qs.stringify) but an empty sub-resource as bare
  // `acl`, and sends both as `k=`; the Go/Python SDKs and spec/oss-api.md §1.3 sign every empty value bare.
  it.each([true, false])('does list with ali-oss listV2 and list given empty parameters (V4: %s)', async (v4) => {
    const c = aliOssClient(emu(), { v4, bucket: BUCKET });
    const v2 = await c.listV2({ prefix: '', delimiter: '', 'start-after': '' } as never);
    expect(v2.objects.map((o) => o.name)).toEqual(['dir/obj 1+.txt', 'other.txt']);
    expect((await c.listV2({ prefix: '' } as never)).objects).toHaveLength(2);
    expect((await c.list({ prefix: '', marker: '' } as never, {})).objects).toHaveLength(2);
    const acl = await c.getBucketACL(BUCKET);
    expect(acl.acl).toBe('private');
  });

  it('does serve an ali-oss V4 presigned URL that signed an empty parameter', async () => {
    const c = aliOssClient(emu(), { v4: true, bucket: BUCKET });
    const sign = (c as unknown as { signatureUrlV4(m: string, e: number, r: object, key: string): Promise<string> }).signatureUrlV4.bind(c);
    const url = await sign('GET', 60, { headers: {}, queries: { 'x-ossedge-empty': '' } }, 'other.txt');
    expect(url).toContain('x-ossedge-empty=&');
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('other');
  });

  it('does accept the documented form for empty values and refuse a changed value under either form', async () => {
    const list: SignableRequest = { method: 'GET', bucket: BUCKET, query: [['list-type', '2'], ['prefix', '']], headers: {} };
    expect(await send(headerSigned('v4', list))).toMatchObject({ status: 200 });
    expect(await send(presigned('v4', list))).toMatchObject({ status: 200 });
    const w = headerSigned('v4', list);
    w.query = [['list-type', '2'], ['prefix', 'dir/']];
    expect(await send(w)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const added = headerSigned('v4', list);
    added.query.push(['delimiter', '']);
    expect(await send(added)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });
});

describe('V4 specifics', () => {
  it('does refuse a scope region other than the emulator region', async () => {
    expect(await send(headerSigned('v4', getObj(), { region: 'cn-beijing' }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
    expect(await send(presigned('v4', getObj(), { region: 'cn-beijing' }))).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });

  it('does refuse an added query parameter (V4 signs every parameter)', async () => {
    const w = headerSigned('v4', getObj());
    w.query.push(['response-content-type', 'text/html']);
    expect(await send(w)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('does refuse x-oss-content-sha256 other than UNSIGNED-PAYLOAD', async () => {
    const w = headerSigned('v4', getObj());
    w.headers['x-oss-content-sha256'] = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(await send(w)).toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});

describe.each(['v4', 'v1'] as const)('%s presigned URL', (v) => {
  it('does accept an untampered URL, with and without STS', async () => {
    expect(await send(presigned(v, getObj()))).toMatchObject({ status: 200, body: 'secret bytes' });
    expect(await send(presigned(v, getObj(), { creds: STS }))).toMatchObject({ status: 200 });
  });

  it('does refuse an expired URL', async () => {
    const res = await send(presigned(v, getObj(), { time: new Date(Date.now() - 120_000), expires: 60 }));
    expect(res).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(res.body).toContain('expired');
  });

  it('does refuse a tampered path, method, signature or token', async () => {
    const path = presigned(v, getObj());
    path.path = `/${BUCKET}/other.txt`;
    expect(await send(path)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const method = presigned(v, getObj());
    method.method = 'DELETE';
    expect(await send(method)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const sig = presigned(v, getObj());
    sig.query = sig.query.map(([k, val]) => [k, k === 'Signature' || k === 'x-oss-signature' ? `${val.slice(0, -2)}AA` : val]);
    expect(await send(sig)).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    const token = presigned(v, getObj(), { creds: STS });
    token.query = token.query.map(([k, val]) => [k, k.endsWith('security-token') ? 'forged' : val]);
    expect(await send(token)).toMatchObject({ status: 403, code: 'InvalidSecurityToken' });
  });
});

describe('anonymous requests', () => {
  const anon = (method: string, bucket: string, key?: string): Wire => ({ method, path: `/${bucket}/${key ?? ''}`, query: [], headers: {} });

  it('does refuse anonymous access to a private bucket', async () => {
    expect(await send(anon('GET', BUCKET, 'other.txt'))).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await send(anon('GET', BUCKET))).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await send({ method: 'GET', path: '/', query: [], headers: {} })).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('does allow reads but not writes on a public-read bucket', async () => {
    expect(await send(anon('GET', 'public-read-bucket', 'a.txt'))).toMatchObject({ status: 200, body: 'public' });
    expect(await send(anon('GET', 'public-read-bucket'))).toMatchObject({ status: 200 });
    expect(await send(anon('PUT', 'public-read-bucket', 'b.txt'))).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(await send(anon('PUT', 'public-read-bucket'))).toMatchObject({ status: 403 });
  });

  it('does allow writes on a public-read-write bucket but never bucket settings', async () => {
    expect(await send(anon('PUT', 'public-rw-bucket', 'b.txt'))).toMatchObject({ status: 200 });
    expect(await send(anon('DELETE', 'public-rw-bucket', 'b.txt'))).toMatchObject({ status: 204 });
    expect(await send({ ...anon('GET', 'public-rw-bucket'), query: [['acl', '']] })).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('does log each auth kind', () => {
    const kinds = new Set(emu().requestLog().map((e) => e.authKind));
    expect(kinds).toEqual(new Set(['v4', 'v1', 'v4-presign', 'v1-presign', 'anonymous']));
  });
});
