// How the CLI tests run ossedge and collect what it wrote: in process (runCli with captured streams, the
// fast path) or as a real child process (pipes, not terminals; what `npx ossedge` runs).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli, type CliIo } from '../../local/cli.ts';
import type { EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { ROOT } from './build-helper.ts';

/** What a run wrote and how it ended (null: killed by a signal, e.g. after its time ran out). */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Beyond stdout/stderr: env, root, and the commands' test seams (`check`: resolver, dialer...). */
export type InProcessIo = Omit<CliIo, 'stdout' | 'stderr'> & Record<string, unknown>;

/** `ossedge ARGS` in this process through runCli, stdout and stderr captured. */
export async function runCliCaptured(args: string[], io: InProcessIo = {}): Promise<Run & { code: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(args, { ...io, stdout, stderr });
  return { code, stdout: out, stderr: err };
}

/** The emulator's keys and region as the CLI's whole environment, plus `extra`. */
export function emulatorEnv(emu: EmulatorHandle, extra: Record<string, string> = {}): Record<string, string> {
  return { OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret, OSS_REGION: emu.region, ...extra };
}

/** `ossedge ARGS --endpoint <emulator>` in this process (runCliCaptured), with emulatorEnv as its environment. */
export function runCliOnEmulator(emu: EmulatorHandle, args: string[], extraEnv: Record<string, string> = {}): Promise<Run & { code: number }> {
  return runCliCaptured([...args, '--endpoint', emu.endpoint], { env: emulatorEnv(emu, extraEnv) });
}

export interface ChildOptions {
  cwd: string;
  /** The child's whole environment besides PATH (nothing else is inherited: no keys of the machine). */
  env: Record<string, string>;
  /** SIGKILL after this long (default 60 s), for a child that would never end on its own. */
  timeoutMs?: number;
}

/** `command ARGS` as a child process with only PATH and `env`, until it exits (or its time runs out). */
export function runChild(command: string, args: string[], options: ChildOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { PATH: process.env.PATH ?? '', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The source tree's CLI entry, `bin/ossedge.mjs`. */
export const OSSEDGE_BIN = join(ROOT, 'bin', 'ossedge.mjs');

/**
 * `node [nodeArgs] bin/ossedge.mjs ARGS` as a real child. HOME defaults to this process's (or /tmp) and cwd
 * to the repository root; `env` adds to (or replaces) HOME.
 */
export function runOssedge(args: string[], options: Partial<ChildOptions> & { nodeArgs?: string[] } = {}): Promise<Run> {
  return runChild(process.execPath, [...(options.nodeArgs ?? []), OSSEDGE_BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { HOME: process.env.HOME ?? '/tmp', ...options.env },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}
