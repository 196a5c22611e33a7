// `ossedge rollback RUN_ID --dry-run`: the plan of the rollback, exit 3 when it would restore something, and
// not one write to the bucket; then the real rollback restores the before-state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { runCliCaptured } from './cli-process.ts';
import { aliOssClient } from '../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../helpers/origin.ts';
import { closedPort } from '../shared/net/servers.ts';
import { cli as checkedCli } from '../functions/apply-config/support.ts';

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
    emu.resetLog();
    const rollback = await cli(['rollback', 'some-run'], { OSSEDGE_REPORTS: '' });
    expect(rollback.code).toBe(2);
    expect(rollback.stderr).toContain('rollback needs the reports location (OSSEDGE_REPORTS or --reports)');
    expect(rollback.stderr).toContain('An apply run without a reports location kept no rollback point');
    expect(rollback.stdout).toBe('');
    // said before any request
    expect(emu.requestLog()).toEqual([]);
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
    // the readable output says the bucket is now on drift hold, and how the hold ends
    expect(real.stdout).toContain('! rb-site: DRIFT_HOLD_PLACED drift correction on hold: the drift timer reports this bucket\'s drift and does not correct it until the next apply from the config or `ossedge hold release rb-site`');
    expect(writesTo('rb-site').length).toBeGreaterThan(0);
    const after = await cli(['plan', '-c', file]);
    expect(after.code).toBe(3);
  });
});

describe('ossedge rollback runs the origin pre-flight on the mirror rules it restores', () => {
  const reports = ['--reports', 'oss://rb-reports/pf/'];
  /** A bucket whose live website has one mirror rule to `url`, then an apply that deletes the website: its run id. */
  async function appliedOver(bucket: string, url: string): Promise<string> {
    emu.seed.createBucket(bucket);
    await (aliOssClient(emu) as any).putBucketWebsite(bucket, { index: 'index.html', routingRules: [{ RuleNumber: 1, Condition: { KeyPrefixEquals: 'img/', HttpErrorCodeReturnedEquals: 404 }, Redirect: { RedirectType: 'Mirror', MirrorURL: url } }] });
    const file = join(dir, `${bucket}.yaml`);
    writeFileSync(file, `version: 1\nbuckets:\n  ${bucket}:\n    website: null\n`);
    const apply = await checkedCli(emu, ['apply', '-c', file, '--json', ...reports]);
    expect(apply.code, apply.err).toBe(0);
    await expect((aliOssClient(emu) as any).getBucketWebsite(bucket)).rejects.toMatchObject({ status: 404 });
    return apply.json().runId as string;
  }
  const preflightItem = (report: any) => report.items.find((i: any) => i.code === 'PREFLIGHT_RESULT');

  it('refuses to restore a mirror rule whose origin is a closed loopback port (dry run and rollback exit 1, zero writes); --force restores it', async () => {
    const dead = await closedPort();
    const runId = await appliedOver('rb-pf-dead', `http://127.0.0.1:${dead}/`);

    emu.resetLog();
    const dry = await checkedCli(emu, ['rollback', runId, '--dry-run', '--allow-private-origins', '--json', ...reports]);
    expect(dry.code, dry.err).toBe(1);
    expect(preflightItem(dry.json())).toMatchObject({ bucket: 'rb-pf-dead', target: 'website.routingRules[0]', status: 'fail', message: expect.stringMatching(/^ORIGIN_TCP: /) });

    const refused = await checkedCli(emu, ['rollback', runId, '--allow-private-origins', '--json', ...reports]);
    expect(refused.code, refused.err).toBe(1);
    const report = refused.json();
    expect(report).toMatchObject({ ok: false, rollbackOf: runId });
    expect(preflightItem(report)).toMatchObject({ status: 'fail', message: expect.stringMatching(/^ORIGIN_TCP: /) });
    expect(report.items.find((i: any) => i.code === 'BUCKET_FAILED')).toMatchObject({ bucket: 'rb-pf-dead', data: { errorCode: 'PREFLIGHT_FAILED' } });
    expect(refused.dialer.attempts.map((a) => a.port)).toContain(dead);
    expect(writesTo('rb-pf-dead')).toEqual([]);
    await expect((aliOssClient(emu) as any).getBucketWebsite('rb-pf-dead')).rejects.toMatchObject({ status: 404 });

    const forced = await checkedCli(emu, ['rollback', runId, '--force', '--allow-private-origins', '--json', ...reports]);
    expect(forced.code, forced.err).toBe(0);
    expect(preflightItem(forced.json())).toMatchObject({ status: 'warn', message: expect.stringMatching(/^ORIGIN_TCP: .*\(applied anyway: force: true\)$/) });
    expect(writesTo('rb-pf-dead').map((e) => e.op)).toEqual(['PutBucketWebsite']);
  });

  it('refuses a restored loopback origin without --allow-private-origins (never connecting), and restores one that answers', async () => {
    const origin: OriginServer = await startOrigin();
    try {
      const runId = await appliedOver('rb-pf-live', `${origin.url}live/`);
      const seen = origin.requests.length;
      emu.resetLog();
      const guarded = await checkedCli(emu, ['rollback', runId, '--json', ...reports]);
      expect(guarded.code, guarded.err).toBe(1);
      expect(preflightItem(guarded.json())).toMatchObject({ status: 'fail', message: expect.stringMatching(/^ORIGIN_ADDRESS: /) });
      expect(guarded.dialer.attempts).toEqual([]);
      expect(writesTo('rb-pf-live')).toEqual([]);

      const back = await checkedCli(emu, ['rollback', runId, '--allow-private-origins', '--json', ...reports]);
      expect(back.code, back.err).toBe(0);
      // no sampleKeys in a report: the rule's prefix is probed, a 404 there is a warning
      expect(preflightItem(back.json())).toMatchObject({ bucket: 'rb-pf-live', status: expect.stringMatching(/^(ok|warn)$/) });
      expect(origin.requests.length).toBeGreaterThan(seen);
      expect(writesTo('rb-pf-live').map((e) => e.op)).toEqual(['PutBucketWebsite']);
    } finally {
      await origin.close();
    }
  });
});
