// validate-mirror-origin: for every mirror rule (ossedge.yaml and/or live), the URL OSS would fetch for
// sample keys, DNS, address class, TCP, TLS, HEAD/GET, redirects, Content-MD5, encodings, header rules.
// Timer, HTTP (?bucket=a,b) and direct invoke ({bucket, config}) all answer the report and store it.
import { envCredentials } from '../../shared/fc/credentials.ts';
import { ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import { createValidateOriginsHandler } from './handler.ts';
import { notifyFrom } from '../../shared/report/notify.ts';

const env = process.env;

export const handler = createValidateOriginsHandler({
  connection: ossConnectionFromEnv(env),
  fallbackCredentials: envCredentials(env),
  allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
  ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
  ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
  ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
  ...notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET }),
});
