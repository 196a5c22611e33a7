// README's "Dependencies, and why each one" table against package.json and the code: every package is in the
// table once, the major versions and pins it states are package.json's, and a package marked "shipped" is
// one the function bundles or the CLI reach from their entry points (a "dev" one is not).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/build-helper.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const declared: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.split('\n## Dependencies, and why each one\n')[1]!.split('\n## ')[0]!;

interface Row { name: string; major?: number; pinned: boolean; where: string }
const rows: Row[] = section
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .flatMap((line) => {
    const [, first, where] = line.split('|').map((c) => c.trim());
    const pinned = first!.includes('(pinned exactly)');
    return [...first!.matchAll(/`([^`]+)`/g)].map((m) => {
      const at = /^(.+)@(\d+)$/.exec(m[1]!);
      return { name: at ? at[1]! : m[1]!, major: at ? Number(at[2]) : undefined, pinned, where: where! };
    });
  });

/** Packages reachable from the shipped entry points (each function's index.ts, the CLI), imports of every kind. */
function shippedPackages(): Set<string> {
  const entries = [...readdirSync(join(ROOT, 'functions')).map((f) => `functions/${f}/index.ts`), 'local/cli.ts'];
  const seen = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'utf8');
    } catch {
      continue; // a function folder without index.ts
    }
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (spec.startsWith('.')) queue.push(relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/'));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return packages;
}

describe("README's dependency table", () => {
  it('names every package of package.json once, and nothing else', () => {
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(declared).sort());
  });

  it('states the major versions and exact pins package.json has', () => {
    for (const r of rows) {
      const range = declared[r.name]!;
      if (r.major !== undefined) expect(/(\d+)/.exec(range)?.[1], `${r.name}@${r.major} vs ${range}`).toBe(String(r.major));
      expect(/^\d+\.\d+\.\d+$/.test(range), `${r.name} ${range}: README says ${r.pinned ? '' : 'not '}pinned`).toBe(r.pinned);
    }
  });

  it('says "shipped" exactly for the packages the bundles reach, and "every package is a devDependency" only while it is true', () => {
    const shipped = shippedPackages();
    expect(shipped.size).toBeGreaterThan(3);
    expect([...shipped].filter((p) => !(p in declared))).toEqual([]);
    const wrong = rows.filter((r) => r.where.startsWith('shipped') !== shipped.has(r.name)).map((r) => `${r.name}: "${r.where}"`);
    expect(wrong).toEqual([]);
    expect(section.includes('Every package is a devDependency')).toBe(Object.keys(pkg.dependencies ?? {}).length === 0);
  });
});
