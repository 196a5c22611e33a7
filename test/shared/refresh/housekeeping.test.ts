// Report items survive whatever fails after the work: with every DeleteObject failing (emulator faults),
// the copies refreshed are in the report and the temporary objects left are reported; a later run removes
// those leftovers (and nothing else).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefreshHandler } from '../../../functions/refresh-stale-objects/handler.ts';
import { startRunner, type Runner } from '../../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { keysOf, mirrorRules, seedCopy, serve } from './fixture.ts';

const BUCKET = 'no-delete';
const TEMP = '.ossedge-tmp/refresh/';
const keys = Array.from({ length: 12 }, (_, i) => `img/${String(i).padStart(2, '0')}.png`);

let emu: EmulatorHandle;
let origin: OriginServer;
let runner: Runner;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  origin = await startOrigin();
  emu.seed.createBucket('reports');
  emu.seed.createBucket(BUCKET, { website: { routingRules: mirrorRules(origin.url) } });
  for (const k of keys) {
    seedCopy(emu, BUCKET, k, `old ${k}`);
    serve(origin, k, { body: `new body of ${k}`, contentMd5: true });
  }
  const handler = createRefreshHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    reportsLocation: 'oss://reports/runs/', allowPrivate: true, originBudgetMs: 2_000, write: () => {},
  });
  const k = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  runner = await startRunner({ functions: [{ name: 'refresh-stale-objects', handler, timeout: 60, triggers: [] }], fcKeys: k, roleCredentials: k, region: emu.region, timers: false, retryDelaysMs: [10, 10] });
});
afterAll(async () => {
  await runner?.close();
  await origin?.close();
  await emu?.close();
});

const invoke = async (payload: unknown) => (await runner.invoke('refresh-stale-objects', Buffer.from(JSON.stringify(payload)))) as Report;
const temps = () => keysOf(ossClient(emu), BUCKET, TEMP);

describe('refresh when housekeeping fails', () => {
  it('reports every refreshed copy and every temporary object left when DeleteObject always fails, and a later run removes only old leftovers', async () => {
    emu.faults.set({ op: 'DeleteObject', errorRate: 1 });
    let report: Report;
    try {
      report = await invoke({ bucket: BUCKET });
    } finally {
      emu.faults.clear();
    }
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ scanned: 12, refreshed: 12, tempLeft: 12 });
    expect(report.items.filter((i) => i.code === 'STALE_REFRESHED').map((i) => i.target).sort()).toEqual(keys);
    expect(report.items.filter((i) => i.code === 'TEMP_LEFT')).toHaveLength(12);
    for (const k of keys) expect((await emu.seed.readObject(BUCKET, k))?.toString()).toBe(`new body of ${k}`);
    const left = await temps();
    expect(left).toHaveLength(12);

    // an hour later: age all leftovers but one; a user's own object under the prefix is never ours to remove
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const t of left.slice(1)) emu.seed.putObject(BUCKET, t, (await emu.seed.readObject(BUCKET, t))!, { lastModified: hourAgo });
    emu.seed.putObject(BUCKET, `${TEMP}notes.txt`, 'mine', { lastModified: hourAgo });
    const later = await invoke({ bucket: BUCKET });
    expect(later.summary).toMatchObject({ tempCleaned: 11, unchanged: 12, refreshed: 0 });
    expect(later.items).toEqual([expect.objectContaining({ code: 'TEMP_CLEANED', status: 'ok' })]);
    expect(await temps()).toEqual([left[0], `${TEMP}notes.txt`].sort());
  });
  it('still runs while DeleteObject fails on a bucket whose lease has old generations to clean up', async () => {
    // two finished runs: at least two lease generations exist, the oldest is due for deletion by the next winner
    await invoke({ bucket: BUCKET });
    await invoke({ bucket: BUCKET });
    emu.faults.set({ op: 'DeleteObject', errorRate: 1 });
    let report: Report;
    try {
      report = await invoke({ bucket: BUCKET });
    } finally {
      emu.faults.clear();
    }
    expect(report.errors).toEqual([]);
    expect(report.items.map((i) => i.code)).not.toContain('BUCKET_BUSY');
    expect(report.summary).toMatchObject({ unchanged: 12, failed: 0 });
  });
});
