import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findSchema, schemaLine } from '../../../local/commands/schema-line.ts';

const root = mkdtempSync(join(tmpdir(), 'ossedge-schema-line-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A folder under the temp root with these files (path → content); returns its path. */
function tree(name: string, files: Record<string, string>): string {
  const base = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(base, path, '..'), { recursive: true });
    writeFileSync(join(base, path), text);
  }
  mkdirSync(base, { recursive: true });
  return base;
}

const SCHEMA = '{"$schema":"https://json-schema.org/draft/2020-12/schema"}';

describe('the export schema line', () => {
  it('points from the written file at node_modules/ossedge of the project it lands in, however deep', async () => {
    const project = tree('installed', { 'package.json': '{"name":"my-site"}', 'node_modules/ossedge/schema/ossedge.schema.json': SCHEMA });
    const deep = join(project, 'config', 'prod');
    mkdirSync(deep, { recursive: true });
    expect(await schemaLine(deep)).toBe('# yaml-language-server: $schema=../../node_modules/ossedge/schema/ossedge.schema.json\n');
    expect(await schemaLine(project)).toBe('# yaml-language-server: $schema=node_modules/ossedge/schema/ossedge.schema.json\n');
  });

  it('points at the schema of a checkout of this package (its package.json names ossedge)', async () => {
    const checkout = tree('checkout', { 'package.json': '{"name":"ossedge","version":"0.1.0"}', 'schema/ossedge.schema.json': SCHEMA });
    mkdirSync(join(checkout, 'examples'));
    expect(await schemaLine(join(checkout, 'examples'))).toBe('# yaml-language-server: $schema=../schema/ossedge.schema.json\n');
    // and this repository is one
    const repoExamples = fileURLToPath(new URL('../../../examples/', import.meta.url));
    expect(await schemaLine(repoExamples)).toBe('# yaml-language-server: $schema=../schema/ossedge.schema.json\n');
    expect(readFileSync(join(repoExamples, 'ossedge.yaml'), 'utf8').split('\n')[0]).toBe((await schemaLine(repoExamples)).trimEnd());
  });

  it('writes no line when nothing is found (no published schema URL exists to fall back to)', async () => {
    const empty = tree('nothing/sub', {});
    expect(await findSchema(empty)).toBeUndefined();
    expect(await schemaLine(empty)).toBe('');
  });

  it('does not take a schema/ossedge.schema.json of another package, or behind a package.json it cannot trust', async () => {
    const other = tree('other', { 'package.json': '{"name":"not-ossedge"}', 'schema/ossedge.schema.json': SCHEMA });
    expect(await schemaLine(other)).toBe('');
    const broken = tree('broken', { 'package.json': '{"name":"ossedge"', 'schema/ossedge.schema.json': SCHEMA });
    expect(await schemaLine(broken)).toBe('');
    // past the read limit: refused, never read in part (a name at the start would otherwise match)
    const huge = tree('huge', { 'package.json': `{"name":"ossedge","x":"${'a'.repeat(300 * 1024)}"}`, 'schema/ossedge.schema.json': SCHEMA });
    expect(await schemaLine(huge)).toBe('');
    const noPackage = tree('no-package', { 'schema/ossedge.schema.json': SCHEMA });
    expect(await schemaLine(noPackage)).toBe('');
  });

  it('names no folder of the user in the line: spaces, "#", a newline or a backslash in folder names cannot break the comment', async () => {
    // the line is "../" per level up plus the package's own path, so what the folders are called never reaches it
    const project = tree('hostile names', { 'node_modules/ossedge/schema/ossedge.schema.json': SCHEMA });
    const deep = join(project, 'a b', 'c#d', 'e\nf', 'g\\h');
    mkdirSync(deep, { recursive: true });
    const line = await schemaLine(deep);
    expect(line).toBe('# yaml-language-server: $schema=../../../../node_modules/ossedge/schema/ossedge.schema.json\n');
    // and it leads to the schema from where the file is written (as the language server resolves it)
    expect(existsSync(resolve(deep, line.slice(line.indexOf('=') + 1, -1)))).toBe(true);
  });

  it('follows a symlinked node_modules/ossedge (npm link, pnpm) and survives a symlink loop', async () => {
    const store = tree('store/ossedge@0.1.0', { 'schema/ossedge.schema.json': SCHEMA });
    const linked = tree('linked', {});
    mkdirSync(join(linked, 'node_modules'));
    symlinkSync(store, join(linked, 'node_modules', 'ossedge'));
    expect(await schemaLine(linked)).toBe('# yaml-language-server: $schema=node_modules/ossedge/schema/ossedge.schema.json\n');
    const loop = tree('loop', {});
    mkdirSync(join(loop, 'node_modules'));
    symlinkSync(join(loop, 'node_modules', 'ossedge'), join(loop, 'node_modules', 'ossedge'));
    expect(await schemaLine(loop)).toBe('');
  });

  it('takes only regular files: a folder named like the schema, or a FIFO package.json, is passed over at once', async () => {
    const folder = tree('folder', {});
    mkdirSync(join(folder, 'node_modules/ossedge/schema/ossedge.schema.json'), { recursive: true });
    expect(await schemaLine(folder)).toBe('');
    const fifo = tree('fifo', { 'schema/ossedge.schema.json': SCHEMA });
    execFileSync('mkfifo', [join(fifo, 'package.json')]);
    expect(await schemaLine(fifo)).toBe('');
    // a package.json that is a link to an endless device is not a regular file either: never read
    const device = tree('device', { 'schema/ossedge.schema.json': SCHEMA });
    symlinkSync('/dev/zero', join(device, 'package.json'));
    expect(await schemaLine(device)).toBe('');
  });
});
