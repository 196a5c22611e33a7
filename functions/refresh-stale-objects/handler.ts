// refresh-stale-objects' FC handler: every invocation goes to the refresh engine (shared/refresh); a shard
// invocation runs once, the run's report is stored after it; refusals keep their HTTP status and code.
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { FcHttpError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { idempotent } from '../../shared/fc/idempotent.ts';
import { invokerFromContext, type Invoker } from '../../shared/fc/invoker.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { CommonSettings } from '../../shared/fc/settings.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';
import { METHOD_NOT_ALLOWED, RefreshRequestError } from '../../shared/refresh/errors.ts';
import { createRefreshEngine, type RefreshCall, type RefreshEngineOptions } from '../../shared/refresh/refresh-engine.ts';
import { REFRESH_FUNCTION } from '../../shared/refresh/report.ts';

export interface RefreshHandlerOptions extends Omit<RefreshEngineOptions, 'loadConfig'>, Partial<Omit<CommonSettings, 'connection'>> {
  /** OSSEDGE_NOTIFY_*: a run's new problems are notified once. */
  notify?: NotifyTarget;
  /** OSSEDGE_CONFIG: timer runs without a bucket refresh (or warm) the buckets of this file. */
  configLocation?: string;
  /** How the function queues its own work (default: the FC invoker from the context, at `fcEndpoint`). */
  invoker?: (ctx: FcHandlerContext) => Invoker;
  fcEndpoint?: string;
  write?: (line: string) => void;
}

export function createRefreshHandler(options: RefreshHandlerOptions) {
  const { configLocation: location, invoker, fcEndpoint, write, fallbackCredentials } = options;
  const refresh = createRefreshEngine({
    ...options,
    ...(location ? { loadConfig: async (home) => (await loadConfigFrom({ kind: 'location', location }, { client: () => home, env: {}, allowPath: true, requireSecrets: false })).config } : {}),
  });
  const invokerOf = (ctx: FcHandlerContext) => (invoker ? invoker(ctx) : invokerFromContext(ctx, fcEndpoint ? { endpoint: fcEndpoint } : {}));
  const callOf = (input: FcInput, ctx: FcHandlerContext): RefreshCall => ({
    input, credentials: ctx.ossedge.credentials, ...(ctx.region ? { region: ctx.region } : {}), requestId: ctx.ossedge.requestId,
    invocationId: ctx.ossedge.invocationId, deadline: ctx.ossedge.deadline, log: ctx.ossedge.log,
    queue: (payload, invocationId) => invokerOf(ctx).invokeAsync(ctx.ossedge.functionName, payload, { invocationId }),
    report: (report) => void (ctx.ossedge.report = report),
  });
  return createFcHandler(async (input, ctx) => {
    const out = await refresh(callOf(input, ctx)).catch(refusedAsHttp);
    return input.kind === 'http' ? { statusCode: 'queued' in out ? 202 : 200, headers: { 'Cache-Control': 'no-store' }, body: out } : out;
  }, {
    functionName: REFRESH_FUNCTION, fallbackCredentials, write,
    use: [
      idempotent({
        place: (input, ctx) => refresh.oncePlace(callOf(input, ctx)),
        duplicate: (o) => ({ ...(o.reason === 'done' ? (o.value as object) : {}), repeated: true, reason: o.reason }),
      }),
      reportStore({ ...options, client: (ctx) => refresh.home({ credentials: ctx.ossedge.credentials, region: ctx.region }) }),
    ],
  });
}

/** The engine's refusals as the HTTP errors the FC error handler answers (400, or 405 for a method). */
function refusedAsHttp(e: unknown): never {
  if (e instanceof RefreshRequestError) throw new FcHttpError(e.code === METHOD_NOT_ALLOWED ? 405 : 400, e.code, e.message);
  throw e;
}
