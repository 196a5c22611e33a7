// Each origin defect gives the right verdict, check, code and hint. Origins are loopback listeners
// (HTTP, and HTTPS with a test CA made here by openssl); names resolve through a resolver we control.
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../../shared/origin-check/run.ts';
import type { OriginCheckOptions, RuleResult } from '../../../shared/origin-check/types.ts';
import type { RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import { dnsServerResolver } from '../../../shared/net/resolve.ts';
import { DEFAULT_ORIGIN_BUDGET_MS } from '../../../shared/origin-check/types.ts';
import { MIRROR_TIMEOUT_MS } from '../../../shared/mirror/constants.ts';
import { fixedResolver, startDnsServer } from '../../helpers/dns.ts';
import { makeTestPki, type TestPki } from '../../helpers/tls.ts';
import { type CountingDialer, type TestServer, closedPort, loopbackOnlyDialer, startServer } from '../net/servers.ts';
import { BODY, md5b64, mirrorRule, object, router, target } from './rig.ts';

let pki: TestPki;
let http: TestServer;
const tls: Record<string, TestServer> = {};
const dialers: CountingDialer[] = [];
const resolver = fixedResolver({ 'origin.test': '127.0.0.1', localhost: '127.0.0.1' });
const BUDGET = 3000; // generous: a loaded machine must not turn a good origin into a LATENCY warning
const SLOW_BUDGET = 400;

beforeAll(async () => {
  pki = makeTestPki(['origin.test', 'localhost', '127.0.0.1']);
  http = await startServer(router({
    good: (_req, res) => object(res),
    slow: (_req, res) => void setTimeout(() => object(res), SLOW_BUDGET * 2),
    token: (req, res) => (req.headers['x-origin-token'] === 'let-me-in' ? object(res) : res.writeHead(403, { 'content-length': '0' }).end()),
    redir: (req, res) => res.writeHead(302, { location: (req.url ?? '').replace('/redir/', '/good/'), 'content-length': '0' }).end(),
    badmd5: (_req, res) => object(res, BODY, { 'content-md5': md5b64('something else') }),
    gzip: (_req, res) => {
      const z = gzipSync(BODY);
      object(res, z, { 'content-encoding': 'gzip' });
    },
    bare: (_req, res) => res.writeHead(200, { 'content-length': String(BODY.length) }).end(BODY),
  }));
  const route = router({ good: (_req, res) => object(res) });
  for (const name of ['good', 'expired', 'wrongHost', 'selfSigned', 'expiringSoon'] as const) {
    tls[name] = await startServer(route, { tls: pki[name] });
  }
});
afterAll(async () => {
  await Promise.all([http.close(), ...Object.values(tls).map((s) => s.close())]);
  pki.cleanup();
});
afterEach(() => {
  for (const d of dialers.splice(0)) expect(d.refused).toEqual([]);
});

function options(extra: OriginCheckOptions = {}): OriginCheckOptions {
  const dialer = loopbackOnlyDialer();
  dialers.push(dialer);
  return { allowPrivate: true, resolver, dialer, ca: pki.ca, trustSystemCas: false, budgetMs: BUDGET, ...extra };
}

async function check(base: string, redirect: Partial<RoutingRuleRedirect> = {}, keys = ['a/x.txt'], extra: OriginCheckOptions = {}): Promise<RuleResult> {
  const run = await checkRules([target(mirrorRule(base, redirect), keys)], options(extra));
  return run.rules[0]!;
}

const problem = (r: RuleResult, check: string) => r.problems.find((p) => p.check === check);

describe('validate-mirror-origin verdicts', () => {
  it('gives ok with every check passing when the origin is good (HTTP)', async () => {
    const r = await check(`${http.origin}/good/`, { mirrorCheckMd5: true });
    expect(r.verdict).toBe('ok');
    expect(r.problems).toEqual([]);
    const names = r.origins[0]!.checks.map((c) => c.check);
    expect(names).toEqual(['URL', 'DNS', 'ADDRESS', 'TCP', 'HEAD', 'GET', 'CONTENT_ENCODING', 'CONTENT_MD5', 'VALIDATORS']);
    expect(r.origins[0]!.checks.find((c) => c.check === 'CONTENT_MD5')!.code).toBe('MD5_MATCH');
  });

  it('gives ok over HTTPS with a trusted certificate naming the host', async () => {
    const r = await check(`https://origin.test:${tls.good!.port}/good/`, { mirrorSNI: true });
    expect(r.verdict).toBe('ok');
    const t = r.origins[0]!.checks.find((c) => c.check === 'TLS')!;
    expect(t).toMatchObject({ status: 'ok', code: 'TLS_OK' });
    expect(tls.good!.servernames).toContain('origin.test');
  });

  it('fails with NET_TLS_EXPIRED and a renew hint when the certificate has expired', async () => {
    const r = await check(`https://origin.test:${tls.expired!.port}/good/`);
    expect(r.verdict).toBe('fail');
    expect(problem(r, 'TLS')).toMatchObject({ code: 'NET_TLS_EXPIRED', status: 'fail' });
    expect(problem(r, 'TLS')!.message).toMatch(/expired \d+ days ago/);
    expect(problem(r, 'TLS')!.hint).toMatch(/Renew/);
    expect(r.origins[0]!.checks.at(-1)).toMatchObject({ check: 'GET', status: 'skip' });
  });

  it('fails with NET_TLS_HOSTNAME and mentions mirrorSNI when the certificate names another host', async () => {
    const r = await check(`https://origin.test:${tls.wrongHost!.port}/good/`);
    expect(problem(r, 'TLS')).toMatchObject({ code: 'NET_TLS_HOSTNAME', status: 'fail' });
    expect(problem(r, 'TLS')!.message).toContain('does not name origin.test');
    expect(problem(r, 'TLS')!.hint).toMatch(/mirrorSNI: true/);
  });

  it('fails with NET_TLS_SELF_SIGNED when the certificate is self-signed', async () => {
    const r = await check(`https://origin.test:${tls.selfSigned!.port}/good/`, { mirrorSNI: true });
    expect(problem(r, 'TLS')).toMatchObject({ code: 'NET_TLS_SELF_SIGNED', status: 'fail', message: 'certificate is self-signed' });
    expect(problem(r, 'TLS')!.hint).toMatch(/public CAs/);
  });

  it('warns "certificate expires in N days" when the certificate is about to expire', async () => {
    const r = await check(`https://origin.test:${tls.expiringSoon!.port}/good/`, { mirrorSNI: true });
    expect(r.verdict).toBe('warn');
    expect(problem(r, 'TLS')).toMatchObject({ code: 'TLS_EXPIRES_SOON', status: 'warn' });
    expect(problem(r, 'TLS')!.message).toMatch(/^certificate expires in [45] days$/);
  });

  it('fails with NET_TIMEOUT when the origin is slower than the budget, spending one budget for the whole origin', async () => {
    const started = performance.now();
    const r = await check(`${http.origin}/slow/`, {}, ['a/1.txt', 'a/2.txt', 'a/3.txt'], { budgetMs: SLOW_BUDGET });
    const elapsed = performance.now() - started;
    expect(r.verdict).toBe('fail');
    expect(problem(r, 'HEAD')).toMatchObject({ code: 'NET_TIMEOUT' });
    expect(problem(r, 'HEAD')!.hint).toMatch(/10 s/);
    const checks = r.origins[0]!.checks;
    expect(checks.filter((c) => c.check === 'HEAD')).toHaveLength(1); // no second and third sample after a timeout
    expect(checks.filter((c) => c.status === 'skip').map((c) => c.check)).toEqual(['GET', 'GET']);
    for (const c of checks) expect(c.ms).toBeLessThan(SLOW_BUDGET + 250);
    expect(r.origins[0]!.ms).toBeLessThan(SLOW_BUDGET * 1.5 + 500);
    expect(elapsed).toBeLessThan(SLOW_BUDGET * 2 + 1000);
  });

  it('only warns about a 403 when the rule signs its requests (mirrorAuth) and this unsigned probe cannot', async () => {
    const r = await check(`${http.origin}/token/`, { mirrorAuth: { authType: 'S3V4', accessKeyId: 'AKID', accessKeySecret: '${env:OSSEDGE_SECRET_ORIGIN}' } });
    expect(r.verdict).toBe('warn');
    expect(problem(r, 'GET')).toMatchObject({ code: 'STATUS_403_UNSIGNED', status: 'warn' });
    expect(JSON.stringify(r)).not.toContain('OSSEDGE_SECRET_ORIGIN');
  });

  it('fails with 403 unless the header the origin wants is set, and passes once the rule sets it', async () => {
    const without = await check(`${http.origin}/token/`);
    expect(problem(without, 'GET')).toMatchObject({ code: 'STATUS_403', status: 'fail' });
    expect(problem(without, 'GET')!.hint).toMatch(/mirrorHeaders\.set/);
    const withHeader = await check(`${http.origin}/token/`, { mirrorHeaders: { set: [{ key: 'x-origin-token', value: 'let-me-in' }] } });
    expect(withHeader.verdict).toBe('ok');
  });

  it('fails with STATUS_404 for a sample key the origin does not have', async () => {
    const r = await check(`${http.origin}/nothing/`);
    expect(problem(r, 'GET')).toMatchObject({ code: 'STATUS_404', status: 'fail' });
    expect(problem(r, 'GET')!.hint).toMatch(/does not have this key/);
  });

  it('only warns about a 404 when the rule has no sample keys and its prefix was probed', async () => {
    const run = await checkRules([{ ...target(mirrorRule(`${http.origin}/nothing/`), []), sampleKeys: ['a/'], sampleSource: 'prefix' }], options());
    expect(run.rules[0]!.verdict).toBe('warn');
    expect(run.rules[0]!.problems[0]!.hint).toMatch(/sampleKeys/);
  });

  it('fails when the origin redirects and mirrorFollowRedirect is off', async () => {
    const r = await check(`${http.origin}/redir/`, { mirrorFollowRedirect: false });
    expect(problem(r, 'GET')).toMatchObject({ code: 'REDIRECT_NOT_FOLLOWED', status: 'fail' });
    expect(problem(r, 'GET')!.message).toContain('302');
    expect(problem(r, 'GET')!.hint).toMatch(/mirrorFollowRedirect: true/);
  });

  it('is ok and records the hops when the origin redirects and mirrorFollowRedirect is on', async () => {
    const r = await check(`${http.origin}/redir/`, { mirrorFollowRedirect: true });
    expect(r.verdict).toBe('ok');
    const hop = r.origins[0]!.checks.find((c) => c.check === 'REDIRECT')!;
    expect(hop).toMatchObject({ status: 'ok', code: 'REDIRECT_FOLLOWED' });
  });

  it('fails with MD5_MISMATCH when Content-MD5 does not match the body and mirrorCheckMd5 is on', async () => {
    const r = await check(`${http.origin}/badmd5/`, { mirrorCheckMd5: true });
    expect(problem(r, 'CONTENT_MD5')).toMatchObject({ code: 'MD5_MISMATCH', status: 'fail' });
    const off = await check(`${http.origin}/badmd5/`, { mirrorCheckMd5: false });
    expect(off.verdict).toBe('ok');
  });

  it('fails with ENCODING_UNASKED when the origin gzips without being asked', async () => {
    const r = await check(`${http.origin}/gzip/`);
    expect(problem(r, 'CONTENT_ENCODING')).toMatchObject({ code: 'ENCODING_UNASKED', status: 'fail' });
    expect(problem(r, 'CONTENT_ENCODING')!.hint).toMatch(/size-mismatch/);
  });

  it('only warns about gzip when the rule passes the client\'s Accept-Encoding', async () => {
    const r = await check(`${http.origin}/gzip/`, { mirrorHeaders: { pass: ['accept-encoding'] } });
    expect(r.verdict).toBe('warn');
    expect(problem(r, 'CONTENT_ENCODING')).toMatchObject({ code: 'ENCODING_PASSED', status: 'warn' });
  });

  it('warns when the origin sends no ETag or Last-Modified', async () => {
    const r = await check(`${http.origin}/bare/`);
    expect(problem(r, 'VALIDATORS')).toMatchObject({ code: 'VALIDATORS_MISSING', status: 'warn' });
    expect(problem(r, 'VALIDATORS')!.message).toContain('ETag and Last-Modified');
  });

  it('fails with NET_CONNECT_REFUSED when nothing listens on the port', async () => {
    const port = await closedPort();
    const r = await check(`http://127.0.0.1:${port}/`);
    expect(problem(r, 'TCP')).toMatchObject({ code: 'NET_CONNECT_REFUSED', status: 'fail' });
    expect(problem(r, 'TCP')!.hint).toMatch(/Nothing listens/);
  });

  it('fails with NET_DNS_FAILED when the name does not resolve', async () => {
    const r = await check('http://nowhere.test/');
    expect(problem(r, 'DNS')).toMatchObject({ code: 'NET_DNS_FAILED', status: 'fail' });
    expect(problem(r, 'DNS')!.hint).toMatch(/does not resolve/);
    expect(resolver.calls).toContain('nowhere.test');
  });

  it('fails with NET_INVALID_URL for a URL with a space, without any lookup', async () => {
    const before = resolver.calls.length;
    const r = await check('http://origin.test/my files/');
    expect(problem(r, 'URL')).toMatchObject({ code: 'NET_INVALID_URL', status: 'fail' });
    expect(resolver.calls.length).toBe(before);
  });

  it('checks every origin of the rule: MirrorURL, MirrorURLSlave and MirrorMultiAlternates', async () => {
    const port = await closedPort();
    const r = await check(`${http.origin}/good/`, {
      mirrorURLSlave: `http://127.0.0.1:${port}/`,
      mirrorMultiAlternates: [{ mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: `${http.origin}/nothing/` }],
    });
    // a refused secondary only warns: OSS switches to the alternate (MirrorSwitchAllErrors: network failures always switch)
    expect(r.origins.map((o) => [o.role, o.verdict])).toEqual([['primary', 'ok'], ['secondary', 'warn'], ['alternate', 'fail']]);
    expect(r.verdict).toBe('fail');
  });

  it('fails the header check when a rule passes a header OSS never passes', async () => {
    const r = await check(`${http.origin}/good/`, { mirrorHeaders: { pass: ['authorization'] } });
    expect(r.checks[0]).toMatchObject({ check: 'HEADERS', status: 'fail', code: 'HEADER_NEVER_PASSED' });
  });

  it('resolves through a DNS server on loopback: a known name is checked, NXDOMAIN fails with NET_DNS_FAILED', async () => {
    const dns = await startDnsServer({ 'origin.test': ['127.0.0.1'] });
    try {
      const viaDns = dnsServerResolver([dns.server], { timeoutMs: 1000 });
      const good = await check(`http://origin.test:${http.port}/good/`, {}, ['a/x.txt'], { resolver: viaDns });
      expect(good.verdict).toBe('ok');
      expect(good.origins[0]!.checks.find((c) => c.check === 'DNS')!.message).toMatch(/^origin\.test resolved to 127\.0\.0\.1 in /);
      const bad = await check('http://missing.test/', {}, ['a/x.txt'], { resolver: viaDns });
      expect(problem(bad, 'DNS')).toMatchObject({ code: 'NET_DNS_FAILED', status: 'fail' });
      expect(dns.queries).toContain('missing.test A');
    } finally {
      await dns.close();
    }
  });

  it('defaults each origin request to OSS\'s 10 s mirror timeout', async () => {
    expect(DEFAULT_ORIGIN_BUDGET_MS).toBe(MIRROR_TIMEOUT_MS);
    expect((await checkRules([], {})).budgetMs).toBe(10_000);
  });
});

describe('rules without sample keys', () => {
  it('only warns when the probed prefix is refused with 403, and says to add sampleKeys', async () => {
    const run = await checkRules([{ ...target(mirrorRule(`${http.origin}/token/`), []), sampleKeys: ['a/'], sampleSource: 'prefix' }], options());
    expect(run.rules[0]!.verdict).toBe('warn');
    expect(run.rules[0]!.problems[0]).toMatchObject({ code: 'STATUS_403', status: 'warn' });
    expect(run.rules[0]!.problems[0]!.hint).toMatch(/sampleKeys/);
  });
});
