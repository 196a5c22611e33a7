import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');

/** A function's settings module (functions/<name>/settings.ts). */
export interface SettingsModule {
  SETTINGS_VARS: readonly string[];
  settingsFrom(env: Readonly<Record<string, string | undefined>>): unknown;
}

export const settingsPath = (fn: string): string => join(ROOT, 'functions', fn, 'settings.ts');

export async function settingsModule(fn: string): Promise<SettingsModule | undefined> {
  return existsSync(settingsPath(fn)) ? ((await import(pathToFileURL(settingsPath(fn)).href)) as SettingsModule) : undefined;
}

/**
 * The variables a function reads: its settings module's SETTINGS_VARS (an entry ending in `*` names a
 * prefix, e.g. 'OSSEDGE_SECRET_*'). FALLBACK, to remove once every function has a settings.ts: the
 * `env.NAME` reads of its index.ts (apply-config and refresh-stale-objects until their refactor lands).
 */
export async function settingsVarsOf(fn: string): Promise<string[]> {
  const mod = await settingsModule(fn);
  if (mod) return [...new Set(mod.SETTINGS_VARS)].sort();
  const text = readFileSync(join(ROOT, 'functions', fn, 'index.ts'), 'utf8');
  return [...new Set([...text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!))].sort();
}

/** A prefix entry ('OSSEDGE_SECRET_*'): any variable with that prefix. */
export const isPrefixEntry = (v: string): boolean => v.endsWith('*');
