// How the CLI writes: results on stdout, diagnostics on stderr, JSON logs only when asked for
// (--verbose or OSSEDGE_LOG=debug), colour only on a terminal that wants it (NO_COLOR, FORCE_COLOR, TERM=dumb).
import type { CommandIo } from './table.ts';

/** True when structured logs should reach stderr. */
export function wantsLogs(verbose: unknown, env: NodeJS.ProcessEnv): boolean {
  return verbose === true || env.OSSEDGE_LOG === 'debug';
}

/** The `write` handed to handlers and loggers: stderr with --verbose, else nothing. */
export function logWriter(io: CommandIo, verbose: unknown, env: NodeJS.ProcessEnv): (line: string) => void {
  return wantsLogs(verbose, env) ? (line) => io.stderr.write(`${line}\n`) : () => {};
}

const CODES = { red: 31, green: 32, yellow: 33, bold: 1 } as const;
export type Paint = Record<keyof typeof CODES, (text: string) => string>;

/** https://no-color.org and FORCE_COLOR; otherwise colour only when the stream is a terminal. */
export function colourEnabled(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return (stream as { isTTY?: boolean }).isTTY === true && env.TERM !== 'dumb';
}

export function paint(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): Paint {
  const on = colourEnabled(stream, env);
  const wrap = (code: number) => (text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { red: wrap(CODES.red), green: wrap(CODES.green), yellow: wrap(CODES.yellow), bold: wrap(CODES.bold) };
}
