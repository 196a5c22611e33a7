// refresh-stale-objects' settings: the one place its environment is read (README "Environment").
import { envCredentials } from '../../shared/fc/credentials.ts';
import { notifyFrom } from '../../shared/report/notify.ts';
import { ossConnectionFromEnv } from '../../shared/state/oss-connection.ts';
import type { RefreshHandlerOptions } from './handler.ts';

/** Every variable `settingsFrom` reads (the connection's and the fallback keys' included). */
export const SETTINGS_VARS = [
  'OSS_ENDPOINT', 'OSS_REGION', 'OSSEDGE_OSS_INTERNAL',
  'OSS_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN', 'ALIBABA_CLOUD_SECURITY_TOKEN',
  'OSSEDGE_ALLOW_PRIVATE_ORIGINS', 'OSSEDGE_CONFIG', 'OSSEDGE_REPORTS', 'OSSEDGE_DASHBOARD',
  'OSSEDGE_NOTIFY_URL', 'OSSEDGE_NOTIFY_KIND', 'OSSEDGE_NOTIFY_SECRET', 'OSSEDGE_FC_ENDPOINT',
] as const;

export function settingsFrom(env: Readonly<Record<string, string | undefined>>): RefreshHandlerOptions {
  return {
    connection: ossConnectionFromEnv(env),
    fallbackCredentials: envCredentials(env),
    allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
    ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
    ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
    ...notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET }),
    ...(env.OSSEDGE_FC_ENDPOINT ? { fcEndpoint: env.OSSEDGE_FC_ENDPOINT } : {}),
  };
}

export const settings = (): RefreshHandlerOptions => settingsFrom(process.env);
