import { ConfigError } from './errors.ts';
import type { ConfigIssue } from './errors.ts';
import { findJsonError } from './json-error.ts';
import { scanJson } from './json-positions.ts';
import type { PathSegments } from './path.ts';

/** The file is refused above 1 MiB (DESIGN.md, Config file). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type ConfigFormat = 'yaml' | 'json';

export interface ParseOptions {
  /** Forces the format; otherwise taken from the file name's extension, then from the text. */
  format?: ConfigFormat;
  filename?: string;
}

export interface SourcePosition {
  line: number;
  column: number;
}

export interface ParsedConfig {
  value: unknown;
  format: ConfigFormat;
  /** Problems found while parsing that do not stop validation (duplicate keys). */
  issues: ConfigIssue[];
  /** Where a path is in the text (its key when `preferKey`), when the YAML library can tell. */
  locate(segments: PathSegments, preferKey?: boolean): SourcePosition | undefined;
}

/**
 * Parses YAML or JSON text given to it (no I/O). Throws ConfigError CONFIG_TOO_LARGE above 1 MiB
 * and CONFIG_PARSE for malformed text, with line and column when known.
 */
export async function parseConfigText(input: string | Uint8Array, options: ParseOptions = {}): Promise<ParsedConfig> {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError('CONFIG_TOO_LARGE', [
      rootIssue('CONFIG_TOO_LARGE', `config is ${size} bytes; the limit is ${MAX_CONFIG_BYTES} bytes (1 MiB)`),
    ]);
  }
  const text = decode(input).replace(/^\uFEFF/, '');
  const format = options.format ?? formatFromName(options.filename) ?? sniff(text);
  if (format === 'json') return parseJson(text, options.filename);
  // the YAML library (≈ 110 KB, ≈ 25 ms to load) is read only for YAML text, in a chunk of its own
  const { parseYaml } = await import('./parse-yaml.ts');
  return parseYaml(text, options.filename);
}

function parseJson(text: string, filename: string | undefined): ParsedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's message quotes the text near the error: only the position is taken, from our own scan
    const { offset, reason } = findJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    throw parseError(`malformed JSON: ${reason}`, filename, line, before.length - before.lastIndexOf('\n'));
  }
  let scanned;
  try {
    scanned = scanJson(text);
  } catch (err) {
    throw parseError(`malformed JSON: ${(err as Error).message}`, filename);
  }
  return { value, format: 'json', issues: scanned.issues, locate: (segments, preferKey = false) => scanned.locate(segments, preferKey) };
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new ConfigError('CONFIG_PARSE', [rootIssue('CONFIG_PARSE', 'config is not valid UTF-8 text')]);
  }
}

function formatFromName(filename: string | undefined): ConfigFormat | undefined {
  if (filename === undefined) return undefined;
  if (/\.json$/i.test(filename)) return 'json';
  if (/\.ya?ml$/i.test(filename)) return 'yaml';
  return undefined;
}

/** Text whose first non-blank character is `{` or `[` and that parses as JSON is JSON; the rest is YAML. */
function sniff(text: string): ConfigFormat {
  if (!/^\s*[[{]/.test(text)) return 'yaml';
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return /^\s*[[{]\s*"/.test(text) ? 'json' : 'yaml';
  }
}

/**
 * A parse error of our own words: the library's message is never kept, nor the error as a cause,
 * because both may quote the input (a secret written in clear).
 */
export function parseError(message: string, file: string | undefined, line?: number, column?: number): ConfigError {
  const issue = rootIssue('CONFIG_PARSE', message);
  if (file !== undefined) issue.file = file;
  if (line !== undefined) Object.assign(issue, { line, column: column ?? 1 });
  return new ConfigError('CONFIG_PARSE', [issue]);
}

function rootIssue(code: string, message: string): ConfigIssue {
  return { path: '', segments: [], message, severity: 'error', code };
}

