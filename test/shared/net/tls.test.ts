import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeTcp } from '../../../shared/net/dial.ts';
import { inspectTls } from '../../../shared/net/inspect-tls.ts';
import { type TestPki, makeTestPki } from '../../helpers/tls.ts';
import { fixedResolver } from '../../helpers/dns.ts';
import { type TestServer, closedPort, loopbackOnlyDialer, startServer } from './servers.ts';

let pki: TestPki;
const servers: Record<string, TestServer> = {};
const resolver = fixedResolver({ 'origin.test': '127.0.0.1', 'meta.test': '100.100.100.200' });
const ok = (_req: unknown, res: { end(s: string): void }) => res.end('ok');

beforeAll(async () => {
  pki = makeTestPki();
  for (const kind of ['good', 'expired', 'wrongHost', 'selfSigned', 'expiringSoon', 'unknownIssuer', 'chained', 'leafWithoutIntermediate'] as const) {
    servers[kind] = await startServer(ok, { tls: pki[kind] });
  }
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  pki.cleanup();
});

const inspect = (kind: string, extra: Parameters<typeof inspectTls>[2] = {}) =>
  inspectTls('origin.test', servers[kind]!.port, { resolver, allowPrivate: true, ca: pki.ca, trustSystemCas: false, dialer: loopbackOnlyDialer(), timeoutMs: 2_000, ...extra });

describe('inspectTls', () => {
  it('reports a trusted certificate with days left, protocol, SAN and timings when the chain is good', async () => {
    const seen = servers.good!.servernames.length;
    const r = await inspect('good');
    expect(r).toMatchObject({ trusted: true, hostnameMatches: true, address: '127.0.0.1', family: 4, daysLeft: 29 });
    expect(r.code).toBeUndefined();
    expect(r.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(r.certificate?.subjectAltNames).toContain('DNS:origin.test');
    expect(r.certificate?.issuer).toBe('CN=ossedge test CA');
    expect(r.timings.connect).toBeGreaterThan(0);
    expect(r.timings.tls).toBeGreaterThan(0);
    expect(servers.good!.servernames.slice(seen)).toEqual(['origin.test']);
  });

  it('reports NET_TLS_EXPIRED with negative days when the certificate has expired', async () => {
    const r = await inspect('expired');
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_EXPIRED', reason: 'CERT_HAS_EXPIRED', hostnameMatches: true });
    expect(r.daysLeft).toBeLessThan(-300);
    expect(r.hint).toMatch(/expired/);
  });

  it('reports NET_TLS_HOSTNAME when the certificate names another host', async () => {
    const r = await inspect('wrongHost');
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_HOSTNAME', reason: 'ERR_TLS_CERT_ALTNAME_INVALID', hostnameMatches: false });
    expect(r.certificate?.subjectAltNames).toEqual(['DNS:other.test']);
  });

  it('reports NET_TLS_SELF_SIGNED when the certificate is self-signed', async () => {
    const r = await inspect('selfSigned');
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_SELF_SIGNED', reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(r.certificate?.selfSigned).toBe(true);
  });

  it('reports NET_TLS_UNTRUSTED when the issuer is unknown', async () => {
    const r = await inspect('unknownIssuer');
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_UNTRUSTED' });
    expect(r.certificate?.selfSigned).toBe(false);
  });

  it('trusts a leaf served with its intermediate and names the intermediate as issuer', async () => {
    const r = await inspect('chained');
    expect(r).toMatchObject({ trusted: true, hostnameMatches: true });
    expect(r.certificate?.issuer).toBe('CN=ossedge intermediate CA');
  });

  it('reports NET_TLS_UNTRUSTED (UNABLE_TO_VERIFY_LEAF_SIGNATURE) when the server omits the intermediate', async () => {
    const r = await inspect('leafWithoutIntermediate');
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_UNTRUSTED', reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(r.hint).toMatch(/intermediates/);
  });

  it('reports the days left when the certificate expires soon', async () => {
    const r = await inspect('expiringSoon');
    expect(r.trusted).toBe(true);
    expect(r.daysLeft).toBe(4);
  });

  it('does not trust the test CA unless it is given', async () => {
    const r = await inspect('good', { ca: undefined, trustSystemCas: true });
    expect(r).toMatchObject({ trusted: false, code: 'NET_TLS_UNTRUSTED', hostnameMatches: true });
  });

  it('sends no SNI when sni is off and still verifies the host name', async () => {
    const seen = servers.good!.servernames.length;
    const connections = servers.good!.connections();
    const r = await inspect('good', { sni: false });
    expect(r.trusted).toBe(true);
    expect(r.tls.servername).toBeUndefined();
    expect(servers.good!.connections()).toBe(connections + 1);
    expect(servers.good!.servernames.length).toBe(seen);
  });

  it('connects to the given pinned address without a lookup', async () => {
    const lookups = fixedResolver({});
    const r = await inspect('good', { resolver: lookups, address: '127.0.0.1' });
    expect(r.trusted).toBe(true);
    expect(lookups.calls).toEqual([]);
  });

  it('never connects to a metadata address', async () => {
    const dialer = loopbackOnlyDialer();
    await expect(inspectTls('meta.test', 443, { resolver, dialer })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts).toEqual([]);
  });

  it('throws NET_TLS_HANDSHAKE when the port does not speak TLS', async () => {
    const plain = await startServer(ok);
    try {
      await expect(inspect('good', { address: '127.0.0.1' }).then(() => inspectTls('origin.test', plain.port, {
        resolver, allowPrivate: true, dialer: loopbackOnlyDialer(), timeoutMs: 2_000,
      }))).rejects.toMatchObject({ code: 'NET_TLS_HANDSHAKE' });
    } finally {
      await plain.close();
    }
  });
});

describe('probeTcp', () => {
  it('measures the connect time to the pinned address when something listens', async () => {
    const r = await probeTcp('origin.test', servers.good!.port, { resolver, allowPrivate: true, dialer: loopbackOnlyDialer() });
    expect(r).toMatchObject({ host: 'origin.test', address: '127.0.0.1', family: 4 });
    expect(r.connectMs).toBeGreaterThan(0);
  });

  it('throws NET_CONNECT_REFUSED with a hint when nothing listens', async () => {
    const port = await closedPort();
    const err = await probeTcp('127.0.0.1', port, { allowPrivate: true, dialer: loopbackOnlyDialer() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NET_CONNECT_REFUSED', details: { address: '127.0.0.1', port, reason: 'ECONNREFUSED' } });
    expect((err as { hint: string }).hint).toMatch(/Nothing listens/);
  });

  it('refuses loopback without allowPrivate and opens no socket', async () => {
    const dialer = loopbackOnlyDialer();
    const before = servers.good!.connections();
    await expect(probeTcp('origin.test', servers.good!.port, { resolver, dialer })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts).toEqual([]);
    expect(servers.good!.connections()).toBe(before);
  });

  it('throws NET_CONNECT_TIMEOUT when the handshake does not complete in time', async () => {
    const { Socket } = await import('node:net');
    const hanging = () => new Socket(); // never connects: models a black-holed SYN without touching the network
    await expect(probeTcp('127.0.0.1', 9, { allowPrivate: true, dialer: hanging, timeoutMs: 50 })).rejects.toMatchObject({ code: 'NET_CONNECT_TIMEOUT' });
  });
});
