// `ossedge export -o FILE` starts the file with the yaml-language-server schema line when the schema is found
// from FILE's folder up (here: a project with the package installed), without it when nothing is found, and
// the file plans empty either way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { cli } from '../functions/apply-config/support.ts';

let emu: EmulatorHandle;
const root = mkdtempSync(join(tmpdir(), 'ossedge-export-schema-'));
beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('schema-site');
  const put = await cli(emu, ['apply', '-c', writeConfig(join(root, 'seed.yaml'))]);
  expect(put.code, put.err).toBe(0);
});
afterAll(async () => {
  await emu?.close();
  rmSync(root, { recursive: true, force: true });
});

function writeConfig(file: string): string {
  writeFileSync(file, 'version: 1\nbuckets:\n  schema-site:\n    cors:\n      rules:\n        - allowedOrigin: ["https://www.example.com"]\n          allowedMethod: [GET]\n');
  return file;
}

describe('ossedge export -o FILE', () => {
  it('writes the schema line relative to FILE inside a project that has node_modules/ossedge', async () => {
    const project = join(root, 'project');
    mkdirSync(join(project, 'node_modules/ossedge/schema'), { recursive: true });
    writeFileSync(join(project, 'node_modules/ossedge/schema/ossedge.schema.json'), readFileSync(new URL('../../schema/ossedge.schema.json', import.meta.url)));
    mkdirSync(join(project, 'edge'));
    const file = join(project, 'edge', 'ossedge.yaml');
    const run = await cli(emu, ['export', '--bucket', 'schema-site', '-o', file]);
    expect(run.code, run.err).toBe(0);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('# yaml-language-server: $schema=../node_modules/ossedge/schema/ossedge.schema.json');
    expect(lines[1]).toMatch(/^# ossedge\.yaml exported from live buckets/);
    const plan = await cli(emu, ['plan', '-c', file, '--json']);
    expect(plan.code, plan.err).toBe(0);
    expect(plan.json().items).toEqual([expect.objectContaining({ bucket: 'schema-site', code: 'BUCKET_UNCHANGED' })]);
  });

  it('writes no schema line where no schema is found', async () => {
    mkdirSync(join(root, 'bare'));
    const file = join(root, 'bare', 'ossedge.yaml');
    const run = await cli(emu, ['export', '--bucket', 'schema-site', '-o', file]);
    expect(run.code, run.err).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('yaml-language-server');
    expect(text).toMatch(/^# ossedge\.yaml exported from live buckets/);
    expect(text).toContain('https://www.example.com');
  });
});
