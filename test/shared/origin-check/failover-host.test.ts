// validate-mirror-origin reads failover and Host the way OSS does (decision rows M-FAILOVER-*, M-HOST-*):
// a 403 primary fails the rule unless mirrorSwitchAllErrors lets OSS switch, and then the secondary decides;
// a rule that passes the bucket's Host fails when the origin answers that Host differently; passAll with a
// role fails. Origins are loopback listeners; the dialer refuses anything else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../../shared/origin-check/run.ts';
import type { OriginCheckOptions, RuleResult } from '../../../shared/origin-check/types.ts';
import type { RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import { type TestServer, loopbackOnlyDialer, startServer } from '../net/servers.ts';
import { mirrorRule, object, router, target } from './rig.ts';

let server: TestServer;
let ownHost = '';

beforeAll(async () => {
  server = await startServer(router({
    good: (_req, res) => object(res),
    forbidden: (_req, res) => res.writeHead(403, { 'content-length': '0' }).end(),
    broken: (_req, res) => res.writeHead(502, { 'content-length': '0' }).end(),
    // a virtual host: only its own name gets the object
    vhost: (req, res) => (req.headers.host === ownHost ? object(res) : res.writeHead(403, { 'content-length': '0' }).end()),
  }));
  ownHost = new URL(server.origin).host;
});
afterAll(() => server.close());

function options(extra: OriginCheckOptions = {}): OriginCheckOptions {
  return { allowPrivate: true, dialer: loopbackOnlyDialer(), budgetMs: 3000, ...extra };
}

async function check(primary: string, redirect: Partial<RoutingRuleRedirect> = {}, extra: OriginCheckOptions = {}): Promise<RuleResult> {
  const run = await checkRules([target(mirrorRule(`${server.origin}/${primary}/`, redirect), ['a/x.txt'])], options(extra));
  return run.rules[0]!;
}

describe('failover verdicts (mirrorSwitchAllErrors)', () => {
  it('fails a 403 primary with a good secondary when mirrorSwitchAllErrors is false, and says the secondary is never asked', async () => {
    const r = await check('forbidden', { mirrorURLSlave: `${server.origin}/good/` });
    expect(r.verdict).toBe('fail');
    expect(r.origins.map((o) => [o.role, o.verdict])).toEqual([['primary', 'fail'], ['secondary', 'ok']]);
    const get = r.problems.find((p) => p.role === 'primary' && p.check === 'GET')!;
    expect(get).toMatchObject({ status: 'fail', code: 'STATUS_403' });
    expect(get.message).toContain('does not switch to the secondary origin on 403');
    expect(get.hint).toContain('mirrorSwitchAllErrors: true');
  });

  it('gives the secondary\'s verdict for a 403 primary when mirrorSwitchAllErrors is true (the primary only warns)', async () => {
    const good = await check('forbidden', { mirrorURLSlave: `${server.origin}/good/`, mirrorSwitchAllErrors: true });
    expect(good.origins.map((o) => [o.role, o.verdict])).toEqual([['primary', 'warn'], ['secondary', 'ok']]);
    expect(good.verdict).toBe('warn');
    expect(good.problems.every((p) => p.status === 'warn')).toBe(true);
    const bad = await check('forbidden', { mirrorURLSlave: `${server.origin}/nothing/`, mirrorSwitchAllErrors: true });
    expect(bad.origins.map((o) => [o.role, o.verdict])).toEqual([['primary', 'warn'], ['secondary', 'fail']]);
    expect(bad.verdict).toBe('fail');
  });

  it('lets a 5xx primary switch with the default mirrorSwitchAllErrors', async () => {
    const r = await check('broken', { mirrorURLSlave: `${server.origin}/good/` });
    expect(r.origins.map((o) => [o.role, o.verdict])).toEqual([['primary', 'warn'], ['secondary', 'ok']]);
    expect(r.problems.find((p) => p.check === 'GET')?.message).toContain('OSS switches to the secondary origin');
  });
});

describe('Host passed to the origin', () => {
  const bucketHost = () => 'bkt.oss-cn-hangzhou.aliyuncs.com';

  it('fails HOST_ROUTED with the remove-host hint when passAll sends the bucket\'s Host to a virtual-hosted origin', async () => {
    const r = await check('vhost', { mirrorHeaders: { passAll: true } }, { bucketHost });
    expect(r.verdict).toBe('fail');
    const host = r.problems.find((p) => p.check === 'HOST')!;
    expect(host).toMatchObject({ status: 'fail', code: 'HOST_ROUTED' });
    expect(host.message).toContain('403 with Host bkt.oss-cn-hangzhou.aliyuncs.com');
    expect(host.hint).toContain('Add "host" to mirrorHeaders.remove');
  });

  it('asks with the origin\'s own Host only when the rule removes host, and the virtual host passes', async () => {
    const r = await check('vhost', { mirrorHeaders: { passAll: true, remove: ['host'] } }, { bucketHost });
    expect(r.verdict).toBe('ok');
    expect(r.origins[0]!.checks.map((c) => c.check)).not.toContain('HOST');
  });

  it('is ok (HOST_IGNORED) when the origin answers the bucket\'s Host the same as its own', async () => {
    const r = await check('good', { mirrorHeaders: { passAll: true } }, { bucketHost });
    expect(r.origins[0]!.checks.find((c) => c.check === 'HOST')).toMatchObject({ status: 'ok', code: 'HOST_IGNORED' });
    expect(r.verdict).toBe('ok');
  });
});

describe('passAll with a role', () => {
  it('fails PASS_ALL_WITH_ROLE (the guide: back-to-origin with a role fails when all headers are passed)', async () => {
    const r = await check('good', { mirrorHeaders: { passAll: true, remove: ['host'] }, mirrorUsingRole: true, mirrorRole: 'AliyunOSSMirrorDefaultRole' });
    expect(r.checks[0]).toMatchObject({ check: 'HEADERS', status: 'fail', code: 'PASS_ALL_WITH_ROLE' });
    expect(r.verdict).toBe('fail');
  });
});
