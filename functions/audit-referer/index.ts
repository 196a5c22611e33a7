// audit-referer: inventories every visible bucket and reports hotlink (Referer) exposure; timer, HTTP
// (POST runs, GET answers the latest report) and direct invocation (CLI). Engine: shared/audit.
import { envCredentials } from '../../shared/fc/credentials.ts';
import { ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import { notifyFrom } from '../../shared/report/notify.ts';
import { createAuditRefererHandler } from './handler.ts';

const env = process.env;

export const handler = createAuditRefererHandler({
  connection: ossConnectionFromEnv(env),
  fallbackCredentials: envCredentials(env),
  ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
  ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
  ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
  ...notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET }),
  probeOnTimer: env.OSSEDGE_AUDIT_PROBE === '1',
});
