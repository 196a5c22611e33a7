import { ConfigError } from './errors.ts';
import type { ConfigIssue } from './errors.ts';
import { normalizeConfig } from './normalize.ts';
import { parseConfigText } from './parse.ts';
import type { ParseOptions } from './parse.ts';
import type { OssedgeConfig } from './types.ts';
import { hasErrors, validateConfig } from './validate/index.ts';

export type LoadResult =
  | { ok: true; config: OssedgeConfig; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[] };

/**
 * parse → validate → normalize, with every problem at once. Never throws for bad input: a too large
 * or malformed text gives `{ok: false}` with the parse issue.
 */
export function loadConfig(text: string | Uint8Array, options: ParseOptions = {}): LoadResult {
  let parsed;
  try {
    parsed = parseConfigText(text, options);
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, issues: [...err.issues] };
    throw err;
  }
  const issues = validateConfig(parsed);
  if (hasErrors(issues)) return { ok: false, issues };
  return { ok: true, config: normalizeConfig(parsed.value), warnings: issues };
}

/** Like loadConfig, but throws ConfigError (code CONFIG_PARSE, CONFIG_TOO_LARGE or CONFIG_INVALID). */
export function loadConfigOrThrow(text: string | Uint8Array, options: ParseOptions = {}): { config: OssedgeConfig; warnings: ConfigIssue[] } {
  const parsed = parseConfigText(text, options);
  const issues = validateConfig(parsed);
  if (hasErrors(issues)) throw new ConfigError('CONFIG_INVALID', issues);
  return { config: normalizeConfig(parsed.value), warnings: issues };
}
