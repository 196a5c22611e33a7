// refresh-stale-objects' warm-up mode ({"mode":"warm", bucket, keys | keysFrom, qps?, dryRun?}): an HTTP
// call is queued (202 + run id: a warm-up outlives any HTTP client); an invocation runs one part, then
// queues the next part before the deadline or stores the run's one report.
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { BadRequestError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import type { FcHandlerContext } from '../../shared/fc/handler.ts';
import type { Invoker } from '../../shared/fc/invoker.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import type { OssConnection } from '../../shared/state/oss-connection.ts';
import type { OssInvoker } from '../../shared/oss/ops/common.ts';
import { parseOssLocation } from '../../shared/report/location.ts';
import { newRunId, type Report } from '../../shared/report/model.ts';
import type { StateLocation } from '../../shared/refresh/types.ts';
import { KeyListError, normalizeKeys } from '../../shared/refresh/warm/key-list.ts';
import { isNetError } from '../../shared/net/index.ts';
import { runWarmInvocation } from '../../shared/refresh/warm/invocation.ts';
import { keysOf, saveKeyList } from '../../shared/refresh/warm/run.ts';
import { planWarmShards, recordWarmShard } from '../../shared/refresh/warm/fan-out.ts';
import { parseWarmPayload } from './warm-request.ts';

export interface WarmDeps {
  connection: OssConnection;
  stateFor(bucket: string): StateLocation;
  store(ctx: FcHandlerContext, home: OssInvoker, report: Report): Promise<void>;
  invoker(ctx: FcHandlerContext): Invoker;
  /** OSSEDGE_CONFIG: a warm-up timer without a bucket warms every rule of the file with a `warm:` section. */
  configLocation?: string;
  /** The handler's per-run settings (only `net` is used here: the sitemap fetch). */
  common?(ctx: FcHandlerContext, runId: string): { net: object };
}

/** true for a warm-up request (`mode=warm` in the query or the payload). */
export function isWarm(input: FcInput): boolean {
  if (input.kind === 'http') return input.query.mode === 'warm';
  const p = input.payload as { mode?: unknown } | null;
  return typeof p === 'object' && p !== null && p.mode === 'warm';
}

export function createWarmMode(deps: WarmDeps) {
  // warm GETs are never retried by the client: the run paces, counts and repeats each one itself
  const warmClients = createClientCache(deps.connection, { retry: { maxAttempts: 1 } });

  const queue = (ctx: FcHandlerContext, payload: object, runId: string, part: number, shard?: { index: number; total: number }) =>
    deps.invoker(ctx).invokeAsync(ctx.ossedge.functionName, { mode: 'warm', ...payload, runId, part, ...(shard ? { shard } : {}) }, { invocationId: `warm-${runId}-${shard?.index ?? 'all'}-${part}` });

  /** One queued warm-up per rule of ossedge.yaml with a `warm:` section (each parks or continues on its own). */
  async function fromConfig(ctx: FcHandlerContext, home: OssInvoker) {
    if (!deps.configLocation) throw new BadRequestError('a warm-up timer without a bucket needs OSSEDGE_CONFIG', { code: 'NO_CONFIG' });
    const loaded = await loadConfigFrom({ kind: 'location', location: deps.configLocation }, { client: () => home, env: {}, allowPath: true, requireSecrets: false });
    const runs: string[] = [];
    for (const b of loaded.config.buckets) {
      for (const meta of b.website?.ruleMeta ?? []) {
        const w = meta.warm;
        if (!w) continue;
        const runId = newRunId();
        const payload = { bucket: b.name, ...(w.keys ? { keysFrom: w.keys } : { sitemap: w.sitemap }), ...(w.qps ? { qps: w.qps } : {}), ...(w.window ? { window: w.window } : {}), ...(w.timeZone ? { timeZone: w.timeZone } : {}) };
        await queue(ctx, payload, runId, 0);
        runs.push(runId);
      }
    }
    return { queued: runs.length, runIds: runs };
  }

  return async function handleWarm(input: FcInput, ctx: FcHandlerContext, home: OssInvoker) {
    if (input.kind === 'timer' && (input.payload as { bucket?: unknown }).bucket === undefined) return fromConfig(ctx, home);
    const { req, runId = newRunId(), part = 0, carry, shards, shard } = parseWarmPayload(input);
    if (input.kind === 'http') {
      // over HTTP a list is read only from the warmed bucket or ossedge's state bucket: a caller must not
      // turn another object the function can read into report lines
      const from = req.keysFrom ? parseOssLocation(req.keysFrom).bucket : undefined;
      if (from !== undefined && from !== req.bucket && from !== deps.stateFor(req.bucket).bucket) {
        throw new BadRequestError('keysFrom must be in the warmed bucket or the state bucket', { code: 'BAD_WARM_REQUEST' });
      }
      // an async payload is at most 128 KB: explicit keys travel as a list object in the state folder
      const { keys, ...rest } = req;
      const list = keys ? { keysFrom: await saveKeyList(home, deps.stateFor(req.bucket), runId, normalizeKeys(keys)) } : {};
      await queue(ctx, { ...rest, ...list }, runId, 0);
      return { statusCode: 202, headers: { 'Cache-Control': 'no-store' }, body: { runId, queued: true } };
    }
    const state = deps.stateFor(req.bucket);
    if (shards && !shard) {
      const slices = await planWarmShards(home, state, runId, req, await keysOf(req, { client: home }, [], []), shards);
      for (const [index, slice] of slices.entries()) await queue(ctx, slice, runId, 0, { index, total: slices.length });
      return { runId, shards: slices.length, queued: true };
    }
    warmClients.use(ctx.ossedge.credentials);
    const net = deps.common?.(ctx, runId).net;
    // a list or sitemap that cannot be read is the caller's input problem (4xx with its code), not ours
    const out = await inputProblem(() => runWarmInvocation({ req, runId, part, ...(carry ? { carry } : {}) }, {
      client: home, warmClient: warmClients.home(ctx.region), state, deadline: ctx.ossedge.deadline, ...(net ? { net } : {}),
    }));
    if (out.kind === 'parked') return { runId: out.runId, parked: true, reason: out.reason, ...(out.resumeAt !== undefined ? { resumeAt: out.resumeAt } : {}) };
    if (out.kind === 'continue') {
      await queue(ctx, out.next, out.runId, out.part, shard);
      return { runId: out.runId, part: out.part - 1, queued: true, resumeAt: out.next.startAt };
    }
    if (shard) {
      const merged = await recordWarmShard(home, state, req.bucket, out.runId, shard, out.carry, req.dryRun);
      if (merged) await deps.store(ctx, home, merged);
      return merged ?? { runId: out.runId, shard: shard.index, complete: true };
    }
    await deps.store(ctx, home, out.report);
    return out.report;
  };
}

async function inputProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof KeyListError || isNetError(e)) throw new BadRequestError((e as Error).message, { code: (e as { code: string }).code });
    throw e;
  }
}
