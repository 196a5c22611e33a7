import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentMd5Matches, readBody } from '../../../shared/net/body.ts';
import { type OriginRequestOptions, originRequest, redactUrl } from '../../../shared/net/origin-request.ts';
import { Socket } from 'node:net';
import { crc64 } from '../../../shared/hash/crc64.ts';
import { dnsServerResolver } from '../../../shared/net/resolve.ts';
import { fixedResolver, startDnsServer } from '../../helpers/dns.ts';
import { type TestPki, makeTestPki } from '../../helpers/tls.ts';
import { type TestServer, closedPort, loopbackOnlyDialer, startServer } from './servers.ts';

const payload = Buffer.from('hello origin '.repeat(1000));
let pki: TestPki;
let https: TestServer;
let http: TestServer;
const tlsServers: Record<string, TestServer> = {};

function routes(req: IncomingMessage, res: ServerResponse): void {
  const u = new URL(req.url ?? '/', 'http://x');
  const hops = Number(u.searchParams.get('n') ?? 0);
  if (u.pathname === '/object') {
    res.setHeader('content-md5', createHash('md5').update(payload).digest('base64'));
    res.setHeader('x-host-seen', req.headers.host ?? '');
    res.end(req.method === 'HEAD' ? undefined : payload);
  } else if (u.pathname === '/chain') {
    res.writeHead(hops > 0 ? 302 : 200, hops > 0 ? { location: `/chain?n=${hops - 1}` } : {});
    res.end(hops > 0 ? 'moved' : 'arrived');
  } else if (u.pathname === '/see-other') {
    res.writeHead(303, { location: '/echo' }).end();
  } else if (u.pathname === '/temporary') {
    res.writeHead(307, { location: '/echo' }).end();
  } else if (u.pathname === '/echo') {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => res.end(`${req.method} ${body} auth=${req.headers.authorization ?? '-'}`));
  } else if (u.pathname === '/slow-headers') {
    const t = setTimeout(() => res.end('late'), 3_000);
    res.on('close', () => clearTimeout(t));
  } else if (u.pathname === '/slow-body') {
    res.writeHead(200, { 'content-length': '10' });
    res.write('a');
    const t = setTimeout(() => res.end('bcdefghij'), 3_000);
    res.on('close', () => clearTimeout(t));
  } else if (u.pathname === '/cut') {
    res.writeHead(200, { 'content-length': '100000' });
    res.write(Buffer.alloc(1000, 1), () => res.socket?.destroy());
  } else if (u.pathname === '/drop') {
    req.socket.destroy();
  } else if (u.pathname === '/fail') {
    res.writeHead(503).end('busy');
  } else res.writeHead(404).end('nope');
}

const resolver = fixedResolver({ 'origin.test': '127.0.0.1' });
const base = (extra: OriginRequestOptions = {}): OriginRequestOptions => ({
  resolver, dialer: loopbackOnlyDialer(), allowPrivate: true, ca: pki.ca, trustSystemCas: false, budgetMs: 3_000, ...extra,
});

beforeAll(async () => {
  pki = makeTestPki();
  https = await startServer(routes, { tls: pki.good });
  http = await startServer(routes);
  for (const kind of ['expired', 'wrongHost', 'selfSigned'] as const) tlsServers[kind] = await startServer(routes, { tls: pki[kind] });
});
afterAll(async () => {
  await Promise.all([https, http, ...Object.values(tlsServers)].map((s) => s.close()));
  pki.cleanup();
});

describe('originRequest over HTTPS with the test CA', () => {
  it('returns status, headers, TLS summary, timings and an MD5/CRC-64 hashed body when all is good', async () => {
    const res = await originRequest(`https://origin.test:${https.port}/object`, base());
    expect(res.status).toBe(200);
    expect(res.remote).toEqual({ address: '127.0.0.1', family: 4, port: https.port });
    expect(res.headers['x-host-seen']).toBe(`origin.test:${https.port}`);
    expect(res.tls).toMatchObject({ authorized: true, hostnameMatches: true, servername: 'origin.test' });
    expect(res.tls?.certificate?.daysToExpiry).toBe(29);
    const body = await readBody(res.body, { keep: true });
    expect(body.data?.equals(payload)).toBe(true);
    expect(body.md5Hex).toBe(createHash('md5').update(payload).digest('hex'));
    expect(body.crc64).toBe(crc64(payload).toString());
    expect(contentMd5Matches(res.headers['content-md5'], body)).toBe(true);
    expect(res.timings.dns).toBeGreaterThanOrEqual(0);
    expect(res.timings.connect).toBeGreaterThan(0);
    expect(res.timings.tls).toBeGreaterThan(0);
    expect(res.timings.firstByte).toBeGreaterThanOrEqual(res.timings.connect + res.timings.tls);
    expect(res.timings.total).toBeGreaterThanOrEqual(res.timings.firstByte);
    expect(https.servernames.at(-1)).toBe('origin.test');
  });

  it('answers a HEAD with headers and an empty body', async () => {
    const res = await originRequest(`https://origin.test:${https.port}/object`, base({ method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect((await readBody(res.body)).bytes).toBe(0);
  });

  it('sends no SNI when sni is off and still verifies the name', async () => {
    const seen = https.servernames.length;
    const res = await originRequest(`https://origin.test:${https.port}/object`, base({ sni: false }));
    await res.dump();
    expect(res.status).toBe(200);
    expect(https.servernames.length).toBe(seen);
  });

  it.each([
    ['expired', 'NET_TLS_EXPIRED'],
    ['wrongHost', 'NET_TLS_HOSTNAME'],
    ['selfSigned', 'NET_TLS_SELF_SIGNED'],
  ])('throws the TLS reason when the certificate is %s', async (kind, code) => {
    const err = await originRequest(`https://origin.test:${tlsServers[kind]!.port}/object`, base()).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NetError', code });
    expect(tlsServers[kind]!.requests).toEqual([]);
  });

  it('reports but accepts an untrusted certificate when verifyTls is false', async () => {
    const res = await originRequest(`https://origin.test:${tlsServers.expired!.port}/object`, base({ verifyTls: false }));
    await res.dump();
    expect(res.status).toBe(200);
    expect(res.tls).toMatchObject({ authorized: false, errorCode: 'NET_TLS_EXPIRED' });
  });
});

describe('originRequest name resolution and families', () => {
  it('reaches an IPv6 loopback origin by literal', async () => {
    const v6 = await startServer(routes, { host: '::1' });
    try {
      const res = await originRequest(`http://[::1]:${v6.port}/object`, base());
      await res.dump();
      expect(res.status).toBe(200);
      expect(res.remote).toEqual({ address: '::1', family: 6, port: v6.port });
      expect(res.headers['x-host-seen']).toBe(`[::1]:${v6.port}`);
    } finally {
      await v6.close();
    }
  });

  it('resolves through a DNS server on loopback (dns.Resolver#setServers) and connects to its answer', async () => {
    const dns = await startDnsServer({ 'cdn.origin.test': ['127.0.0.1'] });
    try {
      const resolver = dnsServerResolver([dns.server], { timeoutMs: 1_000 });
      const res = await originRequest(`https://cdn.origin.test:${https.port}/object`, base({ resolver, servername: 'origin.test' }));
      await res.dump();
      expect(res.status).toBe(200);
      expect(res.remote.address).toBe('127.0.0.1');
      expect(dns.queries).toContain('cdn.origin.test A');
    } finally {
      await dns.close();
    }
  });
});

describe('originRequest bounds', () => {
  it('throws NET_TIMEOUT within the budget when the headers are slow', async () => {
    const started = Date.now();
    await expect(originRequest(`${http.origin}/slow-headers`, base({ budgetMs: 200 }))).rejects.toMatchObject({ code: 'NET_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2_500); // the server would answer after 3 s
  });

  it('fails the body with NET_TIMEOUT when the body is slower than the budget', async () => {
    const res = await originRequest(`${http.origin}/slow-body`, base({ budgetMs: 1_000 }));
    expect(res.status).toBe(200);
    await expect(readBody(res.body)).rejects.toMatchObject({ code: 'NET_TIMEOUT' });
  });

  it('throws NET_CONNECT_REFUSED when nothing listens on the port', async () => {
    const port = await closedPort();
    await expect(originRequest(`http://origin.test:${port}/`, base())).rejects.toMatchObject({ code: 'NET_CONNECT_REFUSED' });
  });

  it('throws NET_DNS_FAILED when the name does not resolve', async () => {
    await expect(originRequest('http://missing.test/', base())).rejects.toMatchObject({ code: 'NET_DNS_FAILED' });
  });

  it('fails the body with NET_BODY_TOO_LARGE past maxBytes', async () => {
    const res = await originRequest(`${http.origin}/object`, base({ maxBytes: 1_000 }));
    await expect(readBody(res.body)).rejects.toMatchObject({ code: 'NET_BODY_TOO_LARGE' });
  });

  it('fails the body with NET_RESET when the connection is cut mid-body', async () => {
    const res = await originRequest(`${http.origin}/cut`, base());
    await expect(readBody(res.body)).rejects.toMatchObject({ code: 'NET_RESET' });
  });

  it('throws NET_RESET when the origin closes the connection before answering', async () => {
    await expect(originRequest(`${http.origin}/drop`, base())).rejects.toMatchObject({ code: 'NET_RESET' });
  });

  it('returns 404 and 5xx answers as responses, not errors', async () => {
    const missing = await originRequest(`${http.origin}/missing`, base());
    expect([missing.status, (await readBody(missing.body, { keep: true })).data?.toString()]).toEqual([404, 'nope']);
    const busy = await originRequest(`${http.origin}/fail`, base());
    await busy.dump();
    expect(busy.status).toBe(503);
  });

  it('throws NET_ABORTED when the caller aborts', async () => {
    const signal = AbortSignal.timeout(100);
    await expect(originRequest(`${http.origin}/slow-headers`, base({ signal }))).rejects.toMatchObject({ code: 'NET_ABORTED' });
  });

  it('throws NET_CONNECT_TIMEOUT when the connect cap passes inside the budget, NET_TIMEOUT when the budget does', async () => {
    const hanging = () => new Socket(); // never connects: a black-holed SYN without touching the network
    await expect(originRequest('http://origin.test/', base({ dialer: hanging, connectTimeoutMs: 50 }))).rejects.toMatchObject({ code: 'NET_CONNECT_TIMEOUT' });
    await expect(originRequest('http://origin.test/', base({ dialer: hanging, budgetMs: 80 }))).rejects.toMatchObject({ code: 'NET_TIMEOUT' });
  });

  it('never puts secret query values or user info in errors and redirect hops', async () => {
    const url = 'http://u:pw@origin.test/?x-oss-security-token=SEKRET1&Signature=SEKRET2&plain=1';
    const err = await originRequest(url, base()).catch((e: unknown) => e);
    expect(JSON.stringify({ message: (err as Error).message, details: (err as { details: unknown }).details })).not.toMatch(/SEKRET|pw/);
    expect(redactUrl(url)).toBe('http://origin.test/?x-oss-security-token=REDACTED&Signature=REDACTED&plain=1');
    expect(redactUrl('/next?n=1&token=abc')).toBe('/next?n=1&token=REDACTED');
    const blocked = await originRequest('http://100.100.100.200/?token=SEKRET3', { dialer: loopbackOnlyDialer() }).catch((e: unknown) => e);
    expect(JSON.stringify({ message: (blocked as Error).message, details: (blocked as { details: unknown }).details })).not.toMatch(/SEKRET/);
  });

  it('throws NET_INVALID_REQUEST for a header the HTTP client refuses', async () => {
    await expect(originRequest(`${http.origin}/object`, base({ headers: { upgrade: 'websocket' } }))).rejects.toMatchObject({ code: 'NET_INVALID_REQUEST' });
  });

  it('rejects URLs that are not absolute http(s)', async () => {
    for (const bad of ['ftp://origin.test/', 'not a url', 'http://user:pw@origin.test/']) {
      await expect(originRequest(bad, base())).rejects.toMatchObject({ code: 'NET_INVALID_URL' });
    }
  });
});

describe('originRequest redirects', () => {
  it('returns the 3xx as it is when following is off', async () => {
    const res = await originRequest(`${http.origin}/chain?n=2`, base());
    await res.dump();
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/chain?n=1');
    expect(res.redirects).toEqual([]);
  });

  it('follows a chain within the cap and lists every hop', async () => {
    const res = await originRequest(`${http.origin}/chain?n=3`, base({ followRedirects: true }));
    expect((await readBody(res.body, { keep: true })).data?.toString()).toBe('arrived');
    expect(res.redirects.map((r) => [r.status, r.location])).toEqual([[302, '/chain?n=2'], [302, '/chain?n=1'], [302, '/chain?n=0']]);
    expect(res.url).toBe(`${http.origin}/chain?n=0`);
  });

  it('follows exactly 10 redirects by default and fails on the 11th', async () => {
    const ok = await originRequest(`${http.origin}/chain?n=10`, base({ followRedirects: true }));
    await ok.dump();
    expect(ok.redirects).toHaveLength(10);
    await expect(originRequest(`${http.origin}/chain?n=11`, base({ followRedirects: true }))).rejects.toMatchObject({ code: 'NET_TOO_MANY_REDIRECTS' });
  });

  it('honours a smaller maxRedirects', async () => {
    await expect(originRequest(`${http.origin}/chain?n=3`, base({ followRedirects: true, maxRedirects: 2 }))).rejects.toMatchObject({ code: 'NET_TOO_MANY_REDIRECTS' });
  });

  it('turns a POST into a GET on 303 and keeps method and body on 307', async () => {
    const see = await originRequest(`${http.origin}/see-other`, base({ followRedirects: true, method: 'POST', body: 'x=1' }));
    expect((await readBody(see.body, { keep: true })).data?.toString()).toBe('GET  auth=-');
    const tmp = await originRequest(`${http.origin}/temporary`, base({ followRedirects: true, method: 'PUT', body: 'x=1' }));
    expect((await readBody(tmp.body, { keep: true })).data?.toString()).toBe('PUT x=1 auth=-');
  });
});
