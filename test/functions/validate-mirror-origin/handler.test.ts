// The validate-mirror-origin handler against the OSS emulator and loopback origins: rules from the
// file (in OSS or inline) and live (GetBucketWebsite), every trigger kind, the report stored in OSS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidateOriginsHandler, type ValidateOriginsOptions } from '../../../functions/validate-mirror-origin/handler.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { putBucketWebsite } from '../../../shared/oss/ops/website.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { type CountingDialer, type TestServer, closedPort, loopbackOnlyDialer, startServer } from '../../shared/net/servers.ts';
import { object, router } from '../../shared/origin-check/rig.ts';

let emu: EmulatorHandle;
let origin: TestServer;
let deadPort: number;
const REPORTS = 'oss://vmo-reports/runs/';

const configText = () => `version: 1
buckets:
  vmo-site:
    website:
      routingRules:
        - condition: {keyPrefixEquals: good/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${origin.origin}/files/', mirrorCheckMd5: true}
          sampleKeys: [good/a.txt]
        - condition: {keyPrefixEquals: dead/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: 'http://127.0.0.1:${deadPort}/'}
`;

beforeAll(async () => {
  emu = await startEmulator();
  origin = await startServer(router({ files: (_req, res) => object(res) }));
  deadPort = await closedPort();
  for (const b of ['vmo-reports', 'vmo-site', 'vmo-live', 'vmo-config']) emu.seed.createBucket(b);
  emu.seed.putObject('vmo-config', 'ossedge.yaml', configText());
  emu.seed.putObject('vmo-live', 'assets/listed.txt', 'a mirrored copy');
  await putBucketWebsite(ossClient(emu), {
    bucket: 'vmo-live',
    config: { routingRules: [{ ruleNumber: 1, condition: { keyPrefixEquals: 'assets/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: `${origin.origin}/files/` } }] },
  });
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

function handlerWith(extra: Partial<ValidateOriginsOptions> = {}, dialer: CountingDialer = loopbackOnlyDialer()) {
  return createValidateOriginsHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    fallbackCredentials: staticCredentials({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, ...(emu.securityToken ? { securityToken: emu.securityToken } : {}) }),
    reportsLocation: REPORTS,
    allowPrivate: true,
    check: { dialer, budgetMs: 3000 },
    write: () => {},
    ...extra,
  });
}

const context = () => ({ requestId: `req-${Math.random().toString(36).slice(2)}`, function: { name: 'validate-mirror-origin', handler: 'index.handler', memory: 512, timeout: 300 }, region: emu.region, accountId: 'local' });
const invoke = async (h: ReturnType<typeof handlerWith>, event: unknown) => (await h(Buffer.from(JSON.stringify(event)), context())) as Report & { statusCode?: number; body?: string };

describe('validate-mirror-origin handler', () => {
  it('checks every rule of the inline config, fails the run for the dead origin and stores the report', async () => {
    const report = await invoke(handlerWith(), { configText: configText(), filename: 'ossedge.yaml' });
    expect(report.function).toBe('validate-mirror-origin');
    expect(report.ok).toBe(false);
    expect(report.summary).toMatchObject({ rules: 2, rulesOk: 1, rulesFail: 1, buckets: 1, origins: 2 });
    const rules = report.items.filter((i) => i.code.startsWith('MIRROR_RULE_'));
    expect(rules.map((i) => [i.target, i.status])).toEqual([
      ['buckets.vmo-site.website.routingRules[0]', 'ok'],
      ['buckets.vmo-site.website.routingRules[1]', 'fail'],
    ]);
    const tcp = report.items.find((i) => i.code === 'ORIGIN_TCP')!;
    expect(tcp).toMatchObject({ status: 'fail', bucket: 'vmo-site' });
    expect(tcp.hint).toMatch(/Nothing listens/);
    const data = rules[0]!.data as { origins: Array<{ checks: Array<{ check: string; startedAt: string; finishedAt: string }> }> };
    for (const c of data.origins[0]!.checks) expect(Date.parse(c.finishedAt)).toBeGreaterThanOrEqual(Date.parse(c.startedAt));
    const stored = await readLatestReport(ossClient(emu), REPORTS, 'validate-mirror-origin');
    expect(stored?.runId).toBe(report.runId);
  });

  it('reads the config from OSSEDGE_CONFIG on a timer and filters by bucket', async () => {
    const h = handlerWith({ configLocation: 'oss://vmo-config/ossedge.yaml' });
    const report = await invoke(h, { triggerTime: new Date().toISOString(), triggerName: 'hourly', payload: '{"source":"timer","bucket":["vmo-site"]}' });
    expect(report.summary).toMatchObject({ rules: 2, buckets: 1 });
  });

  it('checks live rules of a bucket the file does not name, with sample keys listed under the prefix', async () => {
    const report = await invoke(handlerWith(), { bucket: ['vmo-live'] });
    expect(report.ok).toBe(true);
    const rule = report.items.find((i) => i.code === 'MIRROR_RULE_OK')!;
    expect(rule.target).toBe('live:vmo-live/routingRules[1]');
    expect(rule.data).toMatchObject({ source: 'live', sampleKeys: ['assets/listed.txt'], sampleSource: 'listed' });
    expect(origin.requests).toContain('GET /files/assets/listed.txt');
  });

  it('reads live buckets (named or listed) through an explicit endpoint, with no GetBucketLocation', async () => {
    const h = handlerWith({ connection: { endpoint: emu.endpoint, internal: false } });
    emu.resetLog();
    const named = await invoke(h, { bucket: ['vmo-live'] });
    expect(named.summary).toMatchObject({ rules: 1, buckets: 1 });
    expect(emu.requestLog().filter((e) => e.op === 'GetBucketWebsite').map((e) => e.bucket)).toEqual(['vmo-live']);
    emu.resetLog();
    const all = await invoke(h, {});
    const ops = emu.requestLog();
    expect(ops.filter((e) => e.op === 'ListBuckets')).toHaveLength(1);
    expect(ops.filter((e) => e.op === 'GetBucketWebsite').map((e) => e.bucket)).toEqual(expect.arrayContaining(['vmo-live', 'vmo-site', 'vmo-reports']));
    expect(all.items.filter((i) => i.code.startsWith('MIRROR_RULE_')).map((i) => i.target)).toContain('live:vmo-live/routingRules[1]');
    expect(ops.filter((e) => e.op === 'GetBucketLocation')).toEqual([]);
  });

  it('answers the HTTP trigger with the report for ?bucket=', async () => {
    const res = await invoke(handlerWith(), {
      version: 'v1', rawPath: '/', body: '', isBase64Encoded: false, headers: {}, queryParameters: { bucket: 'vmo-live' },
      requestContext: { http: { method: 'GET', path: '/' } },
    });
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body!) as Report;
    expect(body).toMatchObject({ function: 'validate-mirror-origin', ok: true, summary: { rules: 1 } });
  });

  it('fails the run when its report cannot be stored (HTTP 500 with no internals; an async run throws so FC retries it)', async () => {
    const h = handlerWith({ reportsLocation: 'oss://vmo-no-such-reports-bucket/runs/' });
    const res = await invoke(h, {
      version: 'v1', rawPath: '/', body: '', isBase64Encoded: false, headers: {}, queryParameters: { bucket: 'vmo-live' },
      requestContext: { http: { method: 'GET', path: '/' } },
    });
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body!).error.code).toBe('INTERNAL');
    await expect(invoke(h, { bucket: 'vmo-live' })).rejects.toMatchObject({ name: 'InternalError' });
  });

  it('refuses loopback origins without allowPrivate and never connects to them', async () => {
    const dialer = loopbackOnlyDialer();
    const before = origin.connections();
    const report = await invoke(handlerWith({ allowPrivate: false }, dialer), { configText: configText() });
    expect(report.ok).toBe(false);
    expect(report.items.filter((i) => i.code === 'ORIGIN_ADDRESS').length).toBe(2);
    expect(dialer.attempts).toEqual([]);
    expect(origin.connections()).toBe(before);
  });

  it('answers 400 with the field path for an invalid config, before any check', async () => {
    const res = await invoke(handlerWith(), { configText: 'version: 1\nbuckets:\n  vmo-site:\n    website:\n      routingRules:\n        - condition: {keyPrefixEquals: x/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: "http://a.test/no-slash"}\n' }) as unknown as { error: { code: string; message: string } };
    expect(res.error.code).toBe('CONFIG_INVALID');
    expect(res.error.message).toContain('buckets.vmo-site.website.routingRules[0].redirect.mirrorURL');
  });
});

describe('secrets', () => {
  it('never puts a live rule\'s mirror auth secret in the report', async () => {
    emu.seed.createBucket('vmo-secret');
    await putBucketWebsite(ossClient(emu), {
      bucket: 'vmo-secret',
      config: { routingRules: [{ ruleNumber: 1, condition: { keyPrefixEquals: 'p/', httpErrorCodeReturnedEquals: 404 }, redirect: {
        redirectType: 'Mirror', mirrorURL: `${origin.origin}/files/`, mirrorAuth: { authType: 'S3V4', region: 'us-east-1', accessKeyId: 'AKIDORIGIN', accessKeySecret: 'origin-secret-value-42' },
        mirrorHeaders: { pass: ['x-oss-meta-a'] },
      } }] },
    });
    const report = await invoke(handlerWith(), { bucket: 'vmo-secret' });
    expect(report.summary).toMatchObject({ rules: 1 });
    expect(report.items.find((i) => i.code === 'ORIGIN_HEADERS')).toMatchObject({ status: 'fail', target: 'live:vmo-secret/routingRules[1]' });
    expect(JSON.stringify(report)).not.toContain('origin-secret-value-42');
  });
});
