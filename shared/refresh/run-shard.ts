// One shard of a fan-out: it scans its key range until the deadline, then either queues its own
// continuation (the checkpoint is stored) or records its result; the shard that completes the set (claimed
// by create-if-absent) merges all of them into the run's one report. The function runs each shard
// invocation once (`shardOnce` says where its marker goes): FC's retries and redeliveries do no work twice.
import { refreshInvocationsFolder } from '../state/keys.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { writeJson } from '../state/oss-json.ts';
import { RefreshRequestError } from './errors.ts';
import { rangeId } from './keys.ts';
import { refreshReport } from './report.ts';
import { shardInvocationId, shardPayload, type ShardRequest } from './request.ts';
import type { RunContext } from './run-context.ts';
import { refreshBucket } from './run.ts';
import { claimAggregate, mergeShards, readPlan, recordedShard, recordShard } from './shards.ts';
import type { RefreshCounters } from './types.ts';

/** How long an invocation's idempotency marker holds (FC retries an async invocation within it). */
export const SHARD_ONCE_TTL_MS = 20 * 60_000;
/** Report items a merged report keeps, unless the limits say otherwise. */
const DEFAULT_MAX_ITEMS = 200;

export interface ShardOptions {
  req: ShardRequest;
  run: RunContext;
}

export interface ShardOutcome {
  shard: number;
  complete: boolean;
  counters?: RefreshCounters;
}

/** Where a shard invocation's idempotency marker goes: `invocations/` of its state folder, through its state client. */
export interface ShardOnce {
  client: OssInvoker;
  bucket: string;
  prefix: string;
  ttlMs: number;
}

async function shardClients({ req, run }: ShardOptions) {
  const clients = run.scanClients();
  clients.learn(req.range.bucket, req.region);
  return clients.of(req.range.bucket);
}

export async function shardOnce(options: ShardOptions): Promise<ShardOnce> {
  const state = options.run.stateFor(options.req.range.bucket);
  const { stateClient } = await shardClients(options);
  return { client: stateClient, bucket: state.bucket, prefix: refreshInvocationsFolder(state.prefix), ttlMs: SHARD_ONCE_TTL_MS };
}

export async function runShard(options: ShardOptions): Promise<ShardOutcome> {
  const { req, run } = options;
  const bucket = req.range.bucket;
  const state = run.stateFor(bucket);
  const { client, stateClient } = await shardClients(options);
  const common = run.common(req.runId);
  const plan = await readPlan(stateClient, state, req.runId);
  if (!plan) throw new RefreshRequestError('NO_PLAN', `no plan for run ${req.runId}`);
  // FC's retry of a shard that recorded its result and then failed (its report not stored): the range is
  // done, and scanning it again would ask the origin for every object a second time
  const recorded = await recordedShard(stateClient, state, req.runId, req.index);
  const result = recorded ?? await refreshBucket({
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
  if (all && (await claimAggregate(stateClient, state, req.runId, run.invocationId))) {
    const merged = mergeShards(bucket, all, common.limits?.maxItems ?? DEFAULT_MAX_ITEMS);
    const report = refreshReport([merged], { runId: req.runId, dryRun: req.dryRun, strategy: req.strategy, shards: req.total });
    await writeJson(stateClient, state.bucket, `${state.prefix}runs/${req.runId}/report.json`, report);
    run.store(report);
  }
  return { shard: req.index, complete: true, counters: result.counters };
}
