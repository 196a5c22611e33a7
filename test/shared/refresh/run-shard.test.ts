// A shard that runs out of function time checkpoints and queues its own continuation; the fan-out still
// visits every object exactly once and aggregates one report.
import { describe, expect, it } from 'vitest';
import { readJson } from '../../../shared/state/oss-json.ts';
import type { Report } from '../../../shared/report/model.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { OssEmulatorError } from '../../../local/oss-emulator/index.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { useRefreshRig } from '../../functions/refresh-stale-objects/support.ts';
import { md5, mirrorRules, seedCopy } from './fixture.ts';

const keys = ['a', 'b'].flatMap((d) => Array.from({ length: 15 }, (_, i) => `${d}/${String(i).padStart(2, '0')}`));
const isStale = (k: string) => k.endsWith('3');

const rig = useRefreshRig({
  emulator: { dataPlane: false },
  seed: (emu, origin) => {
    emu.seed.createBucket('reports');
    emu.seed.createBucket('slow', { website: { routingRules: mirrorRules(origin.url) } });
    for (const k of keys) {
      seedCopy(emu, 'slow', k, isStale(k) ? `was ${k}` : `now ${k}`);
      // every origin answer takes 200 ms: a 2 s function gets through a part of its shard per invocation
      // HEAD announces the object's size as a real origin does (a HEAD saying 0 bytes contradicts any GET)
      const size = { 'content-length': String(Buffer.byteLength(`now ${k}`)) };
      origin.route(`/${k}`, (req) => ({ delayMs: 200, status: 200, headers: { 'content-md5': md5(`now ${k}`).toString('base64'), ...(req.method === 'HEAD' ? size : {}) }, body: req.method === 'HEAD' ? '' : `now ${k}` }));
    }
  },
  handler: { reportsLocation: 'oss://reports/runs/', allowPrivate: true, limits: { concurrency: 1 }, pageSize: 4 },
  timeout: 2,
  retryDelaysMs: [10],
});

describe('refresh-stale-objects shard continuation', () => {
  it('resumes a shard stopped by its deadline in a continuation invocation and visits every object once', async () => {
    const queued = (await rig.invoke({ bucket: 'slow', shards: 2 })) as { runId: string; shards: number };
    expect(queued.shards).toBe(2);
    await rig.runner.idle(60_000);
    const report = await readJson<Report>(ossClient(rig.emu), 'reports', `runs/_state/refresh-stale-objects/runs/${queued.runId}/report.json`);
    expect(report?.summary).toMatchObject({ shards: 2, scanned: keys.length, stale: 4, refreshed: 4, unchanged: keys.length - 4, failed: 0 });
    const heads = rig.origin.requests.filter((r) => r.method === 'HEAD').map((r) => r.url);
    expect(heads.length).toBe(keys.length);
    expect(new Set(heads).size).toBe(keys.length);
    const parts = rig.runner.invocations().filter((r) => r.kind !== 'sync');
    expect(parts.length).toBeGreaterThan(2); // 2 shards and their continuations
    for (const k of keys) expect((await rig.emu.seed.readObject('slow', k))?.toString()).toBe(`now ${k}`);
  }, 90_000);
});

describe('refresh-stale-objects shard retried after its run report could not be stored', () => {
  const shardKeys = ['a', 'b'].flatMap((d) => Array.from({ length: 3 }, (_, i) => `${d}/${i}`));
  /** Run reports the emulator refuses while > 0 (each refusal counts down): the aggregating shard fails, FC retries it. */
  let refuse = 0;
  const retried = useRefreshRig({
    emulator: {
      dataPlane: {
        beforeObjectWrite: async ({ bucket, key }) => {
          if (refuse > 0 && bucket === 'retry-reports' && key.startsWith('runs/refresh-stale-objects/')) {
            refuse -= 1;
            throw new OssEmulatorError(403, 'AccessDenied', 'refused by the test', '0003-00000001');
          }
        },
      },
    },
    seed: (emu, origin) => {
      emu.seed.createBucket('retry-reports');
      emu.seed.createBucket('retry-site', { website: { routingRules: mirrorRules(origin.url) } });
      for (const k of shardKeys) {
        seedCopy(emu, 'retry-site', k, k.endsWith('1') ? `was ${k}` : `now ${k}`);
        const size = { 'content-length': String(Buffer.byteLength(`now ${k}`)) };
        origin.route(`/${k}`, (req) => ({ status: 200, headers: { 'content-md5': md5(`now ${k}`).toString('base64'), ...(req.method === 'HEAD' ? size : {}) }, body: req.method === 'HEAD' ? '' : `now ${k}` }));
      }
    },
    handler: { reportsLocation: 'oss://retry-reports/runs/', allowPrivate: true, pageSize: 2 },
    retryDelaysMs: [10, 10],
  });

  it('stores the first attempt\'s counts once and does not scan its range again', async () => {
    refuse = 1;
    const queued = (await retried.invoke({ bucket: 'retry-site', shards: 2 })) as { runId: string; shards: number };
    await retried.runner.idle(60_000);
    expect(refuse).toBe(0); // the store was refused once: the aggregating shard failed and was retried
    const stored = await readLatestReport(ossClient(retried.emu), 'oss://retry-reports/runs/', 'refresh-stale-objects');
    expect(stored?.runId).toBe(queued.runId);
    expect(stored?.summary).toMatchObject({ shards: 2, scanned: shardKeys.length, stale: 2, refreshed: 2, failed: 0 });
    // the retry found its shard's result recorded: no origin request, no copy written a second time
    const heads = retried.origin.requests.filter((r) => r.method === 'HEAD').map((r) => r.url);
    expect(heads).toHaveLength(shardKeys.length);
    expect(retried.origin.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    for (const k of shardKeys) expect((await retried.emu.seed.readObject('retry-site', k))?.toString()).toBe(`now ${k}`);
  }, 90_000);
});
