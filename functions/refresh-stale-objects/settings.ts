// refresh-stale-objects' settings: the one place its environment is read (README "Environment").
import { COMMON_SETTINGS_VARS, commonSettingsFrom, NOTIFY_VARS, notifySettingsFrom, type Env } from '../../shared/fc/settings.ts';
import type { RefreshHandlerOptions } from './handler.ts';

/** Every variable `settingsFrom` reads. */
export const SETTINGS_VARS = ['OSSEDGE_CONFIG', 'OSSEDGE_ALLOW_PRIVATE_ORIGINS', 'OSSEDGE_FC_ENDPOINT', ...NOTIFY_VARS, ...COMMON_SETTINGS_VARS] as const;

export function settingsFrom(env: Env): RefreshHandlerOptions {
  return {
    ...commonSettingsFrom(env),
    ...notifySettingsFrom(env),
    ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
    ...(env.OSSEDGE_FC_ENDPOINT ? { fcEndpoint: env.OSSEDGE_FC_ENDPOINT } : {}),
  };
}

export const settings = (): RefreshHandlerOptions => settingsFrom(process.env);
