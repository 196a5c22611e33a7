// refresh-stale-objects' FC handler: HTTP, timer and direct invocations go to the refresh engine
// (shared/refresh: scan, fan-out shards, warm-up, named keys); its refusals keep their HTTP status and code.
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { FcHttpError } from '../../shared/fc/errors.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { invokerFromContext, type Invoker } from '../../shared/fc/invoker.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import { METHOD_NOT_ALLOWED, RefreshRequestError } from '../../shared/refresh/errors.ts';
import { createRefreshEngine, type RefreshEngineOptions } from '../../shared/refresh/refresh-engine.ts';
import { REFRESH_FUNCTION } from '../../shared/refresh/report.ts';

export interface RefreshHandlerOptions extends Omit<RefreshEngineOptions, 'loadConfig'> {
  fallbackCredentials?: CredentialsProvider;
  /** OSSEDGE_CONFIG: timer runs without a bucket refresh (or warm) the buckets of this file. */
  configLocation?: string;
  /** How the function queues its own work (default: the FC invoker from the context, at `fcEndpoint`). */
  invoker?: (ctx: FcHandlerContext) => Invoker;
  fcEndpoint?: string;
  write?: (line: string) => void;
}

export function createRefreshHandler(options: RefreshHandlerOptions) {
  const { fallbackCredentials, configLocation, invoker, fcEndpoint, write, ...engine } = options;
  const refresh = createRefreshEngine({
    ...engine,
    ...(configLocation ? { loadConfig: async (home) => (await loadConfigFrom({ kind: 'location', location: configLocation }, { client: () => home, env: {}, allowPath: true, requireSecrets: false })).config } : {}),
  });
  const invokerOf = (ctx: FcHandlerContext) => (invoker ? invoker(ctx) : invokerFromContext(ctx, fcEndpoint ? { endpoint: fcEndpoint } : {}));
  return createFcHandler(async (input, ctx: FcHandlerContext) => {
    const { ossedge } = ctx;
    const out = await refusedAsHttp(() => refresh({
      input, credentials: ossedge.credentials, ...(ctx.region ? { region: ctx.region } : {}), requestId: ossedge.requestId,
      invocationId: ossedge.invocationId, deadline: ossedge.deadline, log: ossedge.log,
      queue: (payload, invocationId) => invokerOf(ctx).invokeAsync(ossedge.functionName, payload, { invocationId }),
    }));
    if (input.kind !== 'http') return out;
    return { statusCode: 'queued' in out ? 202 : 200, headers: { 'Cache-Control': 'no-store' }, body: out };
  }, { functionName: REFRESH_FUNCTION, ...(fallbackCredentials ? { fallbackCredentials } : {}), ...(write ? { write } : {}) });
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
