// refresh-stale-objects through its FC handler in the local runner: a run answers and stores its report,
// skips a bucket another run holds, fans out over shards (whose merged report FC's retry stores when the
// first store failed), and does a redelivered shard's work once.
import { describe, expect, it } from 'vitest';
import { OssEmulatorError } from '../../../local/oss-emulator/index.ts';
import { readJson } from '../../../shared/state/oss-json.ts';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { keysOf, mirrorRules, seedCopy, serve } from '../../shared/refresh/fixture.ts';
import { useRefreshRig } from './support.ts';

const DIRS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const keys = DIRS.flatMap((d) => Array.from({ length: 6 }, (_, i) => `${d}/${i}.txt`));
const isStale = (k: string) => k.endsWith('/2.txt') || k === 'h/5.txt';
const STATE_PREFIX = 'runs/_state/refresh-stale-objects/';

/** While set, the emulator refuses the next write of a run report (`runs/refresh-stale-objects/<runId>.json`). */
let refuseNextRunReport = false;
const isRunReport = (key: string) => /^runs\/refresh-stale-objects\/\d{8}T\d{6}Z-[0-9a-f]+\.json$/.test(key);

const rig = useRefreshRig({
  emulator: {
    dataPlane: {
      beforeObjectWrite: async ({ bucket, key }) => {
        if (!refuseNextRunReport || bucket !== 'reports' || !isRunReport(key)) return;
        refuseNextRunReport = false;
        throw new OssEmulatorError(403, 'AccessDenied', 'refused once by the test', '0003-00000001');
      },
    },
  },
  seed: (emu, origin) => {
    emu.seed.createBucket('reports');
    for (const bucket of ['one', 'fan', 'again', 'retry']) {
      emu.seed.createBucket(bucket, { website: { routingRules: mirrorRules(origin.url) } });
      for (const k of keys) seedCopy(emu, bucket, k, isStale(k) ? `old ${k}` : `body of ${k}`);
    }
    for (const k of keys) serve(origin, k, { body: `body of ${k}`, contentMd5: true });
  },
  handler: { reportsLocation: 'oss://reports/runs/', allowPrivate: true, originBudgetMs: 2_000, pageSize: 5 },
});

const invoke = rig.invoke;
const contents = async (bucket: string) => Object.fromEntries(await Promise.all(keys.map(async (k) => [k, (await rig.emu.seed.readObject(bucket, k))?.toString()])));

describe('refresh-stale-objects handler', () => {
  it('refreshes the stale copies of a bucket and answers and stores the report', async () => {
    const report = (await invoke({ bucket: 'one' })) as Report;
    expect(report.function).toBe('refresh-stale-objects');
    expect(report.summary).toMatchObject({ scanned: keys.length, stale: 9, refreshed: 9, unchanged: keys.length - 9, failed: 0, gone: 0, incomplete: 0 });
    expect(report.ok).toBe(true);
    expect(report.items.filter((i) => i.code === 'STALE_REFRESHED').map((i) => i.target).sort()).toEqual(keys.filter(isStale).sort());
    const latest = await readJson<Report>(ossClient(rig.emu), 'reports', 'runs/refresh-stale-objects/latest.json');
    expect(latest?.runId).toBe(report.runId);
    for (const [k, v] of Object.entries(await contents('one'))) expect(v).toBe(`body of ${k}`);
  });

  it('skips a bucket another run holds, with zero writes, and says who holds it', async () => {
    const { acquireLease } = await import('../../../shared/state/lease.ts');
    const held = await acquireLease(ossClient(rig.emu), { bucket: 'reports', prefix: `${STATE_PREFIX}leases/retry/`, owner: 'other-run', ttlMs: 60_000 });
    expect(held.acquired).toBe(true);
    const before = rig.emu.requestLog().filter((e) => e.bucket === 'retry').length;
    try {
      const report = (await invoke({ bucket: 'retry' })) as Report;
      expect(report.items).toEqual([expect.objectContaining({ code: 'BUCKET_BUSY', status: 'warn' })]);
      expect(report.summary).toMatchObject({ scanned: 0, incomplete: 1 });
      expect(rig.emu.requestLog().filter((e) => e.bucket === 'retry').length).toBe(before);
    } finally {
      if (held.acquired) await held.lease.release();
    }
  });

  it('gives the same result fanned out over 4 shards through the FC runner as one run', async () => {
    const queued = await invoke({ bucket: 'fan', shards: 4 });
    expect(queued).toMatchObject({ queued: true, shards: 4 });
    await rig.runner.idle(30_000);
    const report = await readJson<Report>(ossClient(rig.emu), 'reports', `${STATE_PREFIX}runs/${queued.runId}/report.json`);
    expect(report?.summary).toMatchObject({ shards: 4, scanned: keys.length, stale: 9, refreshed: 9, unchanged: keys.length - 9, failed: 0, incomplete: 0 });
    expect(await contents('fan')).toEqual(await contents('one'));
    expect(await keysOf(ossClient(rig.emu), 'fan')).toEqual([...keys].sort());
  });

  it('stores a fan-out\'s merged report through FC\'s retry of the shard whose first store failed', async () => {
    refuseNextRunReport = true;
    const queued = await invoke({ bucket: 'again', shards: 2 });
    await rig.runner.idle(30_000);
    expect(refuseNextRunReport).toBe(false);
    const shards = rig.runner.invocations().filter((r) => r.statefulId?.startsWith(`refresh-${queued.runId}-`));
    expect(shards.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    // the shard that completed the set failed once (its report not stored) and succeeded on FC's retry
    expect(shards.map((r) => r.attempts).sort()).toEqual([1, 2]);
    const stored = await readJson<Report>(ossClient(rig.emu), 'reports', `runs/refresh-stale-objects/${queued.runId}.json`);
    expect(stored?.summary).toMatchObject({ shards: 2, scanned: keys.length, stale: 9, refreshed: 9, failed: 0 });
    expect((await readJson<Report>(ossClient(rig.emu), 'reports', 'runs/refresh-stale-objects/latest.json'))?.runId).toBe(queued.runId);
    expect(await contents('again')).toEqual(await contents('one'));
  });

  it('does no work twice when a shard invocation is delivered again', async () => {
    const plan = { command: 'refresh-shard', runId: '20260101T000000Z-abcdef', index: 0, total: 1, range: { bucket: 'retry', prefix: '' }, strategy: 'refetch', dryRun: false, invocationId: 'refresh-test-retry-0' };
    // the shard needs its run's plan, as a coordinator stores it
    const { savePlan } = await import('../../../shared/refresh/shards.ts');
    await savePlan(ossClient(rig.emu), { bucket: 'reports', prefix: STATE_PREFIX }, { runId: plan.runId, bucket: 'retry', ranges: [plan.range], createdAt: new Date().toISOString() });
    rig.origin.requests.length = 0;
    const first = await invoke(plan);
    expect(first).toMatchObject({ shard: 0, complete: true, counters: { refreshed: 9 } });
    const requests = rig.origin.requests.length;
    const writes = rig.emu.requestLog().filter((e) => e.bucket === 'retry' && e.op !== 'ListObjectsV2' && e.op !== 'HeadObject').length;
    const again = await invoke(plan);
    expect(again).toMatchObject({ repeated: true, reason: 'done', shard: 0 });
    expect(rig.origin.requests.length).toBe(requests);
    expect(rig.emu.requestLog().filter((e) => e.bucket === 'retry' && e.op !== 'ListObjectsV2' && e.op !== 'HeadObject').length).toBe(writes);
  });
});
