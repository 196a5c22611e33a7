import pkg from '../../package.json' with { type: 'json' };
import { MethodNotAllowedError } from '../../shared/fc/errors.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { healthStatus, heartbeatReport } from '../../shared/fc/health.ts';
import { duplicateHeartbeat, healthCheckOf, heartbeatOnce, queueHeartbeat } from '../../shared/fc/heartbeat.ts';
import { idempotent } from '../../shared/fc/idempotent.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { CommonSettings } from '../../shared/fc/settings.ts';
import { ossFolder } from '../../shared/state/location.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';

const FUNCTION = 'ossedge-health';

export interface HealthOptions extends CommonSettings {
  /** OSSEDGE_FC_ENDPOINT: where the heartbeat is queued (the local runner); default the region's FC. */
  fcEndpoint?: string;
  write?: (line: string) => void;
}

/** GET and `{check:'status'}`: reachability and the latest reports; timer / `{check:'deep'}`: queues a heartbeat; `{check:'heartbeat'}`: stores it, once. */
export function createHealthHandler(options: HealthOptions) {
  const oss = createClientCache(options.connection);
  // the invocation's keys are set here: the middlewares ask for a client before the handler runs
  const client = (ctx: FcHandlerContext) => (oss.use(ctx.ossedge.credentials), oss.home(ctx.region));
  const reports = options.reportsLocation;
  return createFcHandler(async (input, ctx) => {
    const info = { version: pkg.version, function: ctx.ossedge.functionName, ...(ctx.region ? { region: ctx.region } : {}) };
    if (input.kind === 'http') {
      if (input.method !== 'GET' && input.method !== 'HEAD') throw new MethodNotAllowedError(input.method);
      const status = await healthStatus(client(ctx), reports, info);
      return { statusCode: status.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' }, body: status };
    }
    const asked = healthCheckOf(input, reports);
    // what GET answers, for a synchronous invocation (`ossedge doctor`): read-only
    if (asked.check === 'status') return healthStatus(client(ctx), reports, info);
    if (asked.check === 'heartbeat') {
      ctx.ossedge.report = heartbeatReport(ossFolder(reports!).bucket, { ...asked.heartbeat, function: ctx.ossedge.functionName });
      return { heartbeat: asked.heartbeat.runId, stored: true };
    }
    return queueHeartbeat(invokerFromContext(ctx, options.fcEndpoint ? { endpoint: options.fcEndpoint } : {}), ctx.ossedge.functionName);
  }, {
    functionName: FUNCTION, fallbackCredentials: options.fallbackCredentials, write: options.write,
    use: [
      idempotent({
        place: (input, ctx) => {
          const at = heartbeatOnce(input, reports, ctx.ossedge.functionName);
          return at ? { ...at, client: client(ctx) } : undefined;
        },
        duplicate: (_outcome, input) => duplicateHeartbeat(input),
      }),
      reportStore({ ...options, publish: false, client }),
    ],
  });
}
