// ossedge-health: GET → OSS reachability and each function's latest report (read-only);
// {"check":"status"} → the same as GET, for a synchronous invocation (`ossedge doctor`);
// timer / {"check":"deep"} → queues a heartbeat to itself through the FC invoker;
// {"check":"heartbeat","runId"} → stores the heartbeat report (once per invocation id).
import pkg from '../../package.json' with { type: 'json' };
import { envCredentials } from '../../shared/fc/credentials.ts';
import { BadRequestError, MethodNotAllowedError } from '../../shared/fc/errors.ts';
import { createFcHandler } from '../../shared/fc/handler.ts';
import { healthStatus, storeHeartbeat } from '../../shared/fc/health.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { runOnce } from '../../shared/state/idempotency.ts';
import { createInstanceClient, ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import { ossFolder } from '../../shared/report/location.ts';
import { newRunId } from '../../shared/report/model.ts';

const FUNCTION = 'ossedge-health';
const HEARTBEAT_TTL_MS = 60_000;
const env = process.env;
const reports = env.OSSEDGE_REPORTS || undefined;
const fcEndpoint = env.OSSEDGE_FC_ENDPOINT || undefined;
const oss = createInstanceClient(ossConnectionFromEnv(env));

export const handler = createFcHandler(async (input, ctx) => {
  oss.use(ctx.ossedge.credentials);
  const client = oss.client(ctx.region ?? env.OSS_REGION ?? 'cn-hangzhou');
  const info = { version: pkg.version, function: ctx.ossedge.functionName, ...(ctx.region ? { region: ctx.region } : {}) };
  if (input.kind === 'http') {
    if (input.method !== 'GET' && input.method !== 'HEAD') throw new MethodNotAllowedError(input.method);
    const status = await healthStatus(client, reports, info);
    return { statusCode: status.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' }, body: status };
  }
  const payload = (input.payload ?? {}) as { check?: unknown; runId?: unknown; queuedAt?: unknown };
  if (input.kind !== 'timer' && payload.check === 'status') return healthStatus(client, reports, info);
  if (!reports) throw new BadRequestError('OSSEDGE_REPORTS is not set', { code: 'NOT_CONFIGURED' });
  if (payload.check === 'heartbeat') {
    if (typeof payload.runId !== 'string') throw new BadRequestError('heartbeat needs a runId');
    const runId = payload.runId;
    const { bucket, key } = ossFolder(reports);
    const once = await runOnce(client, {
      bucket, prefix: `${key}_state/invocations/${ctx.ossedge.functionName}/`, invocationId: ctx.ossedge.invocationId,
      owner: ctx.ossedge.requestId, ttlMs: HEARTBEAT_TTL_MS,
    }, async () => (await storeHeartbeat(client, reports, { runId, function: ctx.ossedge.functionName, ...(typeof payload.queuedAt === 'string' ? { queuedAt: payload.queuedAt } : {}) })).runId);
    return { heartbeat: runId, stored: once.ran };
  }
  if (input.kind === 'timer' || payload.check === 'deep') {
    const runId = newRunId();
    const invoker = invokerFromContext(ctx, fcEndpoint ? { endpoint: fcEndpoint } : {});
    const queued = await invoker.invokeAsync(ctx.ossedge.functionName, { check: 'heartbeat', runId, queuedAt: new Date().toISOString() }, { invocationId: `heartbeat-${runId}` });
    return { queued: runId, ...queued };
  }
  throw new BadRequestError('unknown check: expected "status", "deep" or "heartbeat"');
}, { functionName: FUNCTION, fallbackCredentials: envCredentials(env) });
