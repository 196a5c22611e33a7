// apply-config republishes the dashboard after each stored run (through its FC handler, against the emulator).
import { beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { getObject } from '../../../shared/oss/ops/object.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const REPORTS = 'oss://d-reports/r/';
const CONFIG = "version: 1\nbuckets:\n  d-site:\n    cors:\n      rules: [{allowedOrigin: ['https://d.example.com'], allowedMethod: [GET]}]\n";

function handlerWith(extra: Partial<Parameters<typeof createApplyConfigHandler>[0]> = {}, lines: string[] = []) {
  const h = createApplyConfigHandler({
    env: {},
    reportsLocation: REPORTS,
    connection: { endpoint: emu().endpoint, region: emu().region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: emu().accessKeyId, accessKeySecret: emu().accessKeySecret }) },
    backoffMs: 1,
    write: (line) => lines.push(line),
    ...extra,
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `t-${Math.random().toString(16).slice(2)}`, region: 'cn-hangzhou', function: { name: 'apply-config', timeout: 60 } }) as Promise<any>;
}

async function text(bucket: string, key: string): Promise<string> {
  const res = await getObject(ossClient(emu()), { bucket, key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('apply-config dashboard', () => {
  beforeAll(() => {
    for (const b of ['d-reports', 'd-site', 'd-pages']) emu().seed.createBucket(b);
  });

  it('does publish the dashboard with each run\'s id when the report is stored', async () => {
    const first = await handlerWith()({ command: 'apply', configText: CONFIG });
    expect(first).toMatchObject({ ok: true, function: 'apply-config' });
    const page1 = await text('d-reports', 'r/dashboard/index.html');
    expect(page1).toContain(first.runId);
    const second = await handlerWith()({ command: 'plan', configText: CONFIG });
    expect(second.runId).not.toBe(first.runId);
    const page2 = await text('d-reports', 'r/dashboard/index.html');
    // the latest-runs table now names the second run; the apply/drift history lists both
    expect(page2).toContain(second.runId);
    expect(page2).toContain(first.runId);
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'apply-config'))?.runId).toBe(second.runId);
  });

  it('does publish to dashboardLocation (OSSEDGE_DASHBOARD) when it is set', async () => {
    const run = await handlerWith({ dashboardLocation: 'oss://d-pages/ops/' })({ command: 'plan', configText: CONFIG });
    expect(await text('d-pages', 'ops/index.html')).toContain(run.runId);
  });

  it('does keep the run and its stored report when the dashboard cannot be written, and logs a warning', async () => {
    const lines: string[] = [];
    const run = await handlerWith({ dashboardLocation: 'oss://d-missing-bucket/x/' }, lines)({ command: 'plan', configText: CONFIG });
    expect(run.function).toBe('apply-config');
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'apply-config'))?.runId).toBe(run.runId);
    const warn = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'dashboard not published');
    expect(warn).toMatchObject({ level: 'warn', code: 'NoSuchBucket' });
  });
});
