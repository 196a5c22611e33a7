export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines also carry `fields`. */
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** Where each JSON line goes; default stdout (FC collects it into the function's logstore). */
  write?: (line: string) => void;
  /** Values that must never appear in a line (secrets); each occurrence becomes "***". */
  secrets?: ReadonlyArray<string | undefined>;
  fields?: Record<string, unknown>;
  now?: () => Date;
}

const MIN_SECRET_LENGTH = 4;

// On globalThis, under a registered symbol: every bundle carries its own copy of this module, and the
// CLI's choice must reach the function bundles that `ossedge local` loads from dist/.
const DEFAULT_WRITE = Symbol.for('ossedge.logger.defaultWrite');
type WithDefaultWrite = { [DEFAULT_WRITE]?: (line: string) => void };

function defaultWrite(line: string): void {
  const write = (globalThis as WithDefaultWrite)[DEFAULT_WRITE];
  if (write) write(line);
  else process.stdout.write(`${line}\n`);
}

/**
 * Where loggers without their own `write` send lines: stdout by default (FC collects it); the CLI points
 * it at stderr (`--verbose`, `ossedge local`) or nowhere, so stdout carries only its own output.
 */
export function setDefaultLogWrite(write: (line: string) => void): void {
  (globalThis as WithDefaultWrite)[DEFAULT_WRITE] = write;
}
const REDACTED = '***';

/** One JSON object per line: `{time, level, msg, requestId?, ...fields}`, secrets scrubbed. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => defaultWrite(line));
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH);
  const now = options.now ?? (() => new Date());
  const base = options.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    let line = JSON.stringify({ time: now().toISOString(), level, msg, ...base, ...fields }, jsonSafe);
    for (const s of secrets) line = line.split(s).join(REDACTED);
    for (const s of secrets) line = line.split(JSON.stringify(s).slice(1, -1)).join(REDACTED);
    write(line);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...options, write, fields: { ...base, ...fields } }),
  };
}

/** Errors as `{name, code, message}`; bigint as string. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; statusCode?: unknown; status?: unknown };
    return { name: e.name, message: e.message, code: e.code, status: e.statusCode ?? e.status };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
