import { BadRequestError, MethodNotAllowedError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import type { OssConnection } from '../../shared/state/oss-connection.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import { checkRules } from '../../shared/origin-check/run.ts';
import { VALIDATE_FUNCTION, addRuleItems } from '../../shared/origin-check/report.ts';
import type { OriginCheckOptions } from '../../shared/origin-check/types.ts';
import { createReport, type Report } from '../../shared/report/model.ts';
import { storeReportAndDashboard } from '../../shared/report/html-publish.ts';
import { type ConfigSource, loadConfigFrom } from '../../shared/fc/config-source.ts';
import { bucketClients, createClientCache } from '../../shared/state/oss-clients.ts';
import { collectTargets } from '../../shared/origin-check/collect.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';

export interface ValidateOriginsOptions {
  connection: OssConnection;
  fallbackCredentials?: CredentialsProvider;
  /** OSSEDGE_CONFIG: `oss://bucket/key` or a path. Without it, live rules are checked. */
  configLocation?: string;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: `oss://bucket/prefix/` for the dashboard (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: an origin that turns failing is notified once. */
  notify?: NotifyTarget;
  /** OSSEDGE_ALLOW_PRIVATE_ORIGINS=1 / --allow-private-origins, read once by the caller. */
  allowPrivate?: boolean;
  /** Budgets, concurrency, resolver, dialer, trusted CAs (tests and local runs). */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
  write?: (line: string) => void;
}

interface Request {
  buckets?: string[];
  source?: ConfigSource;
}

const asList = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean)
  : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string')
  : undefined;

/** HTTP: `?bucket=a,b` (GET or POST); timer and direct invoke: `{bucket?, config?, configText?, filename?}`. */
function parseRequest(input: FcInput): Request {
  if (input.kind === 'http') {
    if (input.method !== 'GET' && input.method !== 'POST') throw new MethodNotAllowedError(input.method);
    const buckets = asList(input.query.bucket);
    return buckets?.length ? { buckets } : {};
  }
  const p = (input.payload ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw new BadRequestError('payload must be a JSON object');
  const buckets = asList(p.bucket);
  if (p.bucket !== undefined && !buckets) throw new BadRequestError('bucket must be a name or a list of names', { code: 'BAD_BUCKET' });
  const out: Request = buckets?.length ? { buckets } : {};
  if (input.kind === 'invoke') {
    if (typeof p.configText === 'string') out.source = { kind: 'text', text: p.configText, ...(typeof p.filename === 'string' ? { filename: p.filename } : {}) };
    else if (typeof p.config === 'string') out.source = { kind: 'location', location: p.config };
    else if (p.config !== undefined && p.config !== null) out.source = { kind: 'value', value: p.config };
  }
  return out;
}

/** validate-mirror-origin's FC handler: timer, HTTP and direct invoke all run every check and answer the report. */
export function createValidateOriginsHandler(options: ValidateOriginsOptions) {
  const clients = createClientCache(options.connection);
  return createFcHandler(async (input, ctx: FcHandlerContext) => {
    const request = parseRequest(input);
    clients.use(ctx.ossedge.credentials);
    const home = clients.home(ctx.region);
    const source = request.source ?? (options.configLocation ? { kind: 'location' as const, location: options.configLocation } : undefined);
    const loaded = source
      ? await loadConfigFrom(source, { client: () => home, env: {}, allowPath: input.kind !== 'http', requireSecrets: false })
      : undefined;
    const config = loaded?.config;
    if (config) clients.admit(config);
    const report = createReport({ function: VALIDATE_FUNCTION });
    // each bucket read through its own region's endpoint unless an endpoint (or region) is forced
    const perBucket = bucketClients(clients, { ...(config ? { config } : {}), ...(ctx.region ? { fallbackRegion: ctx.region } : {}), lookup: home });
    const collected = await collectTargets({
      ...(config ? { config } : {}), ...(request.buckets ? { buckets: request.buckets } : {}), home,
      clientFor: (bucket) => perBucket.clientFor(bucket), learnRegion: (bucket, region) => perBucket.learn(bucket, region),
      ...(options.check?.maxSampleKeys ? { maxSampleKeys: options.check.maxSampleKeys } : {}),
    });
    for (const e of collected.errors) report.error(e.error, e.bucket);
    const remaining = Math.max(1_000, ctx.ossedge.deadline - Date.now() - 2_000);
    const run = await checkRules(collected.targets, {
      ...options.check, allowPrivate: options.allowPrivate === true, signal: AbortSignal.timeout(remaining),
    });
    addRuleItems(report, run);
    report.count('buckets', collected.buckets.length);
    const done: Report = report.finish();
    ctx.ossedge.log.info('validate-mirror-origin finished', { runId: done.runId, ok: done.ok, config: loaded?.origin, summary: done.summary });
    if (options.reportsLocation) {
      try {
        // the dashboard (origin health per rule, latest runs) follows each stored run
        const stored = await storeReportAndDashboard(home, options.reportsLocation, done, { ...(options.dashboardLocation ? { dashboard: options.dashboardLocation } : {}), ...(options.notify ? { notify: options.notify } : {}) });
        if (stored.dashboardError) ctx.ossedge.log.warn('dashboard not published', { code: (stored.dashboardError as { code?: string }).code ?? 'ERROR', message: stored.dashboardError.message });
      } catch (err) {
        ctx.ossedge.log.error('report not stored', { code: (err as { code?: string }).code, message: (err as Error).message });
      }
    }
    return input.kind === 'http' ? { statusCode: 200, headers: { 'Cache-Control': 'no-store' }, body: done } : done;
  }, { functionName: VALIDATE_FUNCTION, ...(options.fallbackCredentials ? { fallbackCredentials: options.fallbackCredentials } : {}), ...(options.write ? { write: options.write } : {}) });
}
