import { BadRequestError, FcHttpError } from '../../shared/fc/errors.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { invokerFromContext, type Invoker } from '../../shared/fc/invoker.ts';
import { runOnce } from '../../shared/state/idempotency.ts';
import type { OssConnection } from '../../shared/state/oss-connection.ts';
import type { OriginSessionOptions } from '../../shared/net/index.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import type { OssInvoker } from '../../shared/oss/ops/common.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { ossFolder } from '../../shared/report/location.ts';
import { newRunId, type Report } from '../../shared/report/model.ts';
import { storeReportAndDashboard } from '../../shared/report/html-publish.ts';
import { writeJson } from '../../shared/state/oss-json.ts';
import { REFRESH_FUNCTION, refreshReport } from '../../shared/refresh/report.ts';
import { refreshBucket, type BucketResult } from '../../shared/refresh/run.ts';
import { claimAggregate, mergeShards, planShards, readPlan, recordShard, savePlan } from '../../shared/refresh/shards.ts';
import { rangeId } from '../../shared/refresh/keys.ts';
import type { RefreshLimits, StateLocation } from '../../shared/refresh/types.ts';
import { bucketClients, createClientCache, type BucketClients } from '../../shared/state/oss-clients.ts';
import type { OssedgeConfig } from '../../shared/config/index.ts';
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { runWarm, isWarm } from '../../shared/refresh/warm/run-warm.ts';
import { runOnDemand, isNamed } from '../../shared/refresh/run-on-demand.ts';
import { METHOD_NOT_ALLOWED, RefreshRequestError } from '../../shared/refresh/errors.ts';
import type { RunContext } from '../../shared/refresh/run-context.ts';
import { parseRequest, SHARD_COMMAND, type RunRequest, type ShardRequest } from '../../shared/refresh/request.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';

const ONCE_TTL_MS = 20 * 60_000;
/** With OSSEDGE_REPORTS, state lives under `<reports prefix>` + this folder (also read by `ossedge lease`). */
export const STATE_FOLDER = '_state/refresh-stale-objects/';
/** Without OSSEDGE_REPORTS, state lives in the scanned bucket under this prefix (never scanned). */
export const IN_BUCKET_STATE_PREFIX = '.ossedge-state/refresh/';

export interface RefreshHandlerOptions {
  connection: OssConnection;
  fallbackCredentials?: CredentialsProvider;
  /** OSSEDGE_CONFIG: timer runs without a bucket refresh every bucket of the file with Mirror rules. */
  configLocation?: string;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`; state (manifest, checkpoints, leases) goes under `<prefix>_state/`. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: where the dashboard's index.html goes (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: a run with failures is notified once. */
  notify?: NotifyTarget;
  allowPrivate?: boolean;
  /** Fan-out: how a coordinator queues shards (default: the FC invoker from the context, at `fcEndpoint`). */
  invoker?: (ctx: FcHandlerContext) => Invoker;
  fcEndpoint?: string;
  limits?: RefreshLimits;
  /** Test seams: resolver, dialer, CAs (allowPrivate comes from the option above). */
  net?: Omit<OriginSessionOptions, 'allowPrivate'>;
  originBudgetMs?: number;
  pageSize?: number;
  write?: (line: string) => void;
}

/** refresh-stale-objects' FC handler: HTTP, timer and direct invoke run (or fan out) a refresh and answer the report. */
export function createRefreshHandler(options: RefreshHandlerOptions) {
  const clients = createClientCache(options.connection);

  const stateFor = (bucket: string): StateLocation => {
    if (!options.reportsLocation) return { bucket, prefix: IN_BUCKET_STATE_PREFIX };
    const f = ossFolder(options.reportsLocation);
    return { bucket: f.bucket, prefix: `${f.key}${STATE_FOLDER}` };
  };
  const common = (ctx: FcHandlerContext, runId: string) => ({
    runId, owner: ctx.ossedge.requestId, deadline: ctx.ossedge.deadline,
    net: { ...options.net, allowPrivate: options.allowPrivate === true },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.originBudgetMs ? { originBudgetMs: options.originBudgetMs } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  });
  const store = async (ctx: FcHandlerContext, home: OssInvoker, report: Report) => {
    if (!options.reportsLocation) return;
    try {
      // the dashboard's refresh history follows each stored run; a dashboard failure is only logged
      const stored = await storeReportAndDashboard(home, options.reportsLocation, report, { ...(options.dashboardLocation ? { dashboard: options.dashboardLocation } : {}), ...(options.notify ? { notify: options.notify } : {}) });
      if (stored.dashboardError) ctx.ossedge.log.warn('dashboard not published', { message: stored.dashboardError.message });
    } catch (err) {
      ctx.ossedge.log.error('report not stored', { code: (err as { code?: string }).code, message: (err as Error).message });
    }
  };
  /**
   * Each bucket is read at its own region's endpoint (the file's region, else where OSS says it is), like
   * the other functions; state kept in the scanned bucket goes through that bucket's client too.
   */
  const placement = (ctx: FcHandlerContext, home: OssInvoker, config?: OssedgeConfig) =>
    bucketClients(clients, { ...(config ? { config } : {}), ...(ctx.region ? { fallbackRegion: ctx.region } : {}), lookup: home });
  const clientsOf = async (perBucket: BucketClients, bucket: string, home: OssInvoker) => {
    const client = await perBucket.clientFor(bucket);
    return { client, stateClient: options.reportsLocation ? home : client };
  };
  const invoker = (ctx: FcHandlerContext) => (options.invoker ? options.invoker(ctx) : invokerFromContext(ctx, options.fcEndpoint ? { endpoint: options.fcEndpoint } : {}));

  /** Named buckets use their live rules; a timer run without names takes ossedge.yaml's buckets and rules. */
  async function bucketsOf(req: RunRequest, home: OssInvoker, timer: boolean): Promise<{ buckets: Array<{ name: string; rules?: RoutingRule[] }>; config?: OssedgeConfig }> {
    if (req.buckets?.length) return { buckets: req.buckets.map((name) => ({ name })) };
    if (!timer || !options.configLocation) throw new BadRequestError('name a bucket (bucket=...)', { code: 'NO_BUCKET' });
    const loaded = await loadConfigFrom({ kind: 'location', location: options.configLocation }, { client: () => home, env: {}, allowPath: true, requireSecrets: false });
    clients.admit(loaded.config);
    const buckets = loaded.config.buckets
      .map((b) => ({ name: b.name, rules: b.website?.config.routingRules ?? [] }))
      .filter((b) => b.rules.some((r) => r.redirect.redirectType === 'Mirror'));
    return { buckets, config: loaded.config };
  }

  async function run(req: RunRequest, ctx: FcHandlerContext, home: OssInvoker, timer: boolean): Promise<Report | { runId: string; shards: number; queued: true }> {
    const runId = newRunId();
    const { buckets, config } = await bucketsOf(req, home, timer);
    const perBucket = placement(ctx, home, config);
    if (req.shards > 1) return fanOut(req, buckets[0]!.name, ctx, home, perBucket, runId);
    const results: BucketResult[] = [];
    const errors: Array<{ error: unknown; bucket: string }> = [];
    for (const { name: bucket, rules } of buckets) {
      try {
        results.push(await refreshBucket({
          ...(await clientsOf(perBucket, bucket, home)), state: stateFor(bucket), bucket, ...(rules ? { rules } : {}), ...(req.prefix !== undefined ? { prefix: req.prefix } : {}),
          strategy: req.strategy, dryRun: req.dryRun, ...common(ctx, runId),
        }));
      } catch (error) {
        errors.push({ error, bucket });
      }
    }
    const report = refreshReport(results, { runId, dryRun: req.dryRun, strategy: req.strategy }, errors);
    await store(ctx, home, report);
    return report;
  }

  async function fanOut(req: RunRequest, bucket: string, ctx: FcHandlerContext, home: OssInvoker, perBucket: BucketClients, runId: string) {
    const state = stateFor(bucket);
    const { client, stateClient } = await clientsOf(perBucket, bucket, home);
    const ranges = await planShards(client, { bucket, prefix: req.prefix ?? '', shards: req.shards });
    await savePlan(stateClient, state, { runId, bucket, ranges, createdAt: new Date().toISOString() });
    const inv = invoker(ctx);
    // shards are told the bucket's region: no shard asks GetBucketLocation again
    const region = client.region;
    for (const [index, range] of ranges.entries()) {
      const payload = { command: SHARD_COMMAND, runId, index, total: ranges.length, range, region, dryRun: req.dryRun, strategy: req.strategy, part: 0 };
      await inv.invokeAsync(ctx.ossedge.functionName, payload, { invocationId: `refresh-${runId}-${index}-0` });
    }
    ctx.ossedge.log.info('refresh fanned out', { runId, bucket, shards: ranges.length });
    return { runId, shards: ranges.length, queued: true as const };
  }

  async function shard(req: ShardRequest, ctx: FcHandlerContext, home: OssInvoker) {
    const state = stateFor(req.range.bucket);
    const perBucket = placement(ctx, home);
    perBucket.learn(req.range.bucket, req.region);
    const { client, stateClient } = await clientsOf(perBucket, req.range.bucket, home);
    const once = await runOnce(stateClient, {
      bucket: state.bucket, prefix: `${state.prefix}invocations/`, invocationId: ctx.ossedge.invocationId, owner: ctx.ossedge.requestId, ttlMs: ONCE_TTL_MS,
    }, async () => {
      const plan = await readPlan(stateClient, state, req.runId);
      if (!plan) throw new BadRequestError(`no plan for run ${req.runId}`, { code: 'NO_PLAN' });
      const result = await refreshBucket({
        client, stateClient, state, bucket: req.range.bucket, ranges: [req.range], strategy: req.strategy, dryRun: req.dryRun,
        leaseName: `${req.range.bucket}~${rangeId(req.range)}`, generation: req.runId, ...common(ctx, req.runId),
      });
      if (!result.complete) {
        // out of time: the checkpoint is stored; a continuation invocation resumes this shard
        const next = { command: SHARD_COMMAND, runId: req.runId, index: req.index, total: req.total, range: req.range, region: client.region, dryRun: req.dryRun, strategy: req.strategy, part: req.part + 1 };
        await invoker(ctx).invokeAsync(ctx.ossedge.functionName, next, { invocationId: `refresh-${req.runId}-${req.index}-${req.part + 1}` });
        return { shard: req.index, complete: false };
      }
      const all = await recordShard(stateClient, state, req.runId, req.index, result, req.total);
      if (all && (await claimAggregate(stateClient, state, req.runId))) {
        const merged = mergeShards(req.range.bucket, all, options.limits?.maxItems ?? 200);
        const report = refreshReport([merged], { runId: req.runId, dryRun: req.dryRun, strategy: req.strategy, shards: req.total });
        await writeJson(stateClient, state.bucket, `${state.prefix}runs/${req.runId}/report.json`, report);
        await store(ctx, home, report);
      }
      return { shard: req.index, complete: true, counters: result.counters };
    });
    return once.ran ? once.value : { ...(once.reason === 'done' ? once.value : {}), repeated: true, reason: once.reason };
  }

  // warm GETs are never retried by the client: the run paces, counts and repeats each one itself
  const warmClients = createClientCache(options.connection, { retry: { maxAttempts: 1 } });
  const runContext = (ctx: FcHandlerContext, home: OssInvoker): RunContext => ({
    home, stateFor, common: (runId) => common(ctx, runId), log: ctx.ossedge.log,
    store: (report) => store(ctx, home, report),
    queue: (payload, invocationId) => invoker(ctx).invokeAsync(ctx.ossedge.functionName, payload, { invocationId }),
    warmClient: () => {
      warmClients.use(ctx.ossedge.credentials);
      return warmClients.home(ctx.region);
    },
    ...(options.configLocation ? { config: async () => (await loadConfigFrom({ kind: 'location', location: options.configLocation! }, { client: () => home, env: {}, allowPath: true, requireSecrets: false })).config } : {}),
  });

  return createFcHandler(async (input, ctx: FcHandlerContext) => {
    clients.use(ctx.ossedge.credentials);
    const home = clients.home(ctx.region);
    const out = await refusedAsHttp(async () => {
      if (isWarm(input)) return runWarm({ input, run: runContext(ctx, home) });
      if (isNamed(input)) return runOnDemand({ input, run: runContext(ctx, home) });
      const req = parseRequest(input);
      const out = req.kind === 'shard' ? await shard(req, ctx, home) : await run(req, ctx, home, input.kind === 'timer');
      ctx.ossedge.log.info('refresh-stale-objects finished', { kind: req.kind, ...('summary' in out ? { runId: out.runId, ok: out.ok, summary: out.summary } : out) });
      return out;
    });
    if (input.kind !== 'http') return out;
    return { statusCode: 'queued' in out ? 202 : 200, headers: { 'Cache-Control': 'no-store' }, body: out };
  }, { functionName: REFRESH_FUNCTION, ...(options.fallbackCredentials ? { fallbackCredentials: options.fallbackCredentials } : {}), ...(options.write ? { write: options.write } : {}) });
}

/** The engine's refusals as the HTTP errors the FC error handler answers (400, or 405 for a method). */
async function refusedAsHttp<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof RefreshRequestError)) throw e;
    throw new FcHttpError(e.code === METHOD_NOT_ALLOWED ? 405 : 400, e.code, e.message);
  }
}
