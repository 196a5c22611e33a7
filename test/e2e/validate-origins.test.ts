// `ossedge validate-origins` end to end: the CLI table → the command module → the handler → the checks,
// against the emulator and loopback origins. Exit 1 when a rule fails, 0 when all pass, 2 on bad input.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { runCliOnEmulator } from './cli-process.ts';
import { type TestServer, closedPort, startServer } from '../shared/net/servers.ts';
import { object, router } from '../shared/origin-check/rig.ts';

let emu: EmulatorHandle;
let origin: TestServer;
let dir: string;
let deadPort: number;

beforeAll(async () => {
  emu = await startEmulator();
  origin = await startServer(router({ files: (_req, res) => object(res) }));
  deadPort = await closedPort();
  dir = mkdtempSync(join(tmpdir(), 'ossedge-vo-'));
  emu.seed.createBucket('vo-site');
  emu.seed.createBucket('vo-other');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await origin?.close();
  await emu?.close();
});

function file(name: string, rules: string[]): string {
  const text = `version: 1\nbuckets:\n${rules.join('')}`;
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
const bucket = (name: string, url: string, prefix = 'a/') => `  ${name}:
    website:
      routingRules:
        - condition: {keyPrefixEquals: ${prefix}, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${url}'}
          sampleKeys: [${prefix}x.txt]
`;

const cli = (args: string[]) => runCliOnEmulator(emu, ['validate-origins', ...args, '--budget-ms', '3000']);

describe('ossedge validate-origins', () => {
  it('exits 0 and prints one line per rule when every origin passes', async () => {
    const run = await cli(['-c', file('good.yaml', [bucket('vo-site', `${origin.origin}/files/`)]), '--allow-private-origins']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok +vo-site buckets\.vo-site\.website\.routingRules\[0\]$/m);
    expect(run.stdout).toMatch(/1 rule\(s\): 1 ok, 0 warn, 0 fail; 1 origin\(s\) in \d+ ms/);
  });

  it('exits 1 with the JSON report alone on stdout when a rule fails, naming the check and the fix', async () => {
    const run = await cli(['-c', file('mixed.yaml', [bucket('vo-site', `${origin.origin}/files/`), bucket('vo-other', `http://127.0.0.1:${deadPort}/`)]), '--allow-private-origins', '--json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ function: 'validate-mirror-origin', ok: false, summary: { rules: 2, rulesOk: 1, rulesFail: 1, buckets: 2 } });
    expect(report.items.find((i: { code: string }) => i.code === 'ORIGIN_TCP')).toMatchObject({ bucket: 'vo-other', status: 'fail', hint: expect.stringMatching(/Nothing listens/) });
  });

  it('filters by --bucket', async () => {
    const run = await cli(['-c', file('mixed2.yaml', [bucket('vo-site', `${origin.origin}/files/`), bucket('vo-other', `http://127.0.0.1:${deadPort}/`)]), '--allow-private-origins', '--bucket', 'vo-site', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ rules: 1, buckets: 1 });
  });

  it('refuses loopback origins without --allow-private-origins (exit 1) and never contacts them', async () => {
    const before = origin.connections();
    const run = await cli(['-c', file('private.yaml', [bucket('vo-site', `${origin.origin}/files/`)])]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL {2}vo-site /m);
    expect(run.stdout).toContain('127.0.0.1 (loopback)');
    expect(run.stdout).toMatch(/hint: .*OSS cannot reach it/);
    expect(origin.connections()).toBe(before);
  });

  it('exits 2 for an invalid config or a bad flag', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nbuckets:\n  vo-site:\n    website:\n      routingRules:\n        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: "ftp://x/"}\n');
    const run = await cli(['-c', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('routingRules[0].redirect.mirrorURL');
    expect((await cli(['--frobnicate'])).code).toBe(2);
  });
});
