// Where a function run's ossedge.yaml comes from (the webhook body, a direct invocation's payload, an
// OSS object named in the environment, or a file for the CLI), and its validation before any request to
// a bucket: a bad config is a 400 (exit 2) naming every bad path.
import { ConfigError, MAX_CONFIG_BYTES, formatIssue, loadConfig, loadConfigValue, secretEnvNames, unresolvedSecretIssues, type ConfigIssue } from '../config/index.ts';
import type { ConfigSource, LoadedConfig } from '../config/source.ts';
import { BadRequestError } from './errors.ts';
import { getObject, isOssErrorCode, type OssInvoker } from '../oss/index.ts';
import { parseOssLocation } from '../state/location.ts';
import { readCapped, readFileCapped, TooLargeError } from '../state/capped-read.ts';

export type { ConfigSource, LoadedConfig };

/** The issues as a 400 (exit 2 in the CLI): every problem with its path, nothing secret. */
export function configRefused(issues: readonly ConfigIssue[], code = 'CONFIG_INVALID'): BadRequestError {
  const errors = issues.filter((i) => i.severity === 'error');
  const shown = errors.slice(0, 50).map(formatIssue).join('\n');
  return new BadRequestError(`invalid config (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${shown}`, {
    code,
    details: { issues: errors.map(({ path, message, code: c, file, line, column }) => ({ path, message, code: c, ...(file !== undefined ? { file } : {}), ...(line ? { line, column } : {}) })) },
  });
}

/** A config longer than MAX_CONFIG_BYTES as the 400 every other size refusal is (CONFIG_TOO_LARGE, path ''). */
export function configTooLarge(e: TooLargeError): BadRequestError {
  const what = e.size === undefined ? `more than ${e.limit} bytes` : `${e.size} bytes`;
  const message = `config ${e.source} is ${what}; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB)`;
  return configRefused([{ path: '', segments: [], message, severity: 'error', code: 'CONFIG_TOO_LARGE' }], 'CONFIG_TOO_LARGE');
}

/** Bytes read for a config as text; bytes that are not UTF-8 are refused (CONFIG_PARSE), never replaced. */
export function configText(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw configRefused([{ path: '', segments: [], message: 'config is not valid UTF-8 text', severity: 'error', code: 'CONFIG_PARSE', file }], 'CONFIG_PARSE');
  }
}

/**
 * The text of a config location: `oss://bucket/key` (a missing object or bucket is CONFIG_NOT_FOUND) or,
 * when `allowPath`, a file path (CONFIG_NOT_FOUND when unreadable); else CONFIG_LOCATION. Either read is
 * capped: more than 1 MiB is refused (CONFIG_TOO_LARGE) before anything is parsed, never cut short.
 */
export async function readConfigLocation(location: string, client: () => OssInvoker, allowPath: boolean): Promise<{ text: string; filename: string }> {
  if (location.startsWith('oss://')) {
    const { bucket, key } = parseOssLocation(location);
    try {
      const res = await getObject(client(), { bucket, key });
      if (res.notModified) throw new Error('unexpected 304');
      const bytes = await readCapped(res.body, { limit: MAX_CONFIG_BYTES, source: location, declaredLength: res.contentLength });
      return { text: configText(bytes, key), filename: key };
    } catch (e) {
      if (e instanceof TooLargeError) throw configTooLarge(e);
      if (isOssErrorCode(e, 'NoSuchKey', 'NoSuchBucket')) throw new BadRequestError(`config object ${location} does not exist`, { code: 'CONFIG_NOT_FOUND' });
      throw e;
    }
  }
  if (!allowPath) throw new BadRequestError('the config location must be oss://bucket/key', { code: 'CONFIG_LOCATION' });
  let bytes: Buffer;
  try {
    bytes = await readFileCapped(location, { limit: MAX_CONFIG_BYTES, source: location });
  } catch (e) {
    if (e instanceof TooLargeError) throw configTooLarge(e);
    throw new BadRequestError(`cannot read config file ${location}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { code: 'CONFIG_NOT_FOUND' });
  }
  return { text: configText(bytes, location), filename: location };
}

/**
 * parse → validate → normalize, before any request to a bucket. Throws BadRequestError (400 / exit 2)
 * naming every bad path. `requireSecrets`: every `${env:NAME}` must be set (a run that writes); without it an
 * unset one is a warning (a plan: CI rarely holds production secrets).
 */
export async function loadConfigFrom(
  source: ConfigSource, deps: { client: () => OssInvoker; env: Readonly<Record<string, string | undefined>>; allowPath: boolean; requireSecrets: boolean },
): Promise<LoadedConfig> {
  let text: string;
  let filename: string | undefined;
  let origin: string;
  let result;
  if (source.kind === 'value') {
    result = loadConfigValue(source.value);
    text = JSON.stringify(source.value);
    filename = 'config.json';
    origin = 'payload';
  } else {
    if (source.kind === 'location') ({ text, filename } = await readConfigLocation(source.location, deps.client, deps.allowPath));
    else ({ text, filename } = source);
    origin = source.kind === 'location' ? source.location : (filename ?? 'payload');
    result = await loadConfig(text, filename ? { filename } : {});
  }
  if (!result.ok) {
    const code = result.issues.find((i) => i.code === 'CONFIG_TOO_LARGE' || i.code === 'CONFIG_PARSE')?.code ?? 'CONFIG_INVALID';
    throw configRefused(result.issues, code);
  }
  if (deps.requireSecrets) {
    const missing = secretEnvNames(result.config).filter((n) => !deps.env[n]);
    if (missing.length > 0) {
      throw new BadRequestError(`secret references without a value: ${missing.map((n) => `\${env:${n}}`).join(', ')}`, { code: 'CONFIG_SECRET_UNRESOLVED', details: { variables: missing } });
    }
  }
  const unresolved = deps.requireSecrets ? [] : unresolvedSecretIssues(result.config, deps.env, 'warning');
  return { config: result.config, text, ...(filename ? { filename } : {}), origin, warnings: [...result.warnings, ...unresolved] };
}

export { ConfigError };
