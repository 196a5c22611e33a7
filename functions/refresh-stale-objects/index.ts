// refresh-stale-objects: finds mirrored copies whose origin object changed and refreshes them safely
// (verified refetch or delete), resumable within the function timeout, fanning out for large buckets.
import { envCredentials } from '../../shared/fc/credentials.ts';
import { ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import { createRefreshHandler } from './handler.ts';
import { notifyFrom } from '../../shared/report/notify.ts';

const env = process.env;

export const handler = createRefreshHandler({
  connection: ossConnectionFromEnv(env),
  fallbackCredentials: envCredentials(env),
  allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
  ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
  ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
  ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
  ...notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET }),
  ...(env.OSSEDGE_FC_ENDPOINT ? { fcEndpoint: env.OSSEDGE_FC_ENDPOINT } : {}),
});
