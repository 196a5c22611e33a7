// refresh-stale-objects stores each run's report through the common reportStore middleware: it republishes
// the dashboard (at OSSEDGE_DASHBOARD when set), fails the run when the report cannot be stored, only warns
// when the dashboard cannot be published, and sweeps reports past OSSEDGE_REPORT_RETENTION_DAYS
// (through its FC handler, against the emulator and a loopback origin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshHandlerOptions } from '../../../functions/refresh-stale-objects/handler.ts';
import type { Report } from '../../../shared/report/model.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { OssEmulatorError } from '../../../local/oss-emulator/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { refreshHandlerIn } from './support.ts';
import { mirrorRules, seedCopy, serve } from '../../shared/refresh/fixture.ts';

/** Run reports (`r/refresh-stale-objects/...`) the emulator refuses to store while set. */
let refuseReports = false;
const emu = useEmulator({
  dataPlane: {
    beforeObjectWrite: async ({ bucket, key }) => {
      if (refuseReports && bucket === 'rd-reports' && key.startsWith('r/refresh-stale-objects/')) throw new OssEmulatorError(403, 'AccessDenied', 'refused by the test', '0003-00000001');
    },
  },
});
const DAY = 24 * 3600_000;
const REPORTS = 'oss://rd-reports/r/';
let origin: OriginServer;

beforeAll(async () => {
  origin = await startOrigin();
  for (const b of ['rd-reports', 'rd-pages']) emu().seed.createBucket(b);
  emu().seed.createBucket('rd-site', { website: { routingRules: mirrorRules(origin.url) } });
  seedCopy(emu(), 'rd-site', 'a.txt', 'old a');
  serve(origin, 'a.txt', { body: 'new a', contentMd5: true });
});
afterAll(async () => {
  await origin?.close();
});

const handlerWith = (extra: Partial<RefreshHandlerOptions> = {}) =>
  refreshHandlerIn(emu(), { reportsLocation: REPORTS, allowPrivate: true, originBudgetMs: 2_000, ...extra }) as (payload: unknown) => Promise<Report>;
const logged = (lines: string[], msg: string) => lines.map((l) => JSON.parse(l)).filter((l) => l.msg === msg);

async function text(bucket: string, key: string): Promise<string | undefined> {
  return (await emu().seed.readObject(bucket, key))?.toString('utf8');
}

describe('refresh-stale-objects reports', () => {
  it('does publish to dashboardLocation (OSSEDGE_DASHBOARD) and not under <reports>dashboard/ when it is set', async () => {
    const run = await handlerWith({ dashboardLocation: 'oss://rd-pages/ops/' })({ bucket: 'rd-site', dryRun: true });
    expect(run).toMatchObject({ function: 'refresh-stale-objects', ok: true });
    expect(run.summary).toMatchObject({ scanned: 1, stale: 1 });
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'refresh-stale-objects'))?.runId).toBe(run.runId);
    const page = await text('rd-pages', 'ops/index.html');
    expect(page).toContain('ossedge dashboard');
    expect(page).toContain(run.runId);
    expect(await text('rd-reports', 'r/dashboard/index.html')).toBeUndefined();
  });

  it('does publish under <reports>dashboard/ when no dashboardLocation is set', async () => {
    const run = await handlerWith()({ bucket: 'rd-site', dryRun: true });
    expect(await text('rd-reports', 'r/dashboard/index.html')).toContain(run.runId);
  });

  it('fails the run when its report cannot be stored (FC retries an async run; the CLI exits 1), saying why in the log', async () => {
    const lines: string[] = [];
    refuseReports = true;
    try {
      await expect(handlerWith({ write: (l) => lines.push(l) })({ bucket: 'rd-site', dryRun: true })).rejects.toMatchObject({ name: 'InternalError' });
    } finally {
      refuseReports = false;
    }
    expect(logged(lines, 'request failed')[0]?.error.code).toBe('AccessDenied');
    // the run itself was done and then only its store failed: the next run answers and stores as usual
    const run = await handlerWith({ write: (l) => lines.push(l) })({ bucket: 'rd-site', dryRun: true });
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'refresh-stale-objects'))?.runId).toBe(run.runId);
  });

  it('answers and stores the run when only the dashboard cannot be published, with a warning', async () => {
    const lines: string[] = [];
    const run = await handlerWith({ dashboardLocation: 'oss://rd-no-such-pages/ops/', write: (l) => lines.push(l) })({ bucket: 'rd-site', dryRun: true });
    expect(run).toMatchObject({ function: 'refresh-stale-objects', ok: true });
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'refresh-stale-objects'))?.runId).toBe(run.runId);
    expect(logged(lines, 'dashboard not published')).toEqual([expect.objectContaining({ level: 'warn', code: 'NoSuchBucket' })]);
  });

  it('sweeps its own reports older than OSSEDGE_REPORT_RETENTION_DAYS after storing a run; latest.json and recent runs stay', async () => {
    const old = 'r/refresh-stale-objects/20200101T000000Z-aaaaaa.json';
    const recent = 'r/refresh-stale-objects/20200102T000000Z-bbbbbb.json';
    emu().seed.putObject('rd-reports', old, '{}', { lastModified: Date.now() - 40 * DAY });
    emu().seed.putObject('rd-reports', recent, '{}', { lastModified: Date.now() - 10 * DAY });
    const run = await handlerWith({ retentionDays: 30 })({ bucket: 'rd-site', dryRun: true });
    expect(await emu().seed.readObject('rd-reports', old)).toBeUndefined();
    expect(await emu().seed.readObject('rd-reports', recent)).toBeDefined();
    expect(await emu().seed.readObject('rd-reports', `r/refresh-stale-objects/${run.runId}.json`)).toBeDefined();
    expect((await readLatestReport(ossClient(emu()), REPORTS, 'refresh-stale-objects'))?.runId).toBe(run.runId);
  });
});
