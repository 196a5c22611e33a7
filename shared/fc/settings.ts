import type { CredentialsProvider } from '../oss/credentials/types.ts';
import { notifyFrom, type NotifyTarget } from '../report/notify.ts';
import { retentionDaysFrom } from '../report/retention.ts';
import { OSS_CONNECTION_VARS, ossConnectionFromEnv, type OssConnection } from '../state/oss-connection.ts';
import { CREDENTIAL_VARS, envCredentials } from './credentials.ts';

/** An environment as read once by a function's settings module (functions/<name>/settings.ts). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The variables `commonSettingsFrom` reads. */
export const COMMON_SETTINGS_VARS = [
  'OSSEDGE_REPORTS', 'OSSEDGE_DASHBOARD', 'OSSEDGE_REPORT_RETENTION_DAYS', ...OSS_CONNECTION_VARS, ...CREDENTIAL_VARS,
] as const;
export const NOTIFY_VARS = ['OSSEDGE_NOTIFY_URL', 'OSSEDGE_NOTIFY_KIND', 'OSSEDGE_NOTIFY_SECRET'] as const;

export interface CommonSettings {
  connection: OssConnection;
  /** Keys when the FC context brings none (local runs). */
  fallbackCredentials: CredentialsProvider;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: `oss://bucket/prefix/` (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_REPORT_RETENTION_DAYS: run reports older than this are swept (default 90; 0 keeps all). */
  retentionDays: number;
}

/** What every function reads: the OSS connection, fallback keys, where reports go and how long they stay. Unset and '' are alike. */
export function commonSettingsFrom(env: Env): CommonSettings {
  return {
    connection: ossConnectionFromEnv(env),
    fallbackCredentials: envCredentials(env),
    ...(env.OSSEDGE_REPORTS ? { reportsLocation: env.OSSEDGE_REPORTS } : {}),
    ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
    retentionDays: retentionDaysFrom(env.OSSEDGE_REPORT_RETENTION_DAYS),
  };
}

/** OSSEDGE_NOTIFY_URL / _KIND / _SECRET. */
export function notifySettingsFrom(env: Env): { notify?: NotifyTarget } {
  return notifyFrom({ url: env.OSSEDGE_NOTIFY_URL, kind: env.OSSEDGE_NOTIFY_KIND, secret: env.OSSEDGE_NOTIFY_SECRET });
}
