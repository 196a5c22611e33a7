// Helpers for the apply-config tests: the CLI in-process, write counting in the emulator log, and
// ali-oss answers put into the XML element shape (what ali-oss returns for routing rules).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { runCli } from '../../../local/cli.ts';
import type { EmulatorHandle } from '../../../local/oss-emulator/index.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  json(): any;
}

/** `ossedge ARGS --endpoint EMU` with the emulator's keys in the environment. */
export async function cli(emu: EmulatorHandle, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli([...args, '--endpoint', emu.endpoint], {
    stdout, stderr, env: { OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret, ...env },
  });
  return { code, out, err, json: () => JSON.parse(out) };
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
