// validate-mirror-origin goes through shared/net's guard: private, loopback and metadata origins are
// never connected to unless allowed — directly, through a redirect, or through a DNS answer that
// changes between lookups. Public addresses exist only as resolver answers; virtualInternetDialer
// carries the one stand-in to a loopback listener and refuses everything else.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../../shared/origin-check/run.ts';
import type { OriginCheckOptions, RuleResult } from '../../../shared/origin-check/types.ts';
import { fixedResolver, sequenceResolver } from '../../helpers/dns.ts';
import { type TestServer, loopbackOnlyDialer, startTwinServers, virtualInternetDialer } from '../net/servers.ts';
import { mirrorRule, object, target } from './rig.ts';

const PUBLIC_STAND_IN = '93.184.216.34';
let internal: TestServer; // 127.0.0.1:P — what must never be reached
let origin: TestServer; // 127.0.0.2:P — the "public" origin behind PUBLIC_STAND_IN

// /hop/... redirects to the internal listener by name; anything else is a good object.
const serve = (req: IncomingMessage, res: ServerResponse) => {
  if ((req.url ?? '').startsWith('/hop/')) res.writeHead(302, { location: `http://internal.test:${internal.port}/secret`, 'content-length': '0' }).end();
  else object(res);
};

beforeAll(async () => {
  [internal, origin] = await startTwinServers(serve, serve);
});
afterAll(() => Promise.all([internal.close(), origin.close()]));

async function run(url: string, opts: OriginCheckOptions, redirect = {}): Promise<RuleResult> {
  return (await checkRules([target(mirrorRule(url, redirect), ['a/x.txt'])], { budgetMs: 3000, ...opts })).rules[0]!;
}

describe('origin checks never connect to flagged addresses unless allowed', () => {
  const names = fixedResolver({ 'internal.test': '127.0.0.1', 'meta.test': '100.100.100.200', 'lan.test': '10.1.2.3', 'ula.test': 'fd12::1' });

  it.each([
    ['loopback literal', 'http://127.0.0.1:PORT/', 'loopback'],
    ['loopback by name', 'http://internal.test:PORT/', 'loopback'],
    ['metadata literal', 'http://100.100.100.200/', 'metadata'],
    ['metadata by name', 'http://meta.test/', 'metadata'],
    ['private by name', 'http://lan.test/', 'private'],
    ['IPv6 ULA by name', 'http://ula.test/', 'ula'],
  ])('fails ADDRESS with NET_BLOCKED_ADDRESS for a %s and opens no connection', async (_label, template, cls) => {
    const dialer = loopbackOnlyDialer();
    const before = internal.connections();
    const r = await run(template.replace('PORT', String(internal.port)), { resolver: names, dialer });
    expect(r.verdict).toBe('fail');
    const address = r.origins[0]!.checks.find((c) => c.check === 'ADDRESS')!;
    expect(address).toMatchObject({ status: 'fail', code: 'NET_BLOCKED_ADDRESS' });
    expect(address.message).toContain(cls);
    expect(address.hint).toMatch(/OSS cannot reach it/);
    expect(dialer.attempts).toEqual([]);
    expect(internal.connections()).toBe(before);
  });

  it('connects to a loopback origin when private origins are allowed (local runs)', async () => {
    const dialer = loopbackOnlyDialer();
    const before = internal.connections();
    const r = await run(`http://internal.test:${internal.port}/`, { resolver: names, dialer, allowPrivate: true });
    expect(r.verdict).toBe('ok');
    expect(r.origins[0]!.checks.find((c) => c.check === 'ADDRESS')).toMatchObject({ status: 'ok', code: 'ADDRESS_ALLOWED_PRIVATE' });
    expect(internal.connections()).toBeGreaterThan(before);
  });

  it('refuses a redirect from a public origin to a loopback address and never connects to it', async () => {
    const resolver = fixedResolver({ 'public.test': PUBLIC_STAND_IN, 'internal.test': '127.0.0.1' });
    const dialer = virtualInternetDialer({ [PUBLIC_STAND_IN]: '127.0.0.2' });
    const before = internal.connections();
    const r = await run(`http://public.test:${origin.port}/hop/`, { resolver, dialer }, { mirrorFollowRedirect: true });
    expect(r.verdict).toBe('fail');
    const get = r.problems.find((p) => p.check === 'HEAD');
    expect(get).toMatchObject({ code: 'NET_BLOCKED_ADDRESS', status: 'fail' });
    expect(get!.message).toContain('127.0.0.1 (loopback)');
    expect(origin.requests.some((line) => line.startsWith('HEAD /hop/'))).toBe(true);
    expect(r.origins[0]!.checks.at(-1)).toMatchObject({ check: 'GET', status: 'skip' });
    expect(internal.connections()).toBe(before);
    expect(dialer.attempts.every((t) => t.address === PUBLIC_STAND_IN)).toBe(true);
    expect(dialer.refused).toEqual([]);
  });

  it('connects only to the checked address when the DNS answer changes to loopback between lookups', async () => {
    const resolver = sequenceResolver([[PUBLIC_STAND_IN], ['127.0.0.1']]);
    const dialer = virtualInternetDialer({ [PUBLIC_STAND_IN]: '127.0.0.2' });
    const beforeInternal = internal.connections();
    const beforeOrigin = origin.connections();
    const r = await run(`http://rebind.test:${origin.port}/`, { resolver, dialer }, { mirrorCheckMd5: true });
    expect(r.verdict).toBe('ok');
    expect(resolver.calls).toEqual(['rebind.test']);
    expect(internal.connections()).toBe(beforeInternal);
    expect(origin.connections() - beforeOrigin).toBeGreaterThanOrEqual(3); // TCP probe, HEAD, GET
    expect(dialer.attempts.every((t) => t.address === PUBLIC_STAND_IN)).toBe(true);
  });
});
