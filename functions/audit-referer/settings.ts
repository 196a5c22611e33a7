// audit-referer's settings: the one place its environment is read (README "Environment").
import { COMMON_SETTINGS_VARS, commonSettingsFrom, NOTIFY_VARS, notifySettingsFrom, type Env } from '../../shared/fc/settings.ts';
import type { AuditRefererOptions } from './handler.ts';

/** Every variable `settingsFrom` reads. */
export const SETTINGS_VARS = ['OSSEDGE_CONFIG', 'OSSEDGE_AUDIT_PROBE', ...NOTIFY_VARS, ...COMMON_SETTINGS_VARS] as const;

export function settingsFrom(env: Env): AuditRefererOptions {
  return {
    ...commonSettingsFrom(env),
    ...notifySettingsFrom(env),
    ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    probeOnTimer: env.OSSEDGE_AUDIT_PROBE === '1',
  };
}

export const settings = (): AuditRefererOptions => settingsFrom(process.env);
