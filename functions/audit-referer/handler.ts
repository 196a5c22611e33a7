import { AUDIT_FUNCTION } from '../../shared/audit/index.ts';
import { auditRun } from '../../shared/audit/report-run.ts';
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { NotFoundError } from '../../shared/fc/errors.ts';
import { createFcHandler } from '../../shared/fc/handler.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { CommonSettings } from '../../shared/fc/settings.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';
import { readLatestReport } from '../../shared/report/store.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import { parseRequest } from './request.ts';


export interface AuditRefererOptions extends Partial<Omit<CommonSettings, 'connection'>>, Pick<CommonSettings, 'connection'> {
  /** OSSEDGE_CONFIG: ossedge.yaml for drift findings (optional). */
  configLocation?: string;
  /** OSSEDGE_NOTIFY_*: new high and critical findings are notified. */
  notify?: NotifyTarget;
  /** Timer runs probe enforcement live (OSSEDGE_AUDIT_PROBE=1). */
  probeOnTimer?: boolean;
  concurrency?: number;
  probeTimeoutMs?: number;
  write?: (line: string) => void;
}

/** audit-referer's FC handler: timer and POST run an audit; GET answers the latest stored report; direct invocation (CLI) runs one. */
export function createAuditRefererHandler(options: AuditRefererOptions) {
  const oss = createClientCache(options.connection);
  const secrets = [options.notify?.secret, options.notify?.url ? new URL(options.notify.url).search.slice(1) || undefined : undefined];
  const { notify: _own, ...stored } = options; // the audit notifies its new findings itself
  return createFcHandler(async (input, ctx) => {
    oss.use(ctx.ossedge.credentials);
    const client = oss.home(ctx.region);
    const req = parseRequest(input);
    if (req === 'latest') {
      const latest = options.reportsLocation ? await readLatestReport(client, options.reportsLocation, AUDIT_FUNCTION) : undefined;
      if (!latest) throw new NotFoundError('no audit-referer report stored yet');
      return { statusCode: 200, headers: { 'Cache-Control': 'no-store' }, body: latest };
    }
    const location = req.config ?? options.configLocation;
    const allowPath = input.kind === 'invoke' || location === options.configLocation;
    const config = location ? (await loadConfigFrom({ kind: 'location', location }, { client: () => client, env: {}, allowPath, requireSecrets: false })).config : undefined;
    const report = await auditRun({
      ...options, client, explicitEndpoint: options.connection.endpoint !== undefined, secrets, deadline: ctx.ossedge.deadline, config,
      buckets: req.buckets, probeKey: req.probeKey, probe: req.probe ?? (input.kind === 'timer' && options.probeOnTimer === true),
    });
    ctx.ossedge.report = report;
    return input.kind === 'http' ? { statusCode: 200, body: report } : report;
  }, {
    functionName: AUDIT_FUNCTION, secrets, fallbackCredentials: options.fallbackCredentials, write: options.write,
    use: [reportStore({ ...stored, client: (ctx) => (oss.use(ctx.ossedge.credentials), oss.home(ctx.region)) })],
  });
}
