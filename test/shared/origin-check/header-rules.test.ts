// Header rules against what OSS can pass, and the FAQ's 403 → 424 case (Host passed to an OSS origin),
// statically and as the verdict of a 403 from an origin that answers like OSS. External redirect
// targets get the reachability checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerRulesOutcome, rulePassesHost } from '../../../shared/origin-check/header-rules.ts';
import { checkRules } from '../../../shared/origin-check/run.ts';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { fixedResolver } from '../../helpers/dns.ts';
import { type TestServer, loopbackOnlyDialer, startServer } from '../net/servers.ts';
import { mirrorRule, object, router, target } from './rig.ts';

const OSS_ORIGIN = 'https://origin-bucket.oss-cn-hangzhou.aliyuncs.com/';

describe('header rules (no network)', () => {
  it('fails HOST_PASSED_TO_OSS when passAll sends the bucket\'s Host to an OSS origin', () => {
    const rule = mirrorRule(OSS_ORIGIN, { mirrorHeaders: { passAll: true } });
    expect(rulePassesHost(rule)).toBe(true);
    const o = headerRulesOutcome(rule, [OSS_ORIGIN]);
    expect(o).toMatchObject({ status: 'fail', code: 'HOST_PASSED_TO_OSS' });
    expect(o.message).toContain('passes the bucket\'s Host header to an OSS origin');
    expect(o.hint).toMatch(/mirrorHeaders\.remove/);
  });

  it('is ok when passAll removes host, or the origin is not OSS', () => {
    expect(headerRulesOutcome(mirrorRule(OSS_ORIGIN, { mirrorHeaders: { passAll: true, remove: ['Host'] } }), [OSS_ORIGIN]).status).toBe('ok');
    expect(headerRulesOutcome(mirrorRule('https://www.example.org/', { mirrorHeaders: { passAll: true } }), ['https://www.example.org/']).status).toBe('ok');
  });

  it('warns PASS_ALL_PRIVATE_OSS when passAll goes to a private OSS origin reached with mirrorAuth', () => {
    const rule = mirrorRule(OSS_ORIGIN, { mirrorHeaders: { passAll: true, remove: ['host'] }, mirrorAuth: { authType: 'S3V4', accessKeyId: 'id', accessKeySecret: '${env:OSSEDGE_SECRET_ORIGIN}' } });
    const o = headerRulesOutcome(rule, [OSS_ORIGIN]);
    expect(o).toMatchObject({ status: 'warn', code: 'PASS_ALL_PRIVATE_OSS' });
    expect(JSON.stringify(o)).not.toContain('${env:OSSEDGE_SECRET_ORIGIN}');
  });

  it('fails HEADER_NEVER_PASSED for x-oss-* or Range in pass/set, and warns for hop-by-hop headers', () => {
    expect(headerRulesOutcome(mirrorRule('http://o.test/', { mirrorHeaders: { set: [{ key: 'x-oss-meta-a', value: '1' }] } }), [])).toMatchObject({ status: 'fail', code: 'HEADER_NEVER_PASSED' });
    expect(headerRulesOutcome(mirrorRule('http://o.test/', { mirrorHeaders: { pass: ['Range'] } }), [])).toMatchObject({ status: 'fail', code: 'HEADER_NEVER_PASSED' });
    expect(headerRulesOutcome(mirrorRule('http://o.test/', { mirrorHeaders: { pass: ['connection'] } }), [])).toMatchObject({ status: 'warn', code: 'HEADER_HOP_BY_HOP' });
  });
});

describe('checks over loopback', () => {
  let server: TestServer;
  const resolver = fixedResolver({ 'site.test': '127.0.0.1' });
  beforeAll(async () => {
    server = await startServer(router({
      // answers like OSS: 403 with x-oss-request-id and Server: AliyunOSS
      oss: (_req, res) => res.writeHead(403, { 'x-oss-request-id': 'RID', server: 'AliyunOSS', 'content-length': '0' }).end(),
      pages: (_req, res) => object(res),
    }));
  });
  afterAll(() => server.close());

  it('explains a 403 from an OSS-like origin as the Host header the rule passes', async () => {
    const run = await checkRules([target(mirrorRule(`${server.origin}/oss/`, { mirrorHeaders: { passAll: true } }), ['a/x.txt'])], { allowPrivate: true, dialer: loopbackOnlyDialer(), budgetMs: 3000 });
    const get = run.rules[0]!.problems.find((p) => p.check === 'GET')!;
    expect(get).toMatchObject({ code: 'STATUS_403_HOST_PASSED', status: 'fail' });
    expect(get.message).toBe('GET a/x.txt: origin answered 403: the rule passes the bucket\'s Host header to an OSS origin');
  });

  it('gives an External redirect target the reachability checks (no Content-MD5 or encoding checks)', async () => {
    const rule: RoutingRule = {
      ruleNumber: 1,
      condition: { keyPrefixEquals: 'pages/', httpErrorCodeReturnedEquals: 404 },
      redirect: { redirectType: 'External', protocol: 'http', hostName: `site.test:${server.port}`, passQueryString: false },
    };
    const dialer = loopbackOnlyDialer();
    const run = await checkRules([target(rule, ['pages/a.html'])], { allowPrivate: true, resolver, dialer, budgetMs: 3000 });
    const o = run.rules[0]!.origins[0]!;
    expect(o).toMatchObject({ kind: 'external', role: 'redirect', verdict: 'ok', baseUrl: `http://site.test:${server.port}/` });
    expect(o.checks.map((c) => c.check)).toEqual(['URL', 'DNS', 'ADDRESS', 'TCP', 'HEAD', 'GET']);
    expect(server.requests).toContain('GET /pages/a.html');
    expect(dialer.refused).toEqual([]);
  });
});
