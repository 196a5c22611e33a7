import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody } from '../../../shared/net/body.ts';
import { createOriginSession } from '../../../shared/net/session.ts';
import { fixedResolver, sequenceResolver } from '../../helpers/dns.ts';
import { type TestPki, makeTestPki } from '../../helpers/tls.ts';
import { type TestServer, loopbackOnlyDialer, startServer, startTwinServers, virtualInternetDialer } from './servers.ts';

const named = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
  const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
  if (to) res.writeHead(302, { location: to }).end();
  else res.end(`${name} ${req.url}`);
};

let pki: TestPki;
let https: TestServer;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  pki = makeTestPki();
  https = await startServer(named('tls'), { tls: pki.good });
  [a, b] = await startTwinServers(named('a'), named('b'));
});
afterAll(async () => {
  await Promise.all([https.close(), a.close(), b.close()]);
  pki.cleanup();
});

describe('createOriginSession', () => {
  it('looks a host up once and reuses verified TLS connections for sequential requests', async () => {
    const resolver = fixedResolver({ 'origin.test': '127.0.0.1' });
    const session = createOriginSession({ resolver, dialer: loopbackOnlyDialer(), allowPrivate: true, ca: pki.ca, trustSystemCas: false, budgetMs: 2_000 });
    const before = https.connections();
    try {
      for (let i = 0; i < 5; i++) {
        const res = await session.request(`https://origin.test:${https.port}/k${i}`);
        expect((await readBody(res.body, { keep: true })).data?.toString()).toBe(`tls /k${i}`);
        expect(res.tls?.authorized).toBe(true);
      }
      expect(resolver.calls).toEqual(['origin.test']);
      // undici may open a second connection while the first is being released; never one per request.
      const { lookups, connections } = session.stats();
      expect(lookups).toBe(1);
      expect(connections).toBeLessThanOrEqual(2);
      expect(https.connections() - before).toBe(connections);
    } finally {
      await session.close();
    }
  });

  it('keeps the checked address for the TTL, then checks again (rebinding cannot reach the other address early)', async () => {
    const resolver = sequenceResolver([['127.0.0.1'], ['127.0.0.2']]);
    let clock = 1_000;
    const session = createOriginSession({ resolver, dialer: loopbackOnlyDialer(), allowPrivate: true, dnsTtlMs: 30_000, now: () => clock });
    const [ca, cb] = [a.connections(), b.connections()];
    try {
      for (let i = 0; i < 3; i++) await (await session.request(`http://rebind.test:${a.port}/`)).dump();
      expect(a.connections() - ca).toBeGreaterThanOrEqual(1);
      expect(b.connections() - cb).toBe(0);
      clock += 29_999;
      await (await session.request(`http://rebind.test:${a.port}/`)).dump();
      expect(b.connections() - cb).toBe(0);
      clock += 1;
      const res = await session.request(`http://rebind.test:${a.port}/`);
      await res.dump();
      expect(res.remote.address).toBe('127.0.0.2');
      expect(resolver.calls).toHaveLength(2);
    } finally {
      await session.close();
    }
  });

  it('applies the guard to every host and every redirect hop', async () => {
    const resolver = fixedResolver({ 'public.test': '93.184.216.34', 'inside.test': '127.0.0.1' });
    const dialer = virtualInternetDialer({ '93.184.216.34': '127.0.0.2' });
    const session = createOriginSession({ resolver, dialer, followRedirects: true });
    const before = a.connections();
    try {
      await expect(session.request(`http://inside.test:${a.port}/`)).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
      const to = encodeURIComponent(`http://inside.test:${a.port}/`);
      await expect(session.request(`http://public.test:${b.port}/?to=${to}`)).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
      const ok = await session.request(`http://public.test:${b.port}/plain`);
      expect((await readBody(ok.body, { keep: true })).data?.toString()).toBe('b /plain');
      expect(a.connections()).toBe(before);
      expect(dialer.refused).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('refuses requests after close', async () => {
    const session = createOriginSession({ resolver: fixedResolver({}), dialer: loopbackOnlyDialer() });
    await session.close();
    await expect(session.request('http://origin.test/')).rejects.toThrow(/closed/);
  });
});
