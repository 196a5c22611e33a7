import { AUDIT_FUNCTION, isSeverity } from '../../shared/audit/index.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../../shared/fc/errors.ts';
import { createInstanceClient, type OssConnection } from '../../shared/state/oss-connection.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';
import { readLatestReport } from '../../shared/report/store.ts';
import { loadAuditConfig } from './config.ts';
import { auditAndReport, type AuditRequest } from '../../shared/audit/report-run.ts';

export const DEFAULT_REGION = 'cn-hangzhou';

export interface AuditRefererOptions {
  connection: OssConnection;
  /** OSSEDGE_CONFIG: ossedge.yaml for drift findings (optional). */
  configLocation?: string;
  /** OSSEDGE_REPORTS: oss://bucket/prefix/. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: where dashboard/index.html goes (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  notify?: NotifyTarget;
  /** Timer runs probe enforcement live (OSSEDGE_AUDIT_PROBE=1). */
  probeOnTimer?: boolean;
  concurrency?: number;
  probeTimeoutMs?: number;
  fallbackCredentials?: CredentialsProvider;
  write?: (line: string) => void;
}

interface Payload {
  bucket?: unknown;
  probe?: unknown;
  probeKey?: unknown;
  config?: unknown;
  failOn?: unknown;
}

const asList = (v: unknown): string[] | undefined => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

/** audit-referer's FC handler: timer and POST run an audit; GET answers the latest stored report; direct invocation (CLI) runs one. */
export function createAuditRefererHandler(options: AuditRefererOptions) {
  const oss = createInstanceClient(options.connection);
  const secrets = [options.notify?.secret, options.notify?.url ? new URL(options.notify.url).search.slice(1) || undefined : undefined];

  async function run(p: Payload, ctx: FcHandlerContext, probeDefault: boolean, allowPath: boolean) {
    if (p.failOn !== undefined && !isSeverity(p.failOn)) throw new BadRequestError('failOn must be one of info, low, medium, high, critical', { code: 'BAD_FAIL_ON' });
    if (p.probe !== undefined && typeof p.probe !== 'boolean') throw new BadRequestError('probe must be true or false', { code: 'BAD_PROBE' });
    const client = oss.client(ctx.region ?? DEFAULT_REGION);
    const location = typeof p.config === 'string' ? p.config : options.configLocation;
    const req: AuditRequest = {
      probe: p.probe ?? probeDefault,
      ...(asList(p.bucket)?.length ? { buckets: asList(p.bucket)! } : {}),
      ...(typeof p.probeKey === 'string' ? { probeKey: p.probeKey } : {}),
      ...(location ? { config: await loadAuditConfig(location, client, allowPath || location === options.configLocation) } : {}),
    };
    return auditAndReport(req, {
      client, explicitEndpoint: options.connection.endpoint !== undefined, secrets, deadline: ctx.ossedge.deadline, log: ctx.ossedge.log,
      ...(options.reportsLocation ? { reportsLocation: options.reportsLocation } : {}),
      ...(options.dashboardLocation ? { dashboardLocation: options.dashboardLocation } : {}),
      ...(options.notify ? { notify: options.notify } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.probeTimeoutMs ? { probeTimeoutMs: options.probeTimeoutMs } : {}),
    });
  }

  return createFcHandler(async (input, ctx) => {
    oss.use(ctx.ossedge.credentials);
    if (input.kind === 'http') {
      if (input.method === 'GET') {
        const latest = options.reportsLocation ? await readLatestReport(oss.client(ctx.region ?? DEFAULT_REGION), options.reportsLocation, AUDIT_FUNCTION) : undefined;
        if (!latest) throw new NotFoundError('no audit-referer report stored yet');
        return { statusCode: 200, headers: { 'Cache-Control': 'no-store' }, body: latest };
      }
      if (input.method !== 'POST') throw new MethodNotAllowedError(input.method);
      let body: Payload = {};
      try {
        body = input.rawBody.length > 0 ? (JSON.parse(input.text()) as Payload) : {};
      } catch {
        throw new BadRequestError('body must be JSON', { code: 'BAD_JSON' });
      }
      return { statusCode: 200, body: await run(body, ctx, false, false) };
    }
    if (input.kind === 'timer') return run((input.payload ?? {}) as Payload, ctx, options.probeOnTimer === true, false);
    return run((input.payload ?? {}) as Payload, ctx, false, true);
  }, {
    functionName: AUDIT_FUNCTION, secrets,
    ...(options.fallbackCredentials ? { fallbackCredentials: options.fallbackCredentials } : {}),
    ...(options.write ? { write: options.write } : {}),
  });
}
