// ossedge-health's settings: the one place its environment is read (README "Environment").
import { COMMON_SETTINGS_VARS, commonSettingsFrom, type Env } from '../../shared/fc/settings.ts';
import type { HealthOptions } from './handler.ts';

/** Every variable `settingsFrom` reads. */
export const SETTINGS_VARS = ['OSSEDGE_FC_ENDPOINT', ...COMMON_SETTINGS_VARS] as const;

export function settingsFrom(env: Env): HealthOptions {
  return { ...commonSettingsFrom(env), ...(env.OSSEDGE_FC_ENDPOINT ? { fcEndpoint: env.OSSEDGE_FC_ENDPOINT } : {}) };
}

export const settings = (): HealthOptions => settingsFrom(process.env);
