import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInto, existingFunctions } from './build-helper.ts';

// What a cold start evaluates is the entry file and the chunks it imports statically; the rest loads on
// first use. Timing lives in bench/function-cold-start.ts; this test holds what makes it fast.
const DEFERRED = [
  { pkg: 'yaml', why: 'read only when a config is YAML (shared/config/parse-yaml.ts) or exported' },
  { pkg: 'undici', why: 'the OSS transport and shared/net load it on their first request' },
  { pkg: '@alicloud/fc2', why: 'only the invoking path imports it' },
];

let outdir: string;

beforeAll(() => {
  ({ outdir } = buildInto('ossedge-cold-'));
}, 180_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Relative specifiers of the top-level `import` / `export ... from` statements (dynamic imports excluded). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return source.statements
    .filter((s): s is ts.ImportDeclaration | ts.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))
    .map((s) => s.moduleSpecifier)
    .filter((m): m is ts.StringLiteral => m !== undefined && ts.isStringLiteral(m) && m.text.startsWith('.'))
    .map((m) => m.text);
}

/** Every file a cold import evaluates, from the entry through static imports. */
function loadedAtImport(entry: string): string[] {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(file)) stack.push(resolve(dirname(file), spec));
  }
  return [...seen];
}

/** The source files bundled into `file`, from its source map (build.mjs writes one per output). */
function sourcesOf(file: string): string[] {
  const map = `${file}.map`;
  expect(existsSync(map), `${map} exists`).toBe(true);
  return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
}

describe('function bundles at cold start', () => {
  it.each(existingFunctions())('%s evaluates none of the deferred packages at import', (fn) => {
    const entry = join(outdir, fn, 'index.mjs');
    const files = loadedAtImport(entry);
    const bundled = files.flatMap((f) => sourcesOf(f).map((s) => ({ file: relative(outdir, f), source: s })));
    for (const { pkg } of DEFERRED) {
      expect(bundled.filter((b) => b.source.includes(`node_modules/${pkg}/`)).map((b) => `${b.file} <- ${b.source}`), pkg).toEqual([]);
    }
    if (fn === 'apply-config') {
      // the origin checks of the pre-flight (and shared/net under them) load when a mirror rule changes
      expect(bundled.filter((b) => b.source.includes('shared/net/')).map((b) => b.source), 'shared/net').toEqual([]);
    }
    // the walk itself must see something: the entry holds our own code
    expect(bundled.some((b) => b.source.includes('shared/'))).toBe(true);
  });

  it('keeps yaml and undici in chunks of apply-config\'s folder, for the paths that load them', () => {
    const dir = join(outdir, 'apply-config', 'chunks');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.mjs')).flatMap((f) => sourcesOf(join(dir, f)));
    expect(sources.some((s) => s.includes('node_modules/yaml/'))).toBe(true);
    expect(sources.some((s) => s.includes('node_modules/undici/'))).toBe(true);
    expect(sources.some((s) => s.endsWith('shared/config/parse-yaml.ts'))).toBe(true);
  });
});
