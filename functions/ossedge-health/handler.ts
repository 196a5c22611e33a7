import pkg from '../../package.json' with { type: 'json' };
import { BadRequestError, MethodNotAllowedError } from '../../shared/fc/errors.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { healthStatus, heartbeatReport } from '../../shared/fc/health.ts';
import { idempotent } from '../../shared/fc/idempotent.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { requestFields } from '../../shared/fc/payload.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { CommonSettings } from '../../shared/fc/settings.ts';
import { ossFolder } from '../../shared/report/location.ts';
import { newRunId } from '../../shared/report/model.ts';
import { invocationsFolder } from '../../shared/state/keys.ts';
import { createInstanceClient } from '../../shared/state/oss-connection.ts';

const FUNCTION = 'ossedge-health';
const HEARTBEAT_TTL_MS = 60_000;

export interface HealthOptions extends CommonSettings {
  /** OSSEDGE_FC_ENDPOINT: where the heartbeat is queued (the local runner); default the region's FC. */
  fcEndpoint?: string;
  write?: (line: string) => void;
}

/** GET and `{check:'status'}`: reachability and the latest reports; timer / `{check:'deep'}`: queues a heartbeat; `{check:'heartbeat'}`: stores it, once. */
export function createHealthHandler(options: HealthOptions) {
  const oss = createInstanceClient(options.connection);
  // the invocation's keys are set here: the middlewares ask for a client before the handler runs
  const client = (ctx: FcHandlerContext) => (oss.use(ctx.ossedge.credentials), oss.client(ctx.region ?? options.connection.region ?? 'cn-hangzhou'));
  const reports = options.reportsLocation;
  return createFcHandler(async (input, ctx) => {
    const info = { version: pkg.version, function: ctx.ossedge.functionName, ...(ctx.region ? { region: ctx.region } : {}) };
    if (input.kind === 'http') {
      if (input.method !== 'GET' && input.method !== 'HEAD') throw new MethodNotAllowedError(input.method);
      const status = await healthStatus(client(ctx), reports, info);
      return { statusCode: status.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' }, body: status };
    }
    // what GET answers, for a synchronous invocation (`ossedge doctor`): read-only
    if (input.kind === 'invoke' && requestFields(input).check === 'status') return healthStatus(client(ctx), reports, info);
    if (!reports) throw new BadRequestError('OSSEDGE_REPORTS is not set', { code: 'NOT_CONFIGURED' });
    const p = requestFields(input);
    if (p.check === 'heartbeat') {
      if (typeof p.runId !== 'string') throw new BadRequestError('heartbeat needs a runId');
      ctx.ossedge.report = heartbeatReport(ossFolder(reports).bucket, { runId: p.runId, function: ctx.ossedge.functionName, ...(typeof p.queuedAt === 'string' ? { queuedAt: p.queuedAt } : {}) });
      return { heartbeat: p.runId, stored: true };
    }
    if (input.kind !== 'timer' && p.check !== 'deep') throw new BadRequestError('unknown check: expected "status", "deep" or "heartbeat"');
    const runId = newRunId();
    const queued = await invokerFromContext(ctx, options.fcEndpoint ? { endpoint: options.fcEndpoint } : {})
      .invokeAsync(ctx.ossedge.functionName, { check: 'heartbeat', runId, queuedAt: new Date().toISOString() }, { invocationId: `heartbeat-${runId}` });
    return { queued: runId, ...queued };
  }, {
    functionName: FUNCTION, fallbackCredentials: options.fallbackCredentials, write: options.write,
    use: [
      idempotent({
        place: (input, ctx) => (reports && input.kind === 'invoke' && requestFields(input).check === 'heartbeat'
          ? { client: client(ctx), bucket: ossFolder(reports).bucket, prefix: invocationsFolder(ossFolder(reports).key, ctx.ossedge.functionName), ttlMs: HEARTBEAT_TTL_MS }
          : undefined),
        duplicate: (_outcome, input) => ({ heartbeat: requestFields(input).runId, stored: false }),
      }),
      reportStore({ ...options, publish: false, client }),
    ],
  });
}
