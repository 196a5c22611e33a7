import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import type { FcContext } from '../../shared/fc/types.ts';
import { DEFAULT_DELIVERY_TTL_MS, type AuthenticatedHttpRequest } from '../../shared/fc/webhook-auth.ts';
import { BadRequestError, FcHttpError, MethodNotAllowedError, NotFoundError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import type { HttpRequest } from '../../shared/fc/http-request.ts';
import { invokerFromContext, type Invoker } from '../../shared/fc/invoker.ts';
import { putObject } from '../../shared/oss/ops/object.ts';
import { leaseTtlUntil } from '../../shared/state/lease.ts';
import { runOnce } from '../../shared/state/idempotency.ts';
import type { OssConnection } from '../../shared/state/oss-connection.ts';
import { createMemoryDeliveryStore, type DeliveryNote, type DeliveryStore } from '../../shared/state/delivery-store.ts';
import { gitOpsEnabled, type GitSettings } from '../../shared/git/index.ts';
import { runFromGit, type GitPayload } from '../../shared/apply/git-run.ts';
import { claimDelivery, gitDecision, pullPayload, pushPayload, type WebhookDelivery } from '../../shared/apply/git-webhook.ts';
import { planFromGit, type PullPayload } from '../../shared/apply/git-plan.ts';
import { createOssDeliveryStore } from '../../shared/state/delivery-store-oss.ts';
import { sweepDeliveries } from '../../shared/state/delivery-sweep.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import { ApplyInputError, type DriftAction, type Preflight } from '../../shared/apply/index.ts';
import { ossFolder } from '../../shared/report/location.ts';
import { newRunId } from '../../shared/report/model.ts';
import { createClientCache, type ClientTuning } from '../../shared/state/oss-clients.ts';
import { loadConfigFrom, type ConfigSource } from '../../shared/fc/config-source.ts';
import { exportBuckets, recordRefusal, rollbackRun, runAndReport, type RunDeps } from '../../shared/apply/run.ts';
import { webhookConfigSource } from '../../shared/apply/webhook-source.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';

export const FUNCTION_NAME = 'apply-config';
/** FC's async invocation payload limit is 128 KB; configs above this travel by reference. */
export const MAX_INLINE_CONFIG_BYTES = 100 * 1024;
/** The once-lease of a queued apply when the invocation's end is not known. */
const ONCE_TTL_MS = 15 * 60_000;
/** Delivery records are swept a full TTL after they expire at the latest (none is needed by then). */
const DELIVERY_KEEP_MS = 2 * DEFAULT_DELIVERY_TTL_MS;
/** After the invocation's end, how long before a delivery still running counts as stopped. */
const STOPPED_MARGIN_MS = 5_000;

export interface ApplyConfigOptions {
  /** Values for `${env:NAME}` secret references (the function's environment). */
  env: Readonly<Record<string, string | undefined>>;
  /** OSSEDGE_CONFIG: `oss://bucket/key` or a path. */
  configLocation?: string;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: `oss://bucket/prefix/` for the dashboard (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: new problems (failed apply, drift not corrected) are notified once. */
  notify?: NotifyTarget;
  webhookSecret?: string;
  /** OSSEDGE_WEBHOOK_SECRET_PREVIOUS: still accepted during a rotation. */
  webhookPreviousSecret?: string;
  connection: OssConnection;
  clientTuning?: ClientTuning;
  fallbackCredentials?: CredentialsProvider;
  /** How the webhook queues the apply (default: FC invoker from the context, at `fcEndpoint` when set). */
  invoker?: (ctx: FcHandlerContext) => Invoker;
  fcEndpoint?: string;
  /** Timer runs: correct drift (default) or only report it. */
  driftAction?: DriftAction;
  preflight?: Preflight;
  concurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  leaseTtlMs?: number;
  /** Where webhook deliveries are recorded (default: `<reports>_state/deliveries/` in OSS, shared by all instances). */
  deliveries?: DeliveryStore;
  /** OSSEDGE_GIT_*: the event table always; GitOps (read git, statuses) with a token, provider and repository. */
  git?: GitSettings;
  write?: (line: string) => void;
}

interface Payload {
  command?: string;
  mode?: string;
  dryRun?: boolean;
  config?: unknown;
  configText?: string;
  filename?: string;
  bucket?: string[] | string;
  runId?: string;
  driftAction?: string;
  source?: string;
  git?: GitPayload & { read?: boolean };
  pull?: PullPayload;
}

const asList = (v: unknown): string[] | undefined => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

function driftActionOf(v: unknown, fallback: DriftAction): DriftAction {
  if (v === undefined) return fallback;
  if (v === 'report' || v === 'correct') return v;
  throw new BadRequestError('driftAction must be "report" or "correct"', { code: 'BAD_DRIFT_ACTION' });
}

/** The engine's refusals as the FC layer answers them (400, 404, 409, 415); anything else as it is. */
function httpError(e: unknown): unknown {
  if (!(e instanceof ApplyInputError)) return e;
  if (e.reason === 'not-found') return new NotFoundError(e.message);
  if (e.reason === 'invalid') return new BadRequestError(e.message, { code: e.code, ...(e.details === undefined ? {} : { details: e.details }) });
  return new FcHttpError(e.reason === 'conflict' ? 409 : 415, e.code, e.message, { expose: true, ...(e.details === undefined ? {} : { details: e.details }) });
}

/** apply-config's FC handler: webhook (HTTP), drift timer, and direct invocations (CLI, self-invocation). */
export function createApplyConfigHandler(options: ApplyConfigOptions) {
  const clients = createClientCache(options.connection, options.clientTuning);
  // the webhook's 202 waits for the async invocation to be queued: load the FC SDK chunk (~1 MB) ahead
  if (options.webhookSecret && !options.invoker) void import('@alicloud/fc2').catch(() => undefined);
  const driftDefault = options.driftAction ?? 'correct';
  // every instance records deliveries in the one reports bucket; without OSSEDGE_REPORTS only in memory
  // (without it, in this instance's memory: the async run of the same instance notes its outcome there)
  const deliveries = options.deliveries ?? (options.reportsLocation ? deliveryStoreIn(options.reportsLocation) : createMemoryDeliveryStore());
  const gitops = gitOpsEnabled(options.git) ? options.git : undefined;
  const storeFor = (ctx: FcContext) => (typeof deliveries === 'function' ? deliveries(ctx) : deliveries);
  function deliveryStoreIn(reports: string) {
    const { bucket, key } = ossFolder(reports);
    return (ctx: FcContext) => {
      clients.use((ctx as FcHandlerContext).ossedge.credentials);
      return createOssDeliveryStore(clients.home(ctx.region), { bucket, prefix: key });
    };
  }

  const depsFor = (ctx: FcHandlerContext): RunDeps => ({
    clients, region: ctx.region, env: options.env, owner: ctx.ossedge.requestId, deadline: ctx.ossedge.deadline,
    // a bucket's lease expires soon after FC stops this invocation, not at a fixed time
    ...(ctx.getRemainingTimeInMillis ? { invocationEnd: Date.now() + ctx.getRemainingTimeInMillis() } : {}),
    ...(options.reportsLocation ? { reportsLocation: options.reportsLocation } : {}),
    ...(options.dashboardLocation ? { dashboardLocation: options.dashboardLocation } : {}),
    ...(options.notify ? { notify: options.notify } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    ...(options.preflight ? { preflight: options.preflight } : {}),
    onReport: (r) => ctx.ossedge.log.info('apply-config finished', { runId: r.runId, mode: r.mode, ok: r.ok, changesPending: r.changesPending, summary: r.summary }),
    onDashboardError: (e) => ctx.ossedge.log.warn('dashboard not published', { code: (e as { code?: string }).code ?? 'ERROR', message: e.message }),
  });

  const load = (source: ConfigSource | { kind: 'default' }, ctx: FcHandlerContext, requireSecrets: boolean, allowPath: boolean) => {
    const src = source.kind === 'default' ? (options.configLocation ? { kind: 'location' as const, location: options.configLocation } : undefined) : source;
    if (!src) throw new BadRequestError('no config given and OSSEDGE_CONFIG is not set', { code: 'NOT_CONFIGURED' });
    return loadConfigFrom(src, { client: () => clients.home(ctx.region), env: options.env, allowPath: source.kind === 'default' ? true : allowPath, requireSecrets })
      .then((loaded) => {
        clients.admit(loaded.config);
        return loaded;
      });
  };

  const payloadSource = (p: Payload): ConfigSource | { kind: 'default' } => {
    if (typeof p.configText === 'string') return { kind: 'text', text: p.configText, ...(p.filename ? { filename: p.filename } : {}) };
    if (typeof p.config === 'string') return { kind: 'location', location: p.config };
    if (p.config !== undefined && p.config !== null) return { kind: 'value', value: p.config };
    return { kind: 'default' };
  };

  const queue = (ctx: FcHandlerContext, runId: string, payload: Payload) => {
    const invoker = options.invoker ? options.invoker(ctx) : invokerFromContext(ctx, options.fcEndpoint ? { endpoint: options.fcEndpoint } : {});
    return invoker.invokeAsync(ctx.ossedge.functionName, { command: payload.pull ? 'plan' : 'apply', source: 'webhook', runId, ...payload }, { invocationId: `apply-${runId}` });
  };
  const reportOf = (runId: string) => (options.reportsLocation ? { report: `${options.reportsLocation.replace(/\/?$/, '/')}${FUNCTION_NAME}/${runId}.json` } : {});
  const accepted = (runId: string, more: Record<string, unknown> = {}) => ({ statusCode: 202, body: { accepted: true, runId, ...more, ...reportOf(runId) } });

  /** GitOps: records the delivery and queues its run (the config is read by the run); a standing redelivery gets the first run. */
  async function queueFromGit(hook: WebhookDelivery, ctx: FcHandlerContext, payload: Payload) {
    const runId = newRunId();
    const first = await claimDelivery(hook, runId);
    if (first) return accepted(first, { duplicate: true });
    await queue(ctx, runId, payload).catch(async (e: unknown) => {
      await hook.note({ state: 'failed' });
      throw e;
    });
    return accepted(runId);
  }

  async function webhook(req: HttpRequest, ctx: FcHandlerContext) {
    if (req.method !== 'POST') throw new MethodNotAllowedError(req.method);
    const plan = req.query.mode === 'plan';
    const hook = (req as AuthenticatedHttpRequest).webhook;
    const authed = { text: req.text(), header: (n: string) => req.headers.get(n), delivery: hook };
    // a git host's webhook set to the form content type (GitHub offers it): its body is no config
    if (hook.source !== 'ossedge' && (req.headers.get('content-type') ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
      throw new FcHttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the webhook sends a form-encoded body: set its content type to application/json', { expose: true });
    }
    const source = webhookConfigSource({ text: authed.text, contentType: req.headers.get('content-type') ?? '' });
    let git: GitPayload | undefined;
    if (source.kind === 'default') {
      const d = gitDecision(authed, options.git);
      if (d.action === 'pong') return { statusCode: 200, body: { pong: true } };
      if (d.action === 'ignore') return { statusCode: 200, body: { ignored: d.reason } };
      if (d.action === 'plan') {
        // without GitOps the pull request's head cannot be read
        const pull = gitops ? pullPayload(d) : undefined;
        if (!pull) return { statusCode: 200, body: { ignored: 'event-not-handled' } };
        return queueFromGit(hook, ctx, { git: pushPayload(d, hook), pull });
      }
      git = pushPayload(d, hook);
    } else if (gitops && !plan) {
      throw new FcHttpError(409, 'GITOPS_ENABLED', 'GitOps is on: git is the one source of truth (push to the tracked branch); ?mode=plan is still allowed', { expose: true });
    }
    // the config is read from git by the run, at the branch head of that moment
    if (git && gitops && !plan) return queueFromGit(hook, ctx, { git });
    const runId = newRunId();
    const loaded = await load(source, ctx, !plan, false).catch((e: unknown) => recordRefusal(e, depsFor(ctx)));
    const deps = depsFor(ctx);
    const inline = Buffer.byteLength(loaded.text) <= MAX_INLINE_CONFIG_BYTES;
    // refused for its content: before the delivery is recorded, so a corrected resend is not a replay
    if (!plan && !inline && !options.reportsLocation) throw new BadRequestError('config too large to queue without OSSEDGE_REPORTS', { code: 'CONFIG_TOO_LARGE' });
    if (plan) {
      await (hook.source === 'ossedge' ? hook.claim({}) : hook.claimOrReplay({}));
      const report = await runAndReport({ config: loaded.config, mode: 'plan', source: 'webhook' }, deps);
      return { statusCode: 200, body: report };
    }
    const first = await claimDelivery(hook, runId);
    if (first) return accepted(first, { duplicate: true });
    // a delivery whose run was never queued (staging or the invocation failed) is recorded as failed
    // (GitOps: a redelivery then runs anew)
    try {
      const ref: Payload = inline
        ? { configText: loaded.text, ...(loaded.filename ? { filename: loaded.filename } : {}) }
        : { config: await stageConfig(loaded.text, runId, deps) };
      await queue(ctx, runId, { ...ref, ...(git ? { git: { ...git, read: false } } : {}) });
    } catch (e) {
      await hook.note({ state: 'failed' });
      throw e;
    }
    return accepted(runId, { buckets: loaded.config.buckets.length });
  }

  // the drift timer also clears webhook delivery records; a failure is only logged (the drift run matters more)
  async function sweepOldDeliveries(reports: string, ctx: FcHandlerContext) {
    const { bucket, key } = ossFolder(reports);
    try {
      const swept = await sweepDeliveries(clients.home(ctx.region), { bucket, prefix: key, keepMs: DELIVERY_KEEP_MS });
      if (swept.deleted > 0) ctx.ossedge.log.info('delivery records swept', { ...swept });
    } catch (e) {
      ctx.ossedge.log.warn('delivery records not swept', { code: (e as { code?: string }).code ?? 'ERROR' });
    }
  }

  async function stageConfig(text: string, runId: string, deps: RunDeps): Promise<string> {
    const { bucket, key } = ossFolder(options.reportsLocation!);
    const staged = `${key}_state/apply-config/queued/${runId}.yaml`;
    await putObject(deps.clients.home(deps.region), { bucket, key: staged, body: text, contentMd5: true });
    return `oss://${bucket}/${staged}`;
  }

  async function invoke(p: Payload, ctx: FcHandlerContext, isTimer: boolean) {
    const deps = depsFor(ctx);
    const command = isTimer ? 'drift' : (p.command ?? p.mode ?? 'plan');
    const buckets = asList(p.bucket);
    if (command === 'export') return exportBuckets(buckets, deps);
    if (command === 'rollback') {
      if (typeof p.runId !== 'string') throw new BadRequestError('rollback needs a runId', { code: 'BAD_RUN_ID' });
      return rollbackRun(p.runId, deps, { dryRun: p.dryRun === true });
    }
    if (command !== 'plan' && command !== 'apply' && command !== 'drift') throw new BadRequestError(`unknown command ${JSON.stringify(command)}`, { code: 'UNKNOWN_COMMAND' });
    const mode = command === 'apply' && p.dryRun === true ? 'plan' : command;
    const driftAction = mode === 'drift' ? driftActionOf(p.driftAction, driftDefault) : undefined;
    const src = payloadSource(p);
    const git = typeof p.git === 'object' && p.git !== null ? p.git : undefined;
    const deliveryKey = git?.deliveryKey;
    const warn = (m: string, f: Record<string, unknown>) => ctx.ossedge.log.warn(m, f);
    if (gitops && mode === 'plan' && p.pull && typeof p.pull === 'object') {
      const pull = p.pull;
      return onceFor(p, ctx, deps, () => withNotes(ctx, deliveryKey, () => planFromGit({
        settings: gitops, pull, ...(git ? { git } : {}), ...(typeof p.runId === 'string' ? { runId: p.runId } : {}), warn,
      }, deps)));
    }
    // GitOps: a queued push and the drift timer reconcile to the tracked branch's head
    if (gitops && src.kind === 'default' && ((mode === 'apply' && git) || mode === 'drift')) {
      return onceFor(p, ctx, deps, () => withNotes(ctx, deliveryKey, () => runFromGit({
        settings: gitops, mode, ...(driftAction ? { driftAction } : {}), source: isTimer ? 'timer' : (p.source ?? 'invoke'),
        ...(typeof p.runId === 'string' ? { runId: p.runId } : {}), ...(git ? { git } : {}),
        ...(options.configLocation ? { configLocation: options.configLocation } : {}), warn,
      }, deps)));
    }
    const loaded = await load(src, ctx, mode === 'apply' || driftAction === 'correct', true);
    const gitNote = git ? (({ deliveryKey: _k, ...rest }) => rest)(git) : undefined;
    const run = () => runAndReport({
      config: loaded.config, mode, ...(driftAction ? { driftAction } : {}), ...(buckets ? { buckets } : {}),
      ...(typeof p.runId === 'string' && mode === 'apply' ? { runId: p.runId } : {}),
      source: isTimer ? 'timer' : (p.source ?? 'invoke'), ...(gitNote ? { git: gitNote } : {}),
    }, deps).catch((e: unknown) => {
      if ((e as { code?: string }).code === 'UNKNOWN_BUCKET') throw new BadRequestError((e as Error).message, { code: 'UNKNOWN_BUCKET' });
      throw e;
    });
    return onceFor(p, ctx, deps, () => withNotes(ctx, deliveryKey, run));
  }

  /**
   * The run's outcome on the delivery that queued it (a redelivery answers from it): running, then
   * succeeded or failed — failed also when the run throws (e.g. its report could not be stored).
   */
  async function withNotes<T extends { ok: boolean }>(ctx: FcHandlerContext, key: string | undefined, run: () => Promise<T>): Promise<T> {
    if (!key) return run();
    // FC stops the invocation at its timeout: a record still running after that is a stopped run
    const end = ctx.getRemainingTimeInMillis ? Date.now() + ctx.getRemainingTimeInMillis() + STOPPED_MARGIN_MS : undefined;
    await noteDelivery(ctx, key, { state: 'running', ...(end !== undefined ? { activeUntil: new Date(end).toISOString() } : {}) });
    const report = await run().catch(async (e: unknown) => {
      await noteDelivery(ctx, key, { state: 'failed' });
      throw e;
    });
    await noteDelivery(ctx, key, { state: report.ok ? 'succeeded' : 'failed' });
    return report;
  }

  // a queued apply (webhook) runs once per run id, whatever FC's async retries do
  async function onceFor(p: Payload, ctx: FcHandlerContext, deps: RunDeps, run: () => Promise<{ ok: boolean }>) {
    if (p.source === 'webhook' && typeof p.runId === 'string' && options.reportsLocation) {
      const { bucket, key } = ossFolder(options.reportsLocation);
      const once = await runOnce(clients.home(ctx.region), {
        bucket, prefix: `${key}_state/invocations/${FUNCTION_NAME}/`, invocationId: `apply-${p.runId}`, owner: ctx.ossedge.requestId,
        // an invocation FC stopped at its timeout must not make FC's retry of it find the run "running"
        ttlMs: deps.invocationEnd !== undefined ? leaseTtlUntil(deps.invocationEnd, Date.now()) : ONCE_TTL_MS,
      }, async () => (await run()).ok);
      return { runId: p.runId, ran: once.ran, ...(once.ran || once.reason === 'done' ? { ok: once.value } : { running: true }) };
    }
    return run();
  }

  /** The async run's outcome for the delivery that queued it (a redelivery answers from it); never fails the run. */
  async function noteDelivery(ctx: FcHandlerContext, key: string, note: DeliveryNote) {
    try {
      await storeFor(ctx).note(key, note);
    } catch (e) {
      ctx.ossedge.log.warn('delivery outcome not noted', { state: note.state, code: (e as { code?: string }).code ?? 'ERROR' });
    }
  }

  const core = (input: FcInput, ctx: FcHandlerContext): Promise<unknown> => dispatch(input, ctx).catch((e: unknown) => {
    throw httpError(e);
  });
  const dispatch = async (input: FcInput, ctx: FcHandlerContext): Promise<unknown> => {
    clients.use(ctx.ossedge.credentials);
    if (input.kind === 'http') return webhook(input, ctx);
    if (input.kind === 'timer' && options.reportsLocation) await sweepOldDeliveries(options.reportsLocation, ctx);
    const payload = (input.payload ?? {}) as Payload;
    if (typeof payload !== 'object' || Array.isArray(payload)) throw new BadRequestError('the payload must be a JSON object', { code: 'BAD_PAYLOAD' });
    return invoke(payload, ctx, input.kind === 'timer');
  };

  return createFcHandler(core, {
    functionName: FUNCTION_NAME,
    // deliveries are recorded once the config validated: a refused config writes nothing
    webhook: { secret: options.webhookSecret, previousSecret: options.webhookPreviousSecret, deferClaim: true, deliveries },
    ...(options.fallbackCredentials ? { fallbackCredentials: options.fallbackCredentials } : {}),
    ...(options.write ? { write: options.write } : {}),
  });
}
