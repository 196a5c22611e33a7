import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FaultRule } from './faults.ts';
import { startEmulator, type EmulatorOptions } from './index.ts';
import { EMULATOR_OPTIONS } from './options.ts';

/**
 * `ossedge emulator [--port N] [--data DIR] [--region R] [--access-key-id ID --access-key-secret SECRET
 * [--security-token T]] [--service-host H ...] [--admin] [--fault SPEC ...] [--fault-seed N]`
 *
 * Prints `endpoint=http://127.0.0.1:N` as the first stdout line once it accepts connections, then runs
 * until SIGINT/SIGTERM and shuts down cleanly. Exit codes: 0 after a signal, 2 bad usage, 1 start failure.
 */

/** The short usage of usage errors; `ossedge emulator --help` describes each flag (EMULATOR_OPTIONS). */
export const EMULATOR_USAGE = `usage: ossedge emulator [--port N] [--data DIR] [--region R]
                        [--access-key-id ID --access-key-secret SECRET [--security-token T]]
                        [--service-host H ...] [--admin] [--fault SPEC ...] [--fault-seed N]
  (ossedge emulator --help describes each flag)`;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Resolves when the process is asked to stop (default: first SIGINT or SIGTERM). */
  stopSignal?: Promise<unknown>;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const NUMERIC_FAULT_FIELDS = new Set(['errorRate', 'resetRate', 'truncateRate', 'latencyMs', 'failNext']);

export function parseFaultSpec(spec: string): FaultRule {
  const rule: Record<string, string | number> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--fault: expected key=value, got "${part}"`);
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (NUMERIC_FAULT_FIELDS.has(k)) {
      const n = Number(v);
      if (v === '' || Number.isNaN(n)) throw new UsageError(`--fault: ${k} must be a number`);
      rule[k] = n;
    } else rule[k] = v;
  }
  return rule as FaultRule;
}

function toInt(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new UsageError(`--${name} must be an integer in ${min}..${max}`);
  return Number(v);
}

/** Parses the emulator's flags into startEmulator options (throws UsageError). */
export function parseEmulatorArgs(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: EMULATOR_OPTIONS,
  });
  const id = values['access-key-id'];
  const secret = values['access-key-secret'];
  if ((id === undefined) !== (secret === undefined)) throw new UsageError('--access-key-id and --access-key-secret go together');
  if (values['security-token'] !== undefined && id === undefined) throw new UsageError('--security-token needs --access-key-id');
  const options: EmulatorOptions = { port: toInt('port', values.port, 0, 65535) ?? 0 };
  if (values.data) options.dataDir = values.data;
  if (values.region) options.region = values.region;
  if (id !== undefined && secret !== undefined) {
    options.credentials = [{ accessKeyId: id, accessKeySecret: secret, ...(values['security-token'] ? { securityToken: values['security-token'] } : {}) }];
  }
  if (values['service-host']?.length) options.serviceHosts = values['service-host'];
  if (values.admin) options.adminEnabled = true;
  if (values.fault?.length) options.faults = values.fault.map(parseFaultSpec);
  const seed = toInt('fault-seed', values['fault-seed'], 0, 2 ** 32 - 1);
  if (seed !== undefined) options.faultSeed = seed;
  return options;
}

function defaultStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (sig: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(sig);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Runs the emulator until stopped; resolves with the exit code. */
export async function runEmulatorCli(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${EMULATOR_USAGE}\n`);
    return 0;
  }
  let options: EmulatorOptions;
  try {
    options = parseEmulatorArgs(argv);
  } catch (err) {
    io.stderr.write(`ossedge emulator: ${(err as Error).message}\n${EMULATOR_USAGE}\n`);
    return 2;
  }
  const stop = io.stopSignal ?? defaultStopSignal();
  let emu;
  try {
    emu = await startEmulator({ ...options, onInternalError: (err) => io.stderr.write(`ossedge emulator: internal error: ${(err as Error)?.stack ?? String(err)}\n`) });
  } catch (err) {
    io.stderr.write(`ossedge emulator: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`endpoint=${emu.endpoint}\n`);
  io.stderr.write(
    `ossedge emulator: region ${emu.region}, key ${emu.accessKeyId}${options.dataDir ? `, data in ${options.dataDir}` : ', in memory'}${options.adminEnabled ? `, admin at ${emu.endpoint}/-/admin/` : ''}\n`,
  );
  await stop;
  await emu.close();
  return 0;
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  runEmulatorCli(process.argv.slice(2)).then((code) => process.exit(code));
}
