// validate-mirror-origin's settings: the one place its environment is read (README "Environment").
import { COMMON_SETTINGS_VARS, commonSettingsFrom, NOTIFY_VARS, notifySettingsFrom, type Env } from '../../shared/fc/settings.ts';
import type { ValidateOriginsOptions } from './handler.ts';

/** Every variable `settingsFrom` reads. */
export const SETTINGS_VARS = ['OSSEDGE_CONFIG', 'OSSEDGE_ALLOW_PRIVATE_ORIGINS', ...NOTIFY_VARS, ...COMMON_SETTINGS_VARS] as const;

export function settingsFrom(env: Env): ValidateOriginsOptions {
  return {
    ...commonSettingsFrom(env),
    ...notifySettingsFrom(env),
    ...(env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    allowPrivate: env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
  };
}

export const settings = (): ValidateOriginsOptions => settingsFrom(process.env);
