import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');

/** A function's settings module (functions/<name>/settings.ts). */
export interface SettingsModule {
  SETTINGS_VARS: readonly string[];
  settingsFrom(env: Readonly<Record<string, string | undefined>>): unknown;
}

export const settingsPath = (fn: string): string => join(ROOT, 'functions', fn, 'settings.ts');

/** Every function has one: a missing settings.ts fails the import. */
export async function settingsModule(fn: string): Promise<SettingsModule> {
  return (await import(pathToFileURL(settingsPath(fn)).href)) as SettingsModule;
}

/** The variables a function reads: its settings module's SETTINGS_VARS (an entry ending in `*` names a prefix, e.g. 'OSSEDGE_SECRET_*'). */
export async function settingsVarsOf(fn: string): Promise<string[]> {
  return [...new Set((await settingsModule(fn)).SETTINGS_VARS)].sort();
}

/** A prefix entry ('OSSEDGE_SECRET_*'): any variable with that prefix. */
export const isPrefixEntry = (v: string): boolean => v.endsWith('*');
