import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { existingFunctions } from './e2e/build-helper.ts';
import { settingsModule } from './helpers/settings-vars.ts';

// functions/<name>/settings.ts is the one place shipped code reads process.env (README "Environment");
// everything else gets the values it needs passed in.

const ROOT = join(import.meta.dirname, '..');
const SETTINGS_FILE = /^functions\/[^/]+\/settings\.ts$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Lines of `process.env` reads in TypeScript source (`process.env.X`, `process.env`, `process['env']`); comments and strings do not count. */
export function processEnvReads(text: string): number[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const isProcess = (e: ts.Expression) => (ts.isIdentifier(e) && e.text === 'process') || (ts.isPropertyAccessExpression(e) && e.name.text === 'process');
  const visit = (node: ts.Node): void => {
    const hit = (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && isProcess(node.expression)) ||
      (ts.isElementAccessExpression(node) && isProcess(node.expression) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'env') ||
      (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer !== undefined && isProcess(node.initializer) &&
        node.name.elements.some((el) => (el.propertyName ?? el.name).getText() === 'env'));
    if (hit) lines.push(file.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return lines;
}

describe('process.env in shipped code', () => {
  it('is read only in functions/<name>/settings.ts', () => {
    const files = ['functions', 'shared'].flatMap(sourceFiles).map((f) => relative(ROOT, join(ROOT, f)).split('\\').join('/'));
    expect(files.length).toBeGreaterThan(100);
    const found = files.filter((f) => !SETTINGS_FILE.test(f)).flatMap((f) => processEnvReads(readFileSync(join(ROOT, f), 'utf8')).map((line) => `${f}:${line}`));
    expect(found).toEqual([]);
    // the settings modules themselves do read it (so the finder would see a read elsewhere)
    const settings = files.filter((f) => SETTINGS_FILE.test(f));
    expect(settings.sort()).toEqual(existingFunctions().map((fn) => `functions/${fn}/settings.ts`).sort());
    for (const f of settings) expect(processEnvReads(readFileSync(join(ROOT, f), 'utf8')), f).not.toEqual([]);
  });

  it('finds every way of reading it, and nothing in comments or strings', () => {
    expect(processEnvReads('const a = process.env.X;\nconst b = process.env;\nconst c = process["env"].Y;\nconst { env } = process;\nconst d = globalThis.process.env.Z;')).toEqual([1, 2, 3, 4, 5]);
    expect(processEnvReads('// process.env.X\n/** process.env */\nconst s = "process.env.X";\nconst t = `process.env`;\nconst o = { env: 1 }.env;\nconst { argv } = process;')).toEqual([]);
  });
});

describe('settings modules', () => {
  it('read exactly their SETTINGS_VARS: no variable read that the list (and so s.yaml\'s check) misses, none listed and never read', async () => {
    let checked = 0;
    for (const fn of existingFunctions()) {
      const mod = await settingsModule(fn);
      const read = new Set<string>();
      const env = new Proxy({} as Record<string, string | undefined>, { get: (_t, k) => (typeof k === 'string' && read.add(k), undefined) });
      mod.settingsFrom(env);
      const listed = mod.SETTINGS_VARS.filter((v) => !v.endsWith('*'));
      expect([...read].filter((k) => !mod.SETTINGS_VARS.some((v) => v === k || (v.endsWith('*') && k.startsWith(v.slice(0, -1))))), fn).toEqual([]);
      expect(listed.filter((v) => !read.has(v)), fn).toEqual([]);
      checked++;
    }
    expect(checked).toBe(existingFunctions().length);
  });

  it('refuse a bad OSSEDGE_REPORT_RETENTION_DAYS at start-up rather than keeping reports for a guessed time', async () => {
    for (const fn of existingFunctions()) {
      const mod = await settingsModule(fn);
      expect(mod.settingsFrom({ OSSEDGE_REPORT_RETENTION_DAYS: '30' }), fn).toMatchObject({ retentionDays: 30 });
      expect(mod.settingsFrom({}), fn).toMatchObject({ retentionDays: 90 });
      expect(() => mod.settingsFrom({ OSSEDGE_REPORT_RETENTION_DAYS: '30 days' }), fn).toThrow(RangeError);
    }
  });
});
