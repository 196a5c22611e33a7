// `ossedge rollback RUN_ID --dry-run`: the plan of the rollback, exit 3 when it would restore something, and
// not one write to the bucket; then the real rollback restores the before-state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { runCliCaptured } from './cli-process.ts';

let emu: EmulatorHandle;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('rb-site');
  emu.seed.createBucket('rb-reports');
  emu.seed.createBucket('rb-other');
  dir = mkdtempSync(join(tmpdir(), 'ossedge-rb-'));
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], extraEnv: Record<string, string> = {}) {
  const env = { OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret, OSSEDGE_REPORTS: 'oss://rb-reports/runs/', ...extraEnv };
  return runCliCaptured([...args, '--endpoint', emu.endpoint], { env });
}

const writesTo = (bucket: string) => emu.requestLog().filter((e) => e.bucket === bucket && ['PUT', 'POST', 'DELETE'].includes(e.method));

describe('ossedge apply without a reports location', () => {
  it('warns on stderr that the run keeps no rollback point, and rollback then says what is missing', async () => {
    const file = join(dir, 'noreports.yaml');
    writeFileSync(file, 'version: 1\nbuckets:\n  rb-other:\n    cors:\n      rules: [{allowedOrigin: ["https://b.example"], allowedMethod: [GET]}]\n');
    const apply = await cli(['apply', '-c', file], { OSSEDGE_REPORTS: '' });
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stderr).toContain('ossedge apply: warning: no reports location (--reports or OSSEDGE_REPORTS): this run keeps no rollback point');
    const withReports = await cli(['apply', '-c', file]);
    expect(withReports.stderr).not.toContain('warning');
    const rollback = await cli(['rollback', 'some-run'], { OSSEDGE_REPORTS: '' });
    expect(rollback.code).toBe(2);
    expect(rollback.stderr).toContain('rollback needs the reports location (OSSEDGE_REPORTS or --reports)');
  });
});

describe('ossedge rollback --dry-run', () => {
  it('prints what the rollback would restore with exit 3 and writes nothing; the rollback itself then restores it', async () => {
    const file = join(dir, 'ossedge.yaml');
    writeFileSync(file, 'version: 1\nbuckets:\n  rb-site:\n    cors:\n      rules: [{allowedOrigin: ["https://a.example"], allowedMethod: [GET]}]\n');
    const apply = await cli(['apply', '-c', file, '--json']);
    expect(apply.code, apply.stderr).toBe(0);
    const runId = (JSON.parse(apply.stdout) as { runId: string }).runId;

    emu.resetLog();
    const dry = await cli(['rollback', runId, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(3);
    expect(dry.stdout).toContain('rb-site: - cors');
    expect(dry.stdout).toMatch(new RegExp(`^rollback run \\S+: 1 bucket\\(s\\) with changes pending \\(exit 3\\); ossedge rollback ${runId} without --dry-run makes them so$`, 'm'));
    expect(writesTo('rb-site')).toEqual([]);

    const real = await cli(['rollback', runId]);
    expect(real.code, real.stderr).toBe(0);
    expect(writesTo('rb-site').length).toBeGreaterThan(0);
    const after = await cli(['plan', '-c', file]);
    expect(after.code).toBe(3);
  });
});
