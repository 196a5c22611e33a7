// One shard of a fan-out, run once per invocation id: it scans its key range until the deadline, then either
// queues its own continuation (the checkpoint is stored) or records its result; the shard that completes
// the set (claimed by create-if-absent) merges all of them into the run's one report.
import { runOnce } from '../state/idempotency.ts';
import { writeJson } from '../state/oss-json.ts';
import { RefreshRequestError } from './errors.ts';
import { rangeId } from './keys.ts';
import { refreshReport } from './report.ts';
import { shardInvocationId, shardPayload, type ShardRequest } from './request.ts';
import type { RunContext } from './run-context.ts';
import { refreshBucket } from './run.ts';
import { claimAggregate, mergeShards, readPlan, recordShard } from './shards.ts';
import type { RefreshCounters } from './types.ts';

/** How long an invocation's idempotency marker holds (FC retries an async invocation within it). */
const ONCE_TTL_MS = 20 * 60_000;
/** Report items a merged report keeps, unless the limits say otherwise. */
const DEFAULT_MAX_ITEMS = 200;

export interface ShardOptions {
  req: ShardRequest;
  run: RunContext;
}

export type ShardOutcome =
  | { shard: number; complete: boolean; counters?: RefreshCounters }
  | { repeated: true; reason: string; shard?: number; complete?: boolean; counters?: RefreshCounters };

export async function runShard({ req, run }: ShardOptions): Promise<ShardOutcome> {
  const bucket = req.range.bucket;
  const state = run.stateFor(bucket);
  const clients = run.scanClients();
  clients.learn(bucket, req.region);
  const { client, stateClient } = await clients.of(bucket);
  const common = run.common(req.runId);
  const once = await runOnce(stateClient, {
    bucket: state.bucket, prefix: `${state.prefix}invocations/`, invocationId: run.invocationId, owner: run.owner, ttlMs: ONCE_TTL_MS,
  }, async () => {
    const plan = await readPlan(stateClient, state, req.runId);
    if (!plan) throw new RefreshRequestError('NO_PLAN', `no plan for run ${req.runId}`);
    const result = await refreshBucket({
      client, stateClient, state, bucket, ranges: [req.range], strategy: req.strategy, dryRun: req.dryRun,
      leaseName: `${bucket}~${rangeId(req.range)}`, generation: req.runId, ...common,
    });
    if (!result.complete) {
      // out of time: the checkpoint is stored; a continuation invocation resumes this shard
      const next = { ...req, region: client.region, part: req.part + 1 };
      await run.queue(shardPayload(next), shardInvocationId(next));
      return { shard: req.index, complete: false };
    }
    const all = await recordShard(stateClient, state, req.runId, req.index, result, req.total);
    if (all && (await claimAggregate(stateClient, state, req.runId))) {
      const merged = mergeShards(bucket, all, common.limits?.maxItems ?? DEFAULT_MAX_ITEMS);
      const report = refreshReport([merged], { runId: req.runId, dryRun: req.dryRun, strategy: req.strategy, shards: req.total });
      await writeJson(stateClient, state.bucket, `${state.prefix}runs/${req.runId}/report.json`, report);
      await run.store(report);
    }
    return { shard: req.index, complete: true, counters: result.counters };
  });
  return once.ran ? once.value : { ...(once.reason === 'done' ? once.value : {}), repeated: true, reason: once.reason };
}
