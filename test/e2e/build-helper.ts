import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The functions that exist in functions/ (each has an index.ts). */
export function existingFunctions(): string[] {
  const dir = join(ROOT, 'functions');
  return existsSync(dir) ? readdirSync(dir).filter((n) => existsSync(join(dir, n, 'index.ts'))).sort() : [];
}

/** Runs scripts/build.mjs into a fresh temp dir (tests never race on dist/); returns that dir and the log. */
export function buildInto(prefix: string): { outdir: string; log: string } {
  const outdir = mkdtempSync(join(tmpdir(), prefix));
  const log = execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { outdir, log };
}
