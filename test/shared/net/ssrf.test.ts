// The SSRF guard and DNS pinning, proved by counting connections on loopback listeners. Public
// addresses appear only as answers of test resolvers; virtualInternetDialer carries them to loopback,
// and every dialer here refuses anything that is not loopback, so no packet can leave the machine.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { originRequest } from '../../../shared/net/origin-request.ts';
import { fixedResolver, sequenceResolver } from '../../helpers/dns.ts';
import { type CountingDialer, type TestServer, loopbackOnlyDialer, startServer, startTwinServers, virtualInternetDialer } from './servers.ts';

const PUBLIC_STAND_IN = '93.184.216.34';
const dialers: CountingDialer[] = [];
const track = (d: CountingDialer) => (dialers.push(d), d);

let internal: TestServer; // 127.0.0.1:P — what an attacker wants to reach
let origin: TestServer; // 127.0.0.2:P — plays the public origin behind PUBLIC_STAND_IN
let redirector: TestServer;

const answer = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
  const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
  if (to) res.writeHead(302, { location: to }).end();
  else res.end(name);
};

beforeAll(async () => {
  [internal, origin] = await startTwinServers(answer('internal'), answer('origin'));
  redirector = await startServer(answer('redirector'));
});
afterAll(() => Promise.all([internal.close(), origin.close(), redirector.close()]));
afterEach(() => {
  for (const d of dialers.splice(0)) expect(d.refused).toEqual([]);
});

describe('the guard refuses non-public addresses and never connects to them', () => {
  const names = fixedResolver({ 'origin.test': '127.0.0.1', localhost: '127.0.0.1', 'meta.test': '100.100.100.200', 'mixed.test': [PUBLIC_STAND_IN, '127.0.0.1'] });

  it.each([
    'http://origin.test:PORT/',
    'http://localhost:PORT/',
    'http://127.0.0.1:PORT/',
    'http://[::ffff:127.0.0.1]:PORT/',
    'http://2130706433:PORT/',
    'http://0x7f.0.0.1:PORT/',
    'http://mixed.test:PORT/',
  ])('blocks %s with zero connections on the listener', async (template) => {
    const dialer = track(loopbackOnlyDialer());
    const before = internal.connections();
    const err = await originRequest(template.replace('PORT', String(internal.port)), { resolver: names, dialer }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NetError', code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts).toEqual([]);
    expect(internal.connections()).toBe(before);
  });

  it.each([
    'http://100.100.100.200/latest/meta-data/',
    'http://meta.test/latest/meta-data/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://[::ffff:100.100.100.200]/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://172.16.0.1/',
    'http://100.64.0.1/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://0.0.0.0/',
  ])('blocks %s before any socket is opened', async (url) => {
    const dialer = track(loopbackOnlyDialer());
    await expect(originRequest(url, { resolver: names, dialer })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts).toEqual([]);
  });

  it('connects to loopback when allowPrivate is set (the local and test mode)', async () => {
    const before = internal.connections();
    const res = await originRequest(`http://origin.test:${internal.port}/`, { resolver: names, dialer: track(loopbackOnlyDialer()), allowPrivate: true });
    await res.dump();
    expect(res.status).toBe(200);
    expect(internal.connections()).toBe(before + 1);
  });
});

describe('redirects are re-checked on every hop', () => {
  const names = fixedResolver({ 'public.test': PUBLIC_STAND_IN, 'inside.test': '127.0.0.1' });
  const dial = () => track(virtualInternetDialer({ [PUBLIC_STAND_IN]: '127.0.0.2' }));

  it.each([
    ['a loopback literal', () => `http://127.0.0.1:${internal.port}/`],
    ['a name that resolves to loopback', () => `http://inside.test:${internal.port}/`],
    ['the metadata service', () => 'http://100.100.100.200/latest/meta-data/'],
  ])('refuses a redirect from a public origin to %s', async (_label, target) => {
    const dialer = dial();
    const before = internal.connections();
    const url = `http://public.test:${origin.port}/?to=${encodeURIComponent(target())}`;
    await expect(originRequest(url, { resolver: names, dialer, followRedirects: true })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts.map((t) => t.address)).toEqual([PUBLIC_STAND_IN]);
    expect(internal.connections()).toBe(before);
  });

  it('returns the redirect itself (no second hop) when following is off', async () => {
    const before = internal.connections();
    const res = await originRequest(`http://public.test:${origin.port}/?to=${encodeURIComponent(`http://127.0.0.1:${internal.port}/`)}`, { resolver: names, dialer: dial() });
    await res.dump();
    expect(res.status).toBe(302);
    expect(internal.connections()).toBe(before);
  });

  it('follows the same redirect to loopback only when allowPrivate is set', async () => {
    const before = internal.connections();
    const url = `http://127.0.0.1:${redirector.port}/?to=${encodeURIComponent(`http://127.0.0.1:${internal.port}/`)}`;
    const res = await originRequest(url, { resolver: names, dialer: track(loopbackOnlyDialer()), allowPrivate: true, followRedirects: true });
    expect(res.redirects).toHaveLength(1);
    await res.dump();
    expect(internal.connections()).toBe(before + 1);
  });
});

describe('DNS pinning: the checked address is the connected address', () => {
  it('connects to an address pinned by an earlier step without a lookup, and still guards it', async () => {
    const resolver = fixedResolver({});
    const [a, b] = [internal.connections(), origin.connections()];
    const res = await originRequest(`http://pinned.test:${origin.port}/`, { resolver, dialer: track(loopbackOnlyDialer()), allowPrivate: true, address: '127.0.0.2' });
    await res.dump();
    expect(res.remote.address).toBe('127.0.0.2');
    expect([internal.connections() - a, origin.connections() - b]).toEqual([0, 1]);
    expect(resolver.calls).toEqual([]);
    const dialer = track(loopbackOnlyDialer());
    await expect(originRequest('http://pinned.test/', { resolver, dialer, address: '100.100.100.200' })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(dialer.attempts).toEqual([]);
  });

  it('connects to the first answer when the answer changes between lookups (allowPrivate, twin listeners)', async () => {
    const resolver = sequenceResolver([['127.0.0.1'], ['127.0.0.2']]);
    const [a, b] = [internal.connections(), origin.connections()];
    const first = await originRequest(`http://rebind.test:${internal.port}/`, { resolver, dialer: track(loopbackOnlyDialer()), allowPrivate: true });
    await first.dump();
    expect(resolver.calls).toEqual(['rebind.test']);
    expect(first.remote.address).toBe('127.0.0.1');
    expect([internal.connections() - a, origin.connections() - b]).toEqual([1, 0]);
    // The resolver really does change its answer: a new request (a new check) goes to the other listener.
    const second = await originRequest(`http://rebind.test:${internal.port}/`, { resolver, dialer: track(loopbackOnlyDialer()), allowPrivate: true });
    await second.dump();
    expect(second.remote.address).toBe('127.0.0.2');
    expect([internal.connections() - a, origin.connections() - b]).toEqual([1, 1]);
  });

  it('never reaches the internal listener when a public answer rebinds to loopback', async () => {
    const resolver = sequenceResolver([[PUBLIC_STAND_IN], ['127.0.0.1']]);
    const dialer = track(virtualInternetDialer({ [PUBLIC_STAND_IN]: '127.0.0.2' }));
    const before = internal.connections();
    const res = await originRequest(`http://rebind.test:${origin.port}/`, { resolver, dialer });
    await res.dump();
    expect(res.status).toBe(200);
    expect(resolver.calls).toHaveLength(1);
    await expect(originRequest(`http://rebind.test:${origin.port}/`, { resolver, dialer })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(internal.connections()).toBe(before);
  });

  it('re-checks a same-host redirect after a rebind and refuses it', async () => {
    const resolver = sequenceResolver([[PUBLIC_STAND_IN], ['127.0.0.1']]);
    const dialer = track(virtualInternetDialer({ [PUBLIC_STAND_IN]: '127.0.0.2' }));
    const before = internal.connections();
    const url = `http://rebind.test:${origin.port}/?to=${encodeURIComponent('/next')}`;
    await expect(originRequest(url, { resolver, dialer, followRedirects: true })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(resolver.calls).toHaveLength(2);
    expect(internal.connections()).toBe(before);
  });
});
