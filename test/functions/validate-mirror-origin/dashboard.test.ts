// validate-mirror-origin republishes the dashboard after each stored run (FC handler, emulator, loopback origin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createValidateOriginsHandler, type ValidateOriginsOptions } from '../../../functions/validate-mirror-origin/handler.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { getObject } from '../../../shared/oss/ops/object.ts';
import type { Report } from '../../../shared/report/model.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { type TestServer, loopbackOnlyDialer, startServer } from '../../shared/net/servers.ts';
import { object, router } from '../../shared/origin-check/rig.ts';

let emu: EmulatorHandle;
let origin: TestServer;
const REPORTS = 'oss://vd-reports/runs/';

const configText = () => `version: 1
buckets:
  vd-site:
    website:
      routingRules:
        - condition: {keyPrefixEquals: good/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${origin.origin}/files/'}
          sampleKeys: [good/a.txt]
`;

beforeAll(async () => {
  emu = await startEmulator();
  origin = await startServer(router({ files: (_req, res) => object(res) }));
  for (const b of ['vd-reports', 'vd-site', 'vd-pages']) emu.seed.createBucket(b);
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

function handlerWith(extra: Partial<ValidateOriginsOptions> = {}, lines: string[] = []) {
  return createValidateOriginsHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    fallbackCredentials: staticCredentials({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, ...(emu.securityToken ? { securityToken: emu.securityToken } : {}) }),
    reportsLocation: REPORTS,
    allowPrivate: true,
    check: { dialer: loopbackOnlyDialer(), budgetMs: 3000 },
    write: (line) => lines.push(line),
    ...extra,
  });
}

const context = () => ({ requestId: `req-${Math.random().toString(36).slice(2)}`, function: { name: 'validate-mirror-origin', handler: 'index.handler', memory: 512, timeout: 300 }, region: emu.region, accountId: 'local' });
const invoke = async (h: ReturnType<typeof handlerWith>) => (await h(Buffer.from(JSON.stringify({ configText: configText() })), context())) as Report;

async function text(bucket: string, key: string): Promise<string> {
  const res = await getObject(ossClient(emu), { bucket, key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('validate-mirror-origin dashboard', () => {
  it('does publish the dashboard with the run id and the rule\'s origin health when the report is stored', async () => {
    const first = await invoke(handlerWith());
    expect(first).toMatchObject({ function: 'validate-mirror-origin', ok: true });
    expect(await text('vd-reports', 'runs/dashboard/index.html')).toContain(first.runId);
    const second = await invoke(handlerWith());
    expect(second.runId).not.toBe(first.runId);
    const page = await text('vd-reports', 'runs/dashboard/index.html');
    // the origin-health section comes from the second run now (both runs stay in the run history)
    const origins = page.slice(page.indexOf('id="origins"'), page.indexOf('</section>', page.indexOf('id="origins"')));
    expect(origins).toContain(second.runId);
    expect(origins).not.toContain(first.runId);
    expect(page).toContain('id="origins"');
    expect(page).toContain('vd-site');
  });

  it('does publish to dashboardLocation (OSSEDGE_DASHBOARD) when it is set', async () => {
    const run = await invoke(handlerWith({ dashboardLocation: 'oss://vd-pages/ops/' }));
    expect(await text('vd-pages', 'ops/index.html')).toContain(run.runId);
  });

  it('does keep the run and its stored report when the dashboard cannot be written, and logs a warning', async () => {
    const lines: string[] = [];
    const run = await invoke(handlerWith({ dashboardLocation: 'oss://vd-missing-bucket/x/' }, lines));
    expect(run.function).toBe('validate-mirror-origin');
    expect((await readLatestReport(ossClient(emu), REPORTS, 'validate-mirror-origin'))?.runId).toBe(run.runId);
    const warn = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'dashboard not published');
    expect(warn).toMatchObject({ level: 'warn', code: 'NoSuchBucket' });
  });
});
