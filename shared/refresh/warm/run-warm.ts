// refresh-stale-objects' warm-up mode ({"mode":"warm", bucket, keys | keysFrom, qps?, dryRun?}): an HTTP
// call is queued (202 + run id: a warm-up outlives any HTTP client); an invocation runs one part, then
// queues the next part before the deadline or stores the run's one report.
import { newRunId } from '../../report/model.ts';
import { RefreshRequestError } from '../errors.ts';
import type { RefreshInput, RunContext } from '../run-context.ts';
import { KeyListError, normalizeKeys } from './key-list.ts';
import { isNetError } from '../../net/index.ts';
import { runWarmInvocation } from './invocation.ts';
import { keysOf, saveKeyList } from './run.ts';
import { planWarmShards, recordWarmShard } from './fan-out.ts';
import { parseWarmPayload } from './request.ts';
import { httpListProblem } from './http-list.ts';
import { busyResult, enterWarmLease, leaveWarmLease, WARM_LEASE_GAP_MS } from './run-lease.ts';
import { warmReport } from './report.ts';
import type { LeaseRecord } from '../../state/lease.ts';
import type { Report } from '../../report/model.ts';

export interface WarmModeOptions {
  input: RefreshInput;
  run: RunContext;
}

/** true for a warm-up request (`mode=warm` in the query or the payload). */
export function isWarm(input: RefreshInput): boolean {
  if (input.kind === 'http') return input.query.mode === 'warm';
  const p = input.payload as { mode?: unknown } | null;
  return typeof p === 'object' && p !== null && p.mode === 'warm';
}

const queue = (run: RunContext, payload: object, runId: string, part: number, shard?: { index: number; total: number }) =>
  run.queue({ mode: 'warm', ...payload, runId, part, ...(shard ? { shard } : {}) }, `warm-${runId}-${shard?.index ?? 'all'}-${part}`);

/** One queued warm-up per rule of ossedge.yaml with a `warm:` section (each parks or continues on its own). */
async function fromConfig(run: RunContext) {
  if (!run.config) throw new RefreshRequestError('NO_CONFIG', 'a warm-up timer without a bucket needs OSSEDGE_CONFIG');
  const config = await run.config();
  const runs: string[] = [];
  for (const b of config.buckets) {
    for (const meta of b.website?.ruleMeta ?? []) {
      const w = meta.warm;
      if (!w) continue;
      const runId = newRunId();
      const payload = { bucket: b.name, ...(w.keys ? { keysFrom: w.keys } : { sitemap: w.sitemap }), ...(w.qps ? { qps: w.qps } : {}), ...(w.window ? { window: w.window } : {}), ...(w.timeZone ? { timeZone: w.timeZone } : {}) };
      await queue(run, payload, runId, 0);
      runs.push(runId);
    }
  }
  return { queued: runs.length, runIds: runs };
}

export async function runWarm({ input, run }: WarmModeOptions): Promise<object> {
  if (input.kind === 'timer' && (input.payload as { bucket?: unknown }).bucket === undefined) return fromConfig(run);
  const { req, runId = newRunId(), part = 0, carry, shards, shard } = parseWarmPayload(input);
  const { home } = run;
  if (input.kind === 'http') {
    // a caller must not turn another object the function can read into report lines and origin paths
    const problem = req.keysFrom !== undefined ? httpListProblem(req.keysFrom, run.stateFor(req.bucket)) : undefined;
    if (problem) throw new RefreshRequestError('BAD_WARM_REQUEST', problem);
    // an async payload is at most 128 KB: explicit keys travel as a list object in the state folder
    const { keys, ...rest } = req;
    const list = keys ? { keysFrom: await saveKeyList(home, run.stateFor(req.bucket), runId, normalizeKeys(keys)) } : {};
    await queue(run, { ...rest, ...list }, runId, 0);
    return { runId, queued: true };
  }
  const state = run.stateFor(req.bucket);
  const { net, deadline } = run.common(runId);
  const enter = (id: string) => enterWarmLease(home, state, { bucket: req.bucket, runId: id, owner: run.owner, until: deadline + WARM_LEASE_GAP_MS });
  const leave = (id: string) => leaveWarmLease(home, state, req.bucket, id);
  if (shards && !shard) {
    // the coordinator takes the run's lease before any shard starts: the shards join it, other runs wait
    const entry = await enter(runId);
    if (!entry.held) return storeBusy(run, req.bucket, runId, req.dryRun, entry.holder);
    const slices = await planWarmShards(home, state, runId, req, await keysOf(req, { client: home }, [], []), shards);
    for (const [index, slice] of slices.entries()) await queue(run, slice, runId, 0, { index, total: slices.length });
    return { runId, shards: slices.length, queued: true };
  }
  // a shard never ends the lease its siblings share: the one that merges the report does
  const lease = { enter, leave: shard ? async () => undefined : leave };
  // a list or sitemap that cannot be read is the caller's input problem (4xx with its code), not ours
  const out = await inputProblem(() => runWarmInvocation({ req, runId, part, ...(carry ? { carry } : {}) }, {
    client: home, warmClient: run.warmClient(), state, deadline, net, lease,
  }));
  if (out.kind === 'parked') return { runId: out.runId, parked: true, reason: out.reason, ...(out.resumeAt !== undefined ? { resumeAt: out.resumeAt } : {}) };
  if (out.kind === 'continue') {
    await queue(run, out.next, out.runId, out.part, shard);
    return { runId: out.runId, part: out.part - 1, queued: true, resumeAt: out.next.startAt };
  }
  if (shard) {
    const merged = await recordWarmShard(home, state, req.bucket, out.runId, shard, out.carry, req.dryRun);
    if (merged) {
      await leave(out.runId).catch(() => undefined); // else it expires WARM_LEASE_GAP_MS after the last shard's deadline
      await run.store(merged);
    }
    return merged ?? { runId: out.runId, shard: shard.index, complete: true };
  }
  await run.store(out.report);
  return out.report;
}

/** A run that found the bucket held by another warm-up: its report says so, nothing was warmed. */
async function storeBusy(run: RunContext, bucket: string, runId: string, dryRun: boolean, holder: LeaseRecord | undefined): Promise<Report> {
  const report = warmReport([busyResult(bucket, holder)], { runId, dryRun, parts: 1 });
  await run.store(report);
  return report;
}

async function inputProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KeyListError || isNetError(e)) throw new RefreshRequestError((e as { code: string }).code, (e as Error).message);
    throw e;
  }
}
