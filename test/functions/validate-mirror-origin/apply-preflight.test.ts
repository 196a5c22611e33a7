// apply-config's pre-flight seam backed by the origin checks: a new mirror rule whose origin fails is
// refused (zero writes to that bucket, the report names the failing check) and applied with force: true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { createApplyPreflight } from '../../../shared/origin-check/apply-preflight.ts';
import { getBucketWebsite } from '../../../shared/oss/ops/website.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { type CountingDialer, type TestServer, closedPort, loopbackOnlyDialer, startServer } from '../../shared/net/servers.ts';
import { object, router } from '../../shared/origin-check/rig.ts';

let emu: EmulatorHandle;
let origin: TestServer;
let deadPort: number;
const dialers: CountingDialer[] = [];

beforeAll(async () => {
  emu = await startEmulator();
  origin = await startServer(router({ files: (_req, res) => object(res) }));
  deadPort = await closedPort();
  for (const b of ['pf-reports', 'pf-dead', 'pf-good', 'pf-forced']) emu.seed.createBucket(b);
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
  for (const d of dialers) expect(d.refused).toEqual([]);
});

function apply(text: string) {
  const dialer = loopbackOnlyDialer();
  dialers.push(dialer);
  const handler = createApplyConfigHandler({
    env: {},
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    fallbackCredentials: staticCredentials({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, ...(emu.securityToken ? { securityToken: emu.securityToken } : {}) }),
    reportsLocation: 'oss://pf-reports/r/',
    preflight: createApplyPreflight({ allowPrivate: true, dialer, budgetMs: 3000 }),
    maxAttempts: 1,
    write: () => {},
  });
  const context = { requestId: `req-${Math.random().toString(36).slice(2)}`, function: { name: 'apply-config', handler: 'index.handler', memory: 512, timeout: 300 }, region: emu.region, accountId: 'local' };
  return handler(Buffer.from(JSON.stringify({ command: 'apply', configText: text, filename: 'ossedge.yaml', source: 'cli' })), context) as Promise<any>;
}

const config = (bucket: string, url: string, force = false) => `version: 1
buckets:
  ${bucket}:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${url}'}
          sampleKeys: [a/x.txt]
${force ? '          force: true\n' : ''}`;

const websiteWrites = (bucket: string) => emu.requestLog().filter((e) => e.bucket === bucket && e.op.includes('Website') && e.method !== 'GET');

describe('apply-config with the origin pre-flight', () => {
  it('refuses a new mirror rule whose origin fails: zero website writes, the report names the failing check', async () => {
    const report = await apply(config('pf-dead', `http://127.0.0.1:${deadPort}/`));
    expect(report.ok).toBe(false);
    expect(websiteWrites('pf-dead')).toEqual([]);
    await expect(getBucketWebsite(ossClient(emu), { bucket: 'pf-dead' })).rejects.toMatchObject({ code: 'NoSuchWebsiteConfiguration' });
    const item = report.items.find((i: any) => i.code === 'PREFLIGHT_RESULT');
    expect(item).toMatchObject({ bucket: 'pf-dead', status: 'fail' });
    expect(item.message).toContain('ORIGIN_TCP');
    expect(item.message).toContain('NET_CONNECT_REFUSED');
  });

  it('applies a new mirror rule whose origin passes', async () => {
    const report = await apply(config('pf-good', `${origin.origin}/files/`));
    expect(report.ok, JSON.stringify(report.items)).toBe(true);
    const website = await getBucketWebsite(ossClient(emu), { bucket: 'pf-good' });
    expect(website.routingRules?.[0]?.redirect.mirrorURL).toBe(`${origin.origin}/files/`);
    expect(report.items.find((i: any) => i.code === 'PREFLIGHT_RESULT')).toMatchObject({ status: 'ok' });
  });

  it('applies the failing rule when it says force: true, and the report still names the failed check', async () => {
    const report = await apply(config('pf-forced', `http://127.0.0.1:${deadPort}/`, true));
    const website = await getBucketWebsite(ossClient(emu), { bucket: 'pf-forced' });
    expect(website.routingRules?.[0]?.redirect.mirrorURL).toBe(`http://127.0.0.1:${deadPort}/`);
    expect(websiteWrites('pf-forced').length).toBeGreaterThan(0);
    const item = report.items.find((i: any) => i.code === 'PREFLIGHT_RESULT');
    expect(item).toMatchObject({ status: 'warn' });
    expect(item.message).toContain('ORIGIN_TCP');
    expect(item.message).toContain('applied anyway');
  });
});
