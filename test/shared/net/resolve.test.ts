import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinAddress, resolvePinned } from '../../../shared/net/guard.ts';
import { dnsServerResolver, resolveHost, systemResolver } from '../../../shared/net/resolve.ts';
import { NetError } from '../../../shared/net/errors.ts';
import { type TestDnsServer, fixedResolver, startDnsServer } from '../../helpers/dns.ts';

describe('resolveHost', () => {
  it('returns classified A and AAAA answers with timing when the resolver answers', async () => {
    const resolver = fixedResolver({ 'origin.test': ['127.0.0.1', '::1'] });
    const r = await resolveHost('origin.test', { resolver });
    expect(r.addresses).toEqual([
      { address: '127.0.0.1', family: 4, class: 'loopback' },
      { address: '::1', family: 6, class: 'loopback' },
    ]);
    expect(r.ms).toBeGreaterThanOrEqual(0);
    expect(resolver.calls).toEqual(['origin.test']);
  });

  it('does not look up an IP literal (brackets stripped)', async () => {
    const resolver = fixedResolver({});
    const r = await resolveHost('[::1]', { resolver });
    expect(r).toEqual({ host: '::1', addresses: [{ address: '::1', family: 6, class: 'loopback' }], ms: 0 });
    expect(resolver.calls).toEqual([]);
  });

  it('throws NET_DNS_FAILED with the resolver reason when the name does not resolve', async () => {
    const err = await resolveHost('nowhere.test', { resolver: fixedResolver({}) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetError);
    expect(err).toMatchObject({ code: 'NET_DNS_FAILED', details: { host: 'nowhere.test', reason: 'ENOTFOUND' } });
    expect((err as NetError).hint).toMatch(/does not resolve/);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'NetError', code: 'NET_DNS_FAILED', message: 'DNS lookup of nowhere.test failed (ENOTFOUND)',
      hint: (err as NetError).hint, details: { host: 'nowhere.test', reason: 'ENOTFOUND' },
    });
  });

  it('throws NET_DNS_TIMEOUT when the resolver is slower than the timeout', async () => {
    const resolver = fixedResolver({ 'slow.test': '127.0.0.1' }, { delayMs: 2_000 });
    const started = Date.now();
    await expect(resolveHost('slow.test', { resolver, timeoutMs: 50 })).rejects.toMatchObject({ code: 'NET_DNS_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(1_500); // the resolver would answer after 2 s
  });

  it('throws NET_ABORTED when the signal aborts the lookup', async () => {
    const resolver = fixedResolver({ 'slow.test': '127.0.0.1' }, { delayMs: 2_000 });
    const signal = AbortSignal.timeout(30);
    await expect(resolveHost('slow.test', { resolver, signal })).rejects.toMatchObject({ code: 'NET_ABORTED' });
  });

  it('resolves localhost through the system resolver (/etc/hosts, no network)', async () => {
    const r = await resolveHost('localhost', { resolver: systemResolver });
    expect(r.addresses.length).toBeGreaterThan(0);
    expect(r.addresses.every((a) => a.class === 'loopback')).toBe(true);
  });
});

describe('dnsServerResolver against a DNS server on 127.0.0.1', () => {
  let dns: TestDnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({ 'origin.test': ['127.0.0.1', '::1'], 'v4only.test': ['127.0.0.2'] }, { silent: ['silent.test'] });
  });
  afterAll(() => dns.close());

  it('asks for A and AAAA and returns both', async () => {
    const resolver = dnsServerResolver([dns.server], { timeoutMs: 2_000 });
    const r = await resolveHost('origin.test', { resolver });
    expect(r.addresses.map((a) => a.address)).toEqual(['127.0.0.1', '::1']);
    expect(dns.queries).toEqual(expect.arrayContaining(['origin.test A', 'origin.test AAAA']));
  });

  it('returns the A answer when there is no AAAA', async () => {
    const r = await resolveHost('v4only.test', { resolver: dnsServerResolver([dns.server], { timeoutMs: 2_000 }) });
    expect(r.addresses).toEqual([{ address: '127.0.0.2', family: 4, class: 'loopback' }]);
  });

  it('fails with NET_DNS_FAILED on NXDOMAIN', async () => {
    const resolver = dnsServerResolver([dns.server], { timeoutMs: 2_000 });
    await expect(resolveHost('missing.test', { resolver })).rejects.toMatchObject({ code: 'NET_DNS_FAILED', details: { reason: 'ENOTFOUND' } });
  });

  it('fails with NET_DNS_TIMEOUT when the server never answers', async () => {
    const resolver = dnsServerResolver([dns.server], { timeoutMs: 2_000 });
    await expect(resolveHost('silent.test', { resolver, timeoutMs: 150 })).rejects.toMatchObject({ code: 'NET_DNS_TIMEOUT' });
  });
});

describe('pinAddress / resolvePinned (the SSRF guard)', () => {
  const classify = (address: string, cls: string) => ({ address, family: 4 as const, class: cls as 'public' });

  it('pins the first address when every address is public', () => {
    expect(pinAddress('o.test', [classify('8.8.8.8', 'public'), classify('1.1.1.1', 'public')])).toEqual({ address: '8.8.8.8', family: 4 });
  });

  it('pins IPv4 when the answer has both families unless IPv6 is preferred', () => {
    const answer = [{ address: '2400:3200::1', family: 6 as const, class: 'public' as const }, classify('8.8.8.8', 'public')];
    expect(pinAddress('o.test', answer)).toEqual({ address: '8.8.8.8', family: 4 });
    expect(pinAddress('o.test', answer, { preferFamily: 6 })).toEqual({ address: '2400:3200::1', family: 6 });
    expect(pinAddress('o.test', [answer[0]!])).toEqual({ address: '2400:3200::1', family: 6 });
  });

  it('refuses an answer that mixes a public and a private address', () => {
    expect(() => pinAddress('o.test', [classify('8.8.8.8', 'public'), classify('10.0.0.1', 'private')])).toThrow(
      expect.objectContaining({ code: 'NET_BLOCKED_ADDRESS', details: expect.objectContaining({ address: '10.0.0.1', reason: 'private' }) }),
    );
  });

  it.each(['127.0.0.1', '100.100.100.200', '169.254.169.254', '10.1.2.3', '::ffff:127.0.0.1', 'fd00::1', '0.0.0.0'])(
    'refuses %s unless allowPrivate', async (address) => {
      const resolver = fixedResolver({ 'evil.test': address });
      await expect(resolvePinned('evil.test', { resolver })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
      const allowed = await resolvePinned('evil.test', { resolver, allowPrivate: true });
      expect(allowed.pinned.address).toBe(address);
    },
  );

  it('checks an address given by an earlier step instead of looking it up', async () => {
    const resolver = fixedResolver({});
    await expect(resolvePinned('o.test', { resolver, address: '100.100.100.200' })).rejects.toMatchObject({ code: 'NET_BLOCKED_ADDRESS' });
    expect(resolver.calls).toEqual([]);
  });
});
