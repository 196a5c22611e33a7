// Report items survive whatever fails after the work: with every DeleteObject failing (emulator faults),
// the copies refreshed are in the report and the temporary objects left are reported; a later run removes
// those leftovers (and nothing else).
import { describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { useRefreshRig } from '../../functions/refresh-stale-objects/support.ts';
import { keysOf, mirrorRules, seedCopy, serve } from './fixture.ts';

const BUCKET = 'no-delete';
const TEMP = '.ossedge-tmp/refresh/';
const keys = Array.from({ length: 12 }, (_, i) => `img/${String(i).padStart(2, '0')}.png`);

const rig = useRefreshRig({
  emulator: { dataPlane: false },
  seed: (emu, origin) => {
    emu.seed.createBucket('reports');
    emu.seed.createBucket(BUCKET, { website: { routingRules: mirrorRules(origin.url) } });
    for (const k of keys) {
      seedCopy(emu, BUCKET, k, `old ${k}`);
      serve(origin, k, { body: `new body of ${k}`, contentMd5: true });
    }
  },
  handler: { reportsLocation: 'oss://reports/runs/', allowPrivate: true, originBudgetMs: 2_000 },
});

const invoke = (payload: unknown) => rig.invoke<Report>(payload);
const temps = () => keysOf(ossClient(rig.emu), BUCKET, TEMP);

/** One run of the whole bucket while every DeleteObject of the emulator fails. */
async function invokeWhileDeletesFail(): Promise<Report> {
  rig.emu.faults.set({ op: 'DeleteObject', errorRate: 1 });
  try {
    return await invoke({ bucket: BUCKET });
  } finally {
    rig.emu.faults.clear();
  }
}

describe('refresh when housekeeping fails', () => {
  it('reports every refreshed copy and every temporary object left when DeleteObject always fails, and a later run removes only old leftovers', async () => {
    const report = await invokeWhileDeletesFail();
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ scanned: 12, refreshed: 12, tempLeft: 12 });
    expect(report.items.filter((i) => i.code === 'STALE_REFRESHED').map((i) => i.target).sort()).toEqual(keys);
    expect(report.items.filter((i) => i.code === 'TEMP_LEFT')).toHaveLength(12);
    for (const k of keys) expect((await rig.emu.seed.readObject(BUCKET, k))?.toString()).toBe(`new body of ${k}`);
    const left = await temps();
    expect(left).toHaveLength(12);

    // an hour later: age all leftovers but one; a user's own object under the prefix is never ours to remove
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const t of left.slice(1)) rig.emu.seed.putObject(BUCKET, t, (await rig.emu.seed.readObject(BUCKET, t))!, { lastModified: hourAgo });
    rig.emu.seed.putObject(BUCKET, `${TEMP}notes.txt`, 'mine', { lastModified: hourAgo });
    const later = await invoke({ bucket: BUCKET });
    expect(later.summary).toMatchObject({ tempCleaned: 11, unchanged: 12, refreshed: 0 });
    expect(later.items).toEqual([expect.objectContaining({ code: 'TEMP_CLEANED', status: 'ok' })]);
    expect(await temps()).toEqual([left[0], `${TEMP}notes.txt`].sort());
  });
  it('still runs while DeleteObject fails on a bucket whose lease has old generations to clean up', async () => {
    // two finished runs: at least two lease generations exist, the oldest is due for deletion by the next winner
    await invoke({ bucket: BUCKET });
    await invoke({ bucket: BUCKET });
    const report = await invokeWhileDeletesFail();
    expect(report.errors).toEqual([]);
    expect(report.items.map((i) => i.code)).not.toContain('BUCKET_BUSY');
    expect(report.summary).toMatchObject({ unchanged: 12, failed: 0 });
  });
});
