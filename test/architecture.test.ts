import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layering rules of README "Layering" (DESIGN.md: dependencies point down, functions → engines →
// (config, mirror, referer, git, state, report, net, ...) → oss). Every import counts: static, dynamic,
// `import type` and `export ... from`, as TypeScript's own pre-processor lists them.

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['functions', 'shared', 'local'];
const ENGINES = ['shared/apply', 'shared/refresh', 'shared/audit', 'shared/origin-check'];

interface Edge {
  from: string;
  to: string;
}

interface Allowed {
  /** A file, or a folder meaning every file under it. */
  from: string;
  to: string;
  why: string;
}

/**
 * Violations that are still there, each with why. An entry that no longer matches any import fails the
 * test, so the list only shrinks; a new violation is never covered by an old entry (file-level where the
 * edge is an engine's, folder-level only for the CLI's commands, which all import the same two files).
 */
const ALLOWED: Allowed[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports of `file`, as repository paths. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(ROOT, resolve(ROOT, dirname(file), spec)).split('\\').join('/'));
}

/** The folder a file belongs to for layering: `shared/oss/xml/parse.ts` → `shared/oss`; `local/cli.ts` → `local`. */
function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length <= 2 ? parts[0]! : `${parts[0]}/${parts[1]}`;
}

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

function allowed(edge: Edge): Allowed | undefined {
  return ALLOWED.find((a) => within(edge.from, a.from) && within(edge.to, a.to));
}

/** Forbidden edges between files, by rule; [] when none. */
function forbidden(edge: Edge): string[] {
  const from = folderOf(edge.from);
  const to = folderOf(edge.to);
  const rules: string[] = [];
  if ((within(from, 'functions') || within(from, 'shared')) && within(to, 'local')) rules.push('shipped code (functions/, shared/) never imports local/');
  if (within(from, 'shared') && within(to, 'functions')) rules.push('shared/ never imports functions/');
  if (from.startsWith('functions/') && to.startsWith('functions/') && from !== to) rules.push('a function never imports another function');
  if (from === 'shared/net' && to === 'shared/oss') rules.push('shared/net never imports shared/oss');
  if (from === 'shared/oss' && to.startsWith('shared/') && !['shared/oss', 'shared/hash', 'shared/errors'].includes(to)) rules.push('shared/oss is the bottom layer: it imports only shared/hash and shared/errors');
  if (from === 'shared/errors' && to !== 'shared/errors') rules.push('shared/errors (the error base and the code table) imports nothing');
  if (ENGINES.includes(from) && to === 'shared/fc') rules.push('an engine never imports shared/fc');
  return rules;
}

/** Strongly connected components with more than one folder (Tarjan), each sorted. */
function folderCycles(edges: readonly Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    graph.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

const FILES = SOURCE_DIRS.filter((d) => existsSync(join(ROOT, d))).flatMap(sourceFiles);
const EDGES: Edge[] = FILES.flatMap((from) => importsOf(from).map((to) => ({ from, to })));
const show = (e: Edge) => `${e.from} -> ${e.to}`;

describe('layering (README "Layering")', () => {
  it('reads the imports of every source file, dynamic and type-only ones too', () => {
    expect(FILES.length).toBeGreaterThan(100);
    // one of each kind, so a walker that misses a kind fails here rather than passing silently
    expect(EDGES.some((e) => e.from === 'shared/config/parse.ts' && e.to === 'shared/config/parse-yaml.ts')).toBe(true); // import()
    expect(EDGES.map(show)).toContain('shared/mirror/match.ts -> shared/oss/models/website.ts'); // import type only
  });

  it('has no forbidden edge beyond the allow-list', () => {
    const found = EDGES.flatMap((e) => (allowed(e) ? [] : forbidden(e).map((rule) => `${show(e)}: ${rule}`)));
    expect(found).toEqual([]);
  });

  it('has no import cycle between folders beyond the allow-list', () => {
    const cycles = folderCycles(EDGES.filter((e) => !allowed(e)));
    const detail = cycles.map((c) => `${c.join(' <-> ')}: ${EDGES.filter((e) => c.includes(folderOf(e.from)) && c.includes(folderOf(e.to)) && folderOf(e.from) !== folderOf(e.to)).map(show).join(', ')}`);
    expect(detail).toEqual([]);
  });

  it('keeps every allow-list entry in use (fixed violations leave the list)', () => {
    const unused = ALLOWED.filter((a) => !EDGES.some((e) => within(e.from, a.from) && within(e.to, a.to)));
    expect(unused.map((a) => `${a.from} -> ${a.to}`)).toEqual([]);
  });
});

describe('the layering checks themselves', () => {
  it('finds a cycle through three folders and none in a chain', () => {
    const e = (from: string, to: string) => ({ from: `${from}/x.ts`, to: `${to}/y.ts` });
    expect(folderCycles([e('shared/a', 'shared/b'), e('shared/b', 'shared/c'), e('shared/c', 'shared/a')])).toEqual([['shared/a', 'shared/b', 'shared/c']]);
    expect(folderCycles([e('shared/a', 'shared/b'), e('shared/b', 'shared/c')])).toEqual([]);
    expect(folderCycles([{ from: 'local/cli.ts', to: 'local/commands/a.ts' }, { from: 'local/commands/a.ts', to: 'local/cli.ts' }])).toEqual([['local', 'local/commands']]);
  });

  it('names each rule an edge breaks', () => {
    expect(forbidden({ from: 'shared/net/body.ts', to: 'shared/oss/crc64.ts' })).toEqual(['shared/net never imports shared/oss']);
    expect(forbidden({ from: 'shared/refresh/run.ts', to: 'shared/fc/lease.ts' })).toEqual(['an engine never imports shared/fc']);
    expect(forbidden({ from: 'functions/a/index.ts', to: 'local/cli.ts' })).toEqual(['shipped code (functions/, shared/) never imports local/']);
    expect(forbidden({ from: 'shared/oss/client.ts', to: 'shared/hash/crc64.ts' })).toEqual([]);
    expect(forbidden({ from: 'shared/oss/errors.ts', to: 'shared/errors/base.ts' })).toEqual([]);
    expect(forbidden({ from: 'shared/oss/errors.ts', to: 'shared/config/index.ts' })).toEqual(['shared/oss is the bottom layer: it imports only shared/hash and shared/errors']);
    expect(forbidden({ from: 'shared/errors/codes.ts', to: 'shared/oss/errors.ts' })).toEqual(['shared/errors (the error base and the code table) imports nothing']);
    expect(forbidden({ from: 'local/commands/a.ts', to: 'functions/a/handler.ts' })).toEqual([]);
    expect(forbidden({ from: 'functions/a/index.ts', to: 'shared/fc/handler.ts' })).toEqual([]);
  });

  it('keeps every file of functions/ a table of contents: 60 lines at most (README "Function anatomy")', () => {
    const long = FILES.filter((f) => f.startsWith('functions/'))
      .map((f) => ({ f, lines: readFileSync(join(ROOT, f), 'utf8').replace(/\n$/, '').split('\n').length }))
      .filter((x) => x.lines > 60)
      .map((x) => `${x.f}: ${x.lines} lines`);
    expect(FILES.filter((f) => f.startsWith('functions/')).length).toBeGreaterThanOrEqual(5);
    expect(long).toEqual([]);
  });
});
