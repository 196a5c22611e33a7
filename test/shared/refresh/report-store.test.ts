// refresh-stale-objects republishes the dashboard after each stored run, at OSSEDGE_DASHBOARD when it is set
// (through its FC handler, against the emulator and a loopback origin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RefreshHandlerOptions } from '../../../functions/refresh-stale-objects/handler.ts';
import type { Report } from '../../../shared/report/model.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { refreshHandlerIn } from '../../functions/refresh-stale-objects/support.ts';
import { mirrorRules, seedCopy, serve } from './fixture.ts';

const emu = useEmulator({ dataPlane: false });
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

async function text(bucket: string, key: string): Promise<string | undefined> {
  return (await emu().seed.readObject(bucket, key))?.toString('utf8');
}

describe('refresh-stale-objects dashboard', () => {
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
});
