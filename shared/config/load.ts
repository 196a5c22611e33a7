import { ConfigError } from './errors.ts';
import type { ConfigIssue } from './errors.ts';
import { normalizeConfig } from './normalize.ts';
import { MAX_CONFIG_BYTES, parseConfigText } from './parse.ts';
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
export async function loadConfig(text: string | Uint8Array, options: ParseOptions = {}): Promise<LoadResult> {
  let parsed;
  try {
    parsed = await parseConfigText(text, options);
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, issues: [...err.issues] };
    throw err;
  }
  const issues = validateConfig(parsed);
  if (hasErrors(issues)) return { ok: false, issues };
  return { ok: true, config: normalizeConfig(parsed.value), warnings: issues };
}

/**
 * validate → normalize for a value that is already parsed (a config carried inside a JSON webhook
 * payload). The 1 MiB limit applies to its JSON text. No positions: there is no source text.
 */
export function loadConfigValue(value: unknown): LoadResult {
  const size = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (size > MAX_CONFIG_BYTES) {
    const message = `config is ${size} bytes as JSON; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB)`;
    return { ok: false, issues: [{ path: '', segments: [], message, severity: 'error', code: 'CONFIG_TOO_LARGE' }] };
  }
  const issues = validateConfig({ value });
  if (hasErrors(issues)) return { ok: false, issues };
  return { ok: true, config: normalizeConfig(value), warnings: issues };
}

/** Like loadConfig, but throws ConfigError (code CONFIG_PARSE, CONFIG_TOO_LARGE or CONFIG_INVALID). */
export async function loadConfigOrThrow(text: string | Uint8Array, options: ParseOptions = {}): Promise<{ config: OssedgeConfig; warnings: ConfigIssue[] }> {
  const parsed = await parseConfigText(text, options);
  const issues = validateConfig(parsed);
  if (hasErrors(issues)) throw new ConfigError('CONFIG_INVALID', issues);
  return { config: normalizeConfig(parsed.value), warnings: issues };
}
