// Helpers for the apply-config tests: the CLI in-process, write counting in the emulator log, and
// ali-oss answers put into the XML element shape (what ali-oss returns for routing rules).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import type { Resolver } from '../../../shared/net/resolve.ts';
import { type CountingDialer, loopbackOnlyDialer } from '../../shared/net/servers.ts';
import { runCliCaptured } from '../../e2e/cli-process.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  json(): any;
  /** The pre-flight's dialer: every origin connection it attempted (only loopback ones can open). */
  dialer: CountingDialer;
}

/** The tests' resolver: no name resolves, so the pre-flight never makes a real DNS lookup (IP literals skip it). */
export const noDnsResolver: Resolver = async (hostname) => {
  throw Object.assign(new Error(`test resolver: ${hostname} is not known`), { code: 'ENOTFOUND' });
};

/** `ossedge ARGS --endpoint EMU` with the emulator's keys in the environment (and the pre-flight's test seam). */
export async function cli(emu: EmulatorHandle, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const dialer = loopbackOnlyDialer();
  // the command's test seam: origin checks of the pre-flight reach loopback only and never ask real DNS
  const run = await runCliCaptured([...args, '--endpoint', emu.endpoint], {
    env: { OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret, ...env },
    check: { resolver: noDnsResolver, dialer, budgetMs: 3000 },
  });
  return { code: run.code, out: run.stdout, err: run.stderr, json: () => JSON.parse(run.stdout), dialer };
}

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);

/** Write requests in the emulator log (optionally only to `buckets`). */
export function writesIn(emu: EmulatorHandle, buckets?: readonly string[]) {
  return emu.requestLog().filter((e) => WRITE_METHODS.has(e.method) && (!buckets || (e.bucket !== undefined && buckets.includes(e.bucket))));
}

let dir: string | undefined;
/** Writes `text` to a fresh temp file and returns its path. */
export function tempFile(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'ossedge-apply-'));
  const file = join(dir, `${Math.random().toString(36).slice(2, 8)}-${name}`);
  writeFileSync(file, text);
  return file;
}

const parser = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, trimValues: true });

/** Our XML as the plain object ali-oss builds from (and gives back for) XML: element names, strings. */
export function xmlShape(xml: string): any {
  return parser.parse(xml);
}

export const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
