import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { getBucketCors, getBucketReferer, getBucketWebsite, putBucketCors, putBucketReferer, putBucketWebsite, type OssInvoker } from '../../shared/oss/index.ts';
import { acquireLease } from '../../shared/state/lease.ts';
import { ossClient } from '../helpers/emulator.ts';
import { cli, tempFile } from '../functions/apply-config/support.ts';
import { ROOT } from './build-helper.ts';

const REPORTS = 'oss://kill-reports/r/';
const SITE = 'kill-site';

let emu: EmulatorHandle;
let oss: OssInvoker;
beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  emu.seed.createBucket('kill-reports');
  emu.seed.createBucket(SITE);
  oss = ossClient(emu);
});
afterAll(() => emu.close());

const CONFIG = `version: 1
buckets:
  ${SITE}:
    website:
      indexDocument: {suffix: new.html}
    cors:
      rules: [{allowedOrigin: ['https://new.example.com'], allowedMethod: [GET, HEAD]}]
    referer: {allowEmptyReferer: false, refererList: ['https://new.example.com/*']}
`;

async function live(bucket: string) {
  return {
    website: await getBucketWebsite(oss, { bucket }),
    cors: await getBucketCors(oss, { bucket }),
    referer: await getBucketReferer(oss, { bucket }),
  };
}

/** `node bin/ossedge.mjs apply ...` as a real child process, SIGKILLed once its first PutBucket* has been answered. */
function applyKilledAfterFirstWrite(file: string): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ossedge.mjs'), 'apply', '-c', file, '--endpoint', emu.endpoint, '--reports', REPORTS, '--json'], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const watch = setInterval(() => {
      if (emu.requestLog().some((e) => e.op === 'PutBucketWebsite' && e.bucket === SITE && e.status === 200)) {
        clearInterval(watch);
        child.kill('SIGKILL');
      }
    }, 10);
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearInterval(watch);
      clearTimeout(limit);
      resolve({ signal, stderr });
    });
  });
}

describe('an apply killed mid-way', () => {
  it('leaves a lease that `ossedge lease break` ends, and a report `ossedge rollback` restores the before-state from', async () => {
    await putBucketWebsite(oss, { bucket: SITE, config: { indexDocument: { suffix: 'old.html' } } });
    await putBucketCors(oss, { bucket: SITE, config: { rules: [{ allowedOrigin: ['https://old.example.com'], allowedMethod: ['GET'] }] } });
    await putBucketReferer(oss, { bucket: SITE, config: { allowEmptyReferer: true, refererList: ['old.example.com'] } });
    const before = await live(SITE);
    const file = tempFile('kill.yaml', CONFIG);
    // the second write hangs, then its connection is reset unanswered: the run dies between two writes
    emu.faults.set({ op: 'PutBucketCors', bucket: SITE, latencyMs: 10_000, failNext: 1, kind: 'reset' });
    emu.resetLog();
    const killed = await applyKilledAfterFirstWrite(file);
    emu.faults.clear();
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const half = await live(SITE);
    expect(half.website.indexDocument?.suffix).toBe('new.html');
    expect(half.cors).toEqual(before.cors);

    // a rerun finds the bucket busy
    const busy = await cli(emu, ['apply', '-c', file, '--reports', REPORTS, '--json']);
    expect(busy.code, busy.err).toBe(1);
    expect(busy.json().items).toEqual([expect.objectContaining({ bucket: SITE, code: 'BUCKET_BUSY' })]);

    const shown = await cli(emu, ['lease', 'show', '--job', 'apply-config', '--bucket', SITE, '--reports', REPORTS, '--json']);
    expect(shown.code, shown.err).toBe(0);
    const holder = shown.json().leases[0];
    expect(holder).toMatchObject({ held: true, generation: 1, runId: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/) });
    expect(Date.parse(holder.expiresAt) - Date.now()).toBeGreaterThan(5 * 60_000);
    // the rerun's BUCKET_BUSY said who holds the lease and how to end it
    expect(busy.json().items[0]).toMatchObject({
      message: `${SITE}: another run holds the lease (run ${holder.runId}, until ${holder.expiresAt})`,
      hint: `if that run was killed: ossedge lease break --job apply-config --bucket ${SITE}, then roll it back or rerun`,
    });
    // the killed apply named its run before it started
    expect(killed.stderr).toContain(`ossedge apply: run ${holder.runId}; report ${REPORTS}apply-config/${holder.runId}.json`);

    const broke = await cli(emu, ['lease', 'break', '--job', 'apply-config', '--bucket', SITE, '--reports', REPORTS]);
    expect(broke.code, broke.err).toBe(0);
    expect(broke.err).toContain(`broke apply-config r/_state/leases/apply-config/${SITE}/: generation 1, run ${holder.runId}`);
    const again = await cli(emu, ['lease', 'break', '--job', 'apply-config', '--bucket', SITE, '--reports', REPORTS]);
    expect(again.code).toBe(0);
    expect(again.err).toContain('no lease held');

    const listed = await cli(emu, ['lease', 'list', '--job', 'apply-config', '--reports', REPORTS, '--json']);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.json().leases).toEqual([expect.objectContaining({ folder: `r/_state/leases/apply-config/${SITE}/`, generation: 2, held: false })]);

    const back = await cli(emu, ['rollback', holder.runId, '--reports', REPORTS, '--json']);
    expect(back.code, back.err).toBe(0);
    expect(back.json()).toMatchObject({ ok: true, rollbackOf: holder.runId });
    expect(await live(SITE)).toEqual(before);
  }, 120_000);

  it('shows and breaks refresh-stale-objects\' leases of a bucket (its own and its shards\'), in the bucket or under the reports prefix', async () => {
    emu.seed.createBucket('refresh-site');
    emu.seed.createBucket('refresh-other');
    const take = (bucket: string, prefix: string, runId: string) => acquireLease(oss, { bucket, prefix, owner: 'killed', runId, ttlMs: 600_000 });
    for (const [state, parent, extra] of [['refresh-site', '.ossedge-state/refresh/leases/', []], ['kill-reports', 'r/_state/refresh-stale-objects/leases/', ['--reports', REPORTS]]] as const) {
      expect((await take(state, `${parent}refresh-site/`, 'run-a')).acquired).toBe(true);
      expect((await take(state, `${parent}refresh-site~0a1b/`, 'run-b')).acquired).toBe(true);
      expect((await take(state, `${parent}refresh-other/`, 'run-c')).acquired).toBe(true);
      const shown = await cli(emu, ['lease', 'show', '--job', 'refresh-stale-objects', '--bucket', 'refresh-site', ...extra, '--json']);
      expect(shown.code, shown.err).toBe(0);
      expect(shown.json().leases.map((l: any) => [l.folder, l.held, l.runId])).toEqual([[`${parent}refresh-site/`, true, 'run-a'], [`${parent}refresh-site~0a1b/`, true, 'run-b']]);
      const broke = await cli(emu, ['lease', 'break', '--job', 'refresh-stale-objects', '--bucket', 'refresh-site', ...extra, '--json']);
      expect(broke.code, broke.err).toBe(0);
      expect(broke.json().leases.map((l: any) => l.broken)).toEqual([true, true]);
      expect((await take(state, `${parent}refresh-site/`, 'run-d')).acquired).toBe(true);
      // another bucket's lease is left alone
      expect(await take(state, `${parent}refresh-other/`, 'run-e')).toMatchObject({ acquired: false, holder: { runId: 'run-c' } });
    }
  });

  it('shows the run id of the last refresh that held a bucket\'s lease', async () => {
    emu.seed.createBucket('refresh-named');
    const run = await cli(emu, ['refresh', '--bucket', 'refresh-named', '--json']);
    expect(run.code, run.err).toBe(0);
    const shown = await cli(emu, ['lease', 'show', '--job', 'refresh-stale-objects', '--bucket', 'refresh-named', '--json']);
    expect(shown.json().leases).toEqual([expect.objectContaining({ generation: 1, held: false, runId: run.json().runId })]);
    expect(shown.err).toBe('');
  });

  it('with --generation, leaves alone a lease a new run took after the operator looked (exit 1, not broken)', async () => {
    const prefix = 'r/_state/leases/apply-config/gen-site/';
    await acquireLease(oss, { bucket: 'kill-reports', prefix, owner: 'killed', runId: 'run-old', ttlMs: 50 });
    const shown = await cli(emu, ['lease', 'show', '--job', 'apply-config', '--bucket', 'gen-site', '--reports', REPORTS, '--json']);
    const seen = shown.json().leases[0].generation;
    await new Promise((r) => setTimeout(r, 80));
    const fresh = await acquireLease(oss, { bucket: 'kill-reports', prefix, owner: 'fresh', runId: 'run-new', ttlMs: 600_000 });
    expect(fresh.acquired).toBe(true);
    const broke = await cli(emu, ['lease', 'break', '--job', 'apply-config', '--bucket', 'gen-site', '--generation', String(seen), '--reports', REPORTS]);
    expect(broke.code).toBe(1);
    expect(broke.err).toContain('not broken apply-config r/_state/leases/apply-config/gen-site/: another run took the lease after it was read; it now is generation 2, run run-new');
    expect(await acquireLease(oss, { bucket: 'kill-reports', prefix, owner: 'third', ttlMs: 60_000 })).toMatchObject({ acquired: false, holder: { runId: 'run-new' } });
  });

  it('refuses bad input with exit 2 and breaks nothing', async () => {
    for (const args of [['lease'], ['lease', 'break', '--bucket', SITE], ['lease', 'break', '--job', 'other', '--bucket', SITE], ['lease', 'break', '--job', 'apply-config', '--bucket', '../x'], ['lease', 'break', '--job', 'apply-config', '--bucket', SITE]]) {
      const run = await cli(emu, args);
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});
