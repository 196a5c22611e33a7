// Drift holds end to end: `ossedge rollback` puts its buckets on hold, the drift run (apply-config's timer
// command, in-process) reports their drift and does not correct it, `ossedge hold release` or an apply from
// the config ends the hold, and drift correction resumes. Emulator over loopback; CLI in-process.
import { describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { runConfig } from '../../../shared/apply/index.ts';
import { holdAction, withHold } from '../../../shared/apply/holds.ts';
import { loadConfigOrThrow } from '../../../shared/config/index.ts';
import { getBucketCors } from '../../../shared/oss/index.ts';
import { createOssHoldStore, HOLDS_FOLDER } from '../../../shared/state/holds.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { cli, tempFile, writesIn } from '../../functions/apply-config/support.ts';

const emu = useEmulator({ dataPlane: false });
const REPORTS = 'oss://hd-reports/r/';
const reports = ['--reports', REPORTS];
const configFor = (bucket: string, origin: string) => `version: 1\nbuckets:\n  ${bucket}:\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n`;

/** The timer's drift run of `configText` (default action: correct), as FC would invoke it. */
async function drift(configText: string): Promise<any> {
  const e = emu();
  const handler = createApplyConfigHandler({
    env: {}, reportsLocation: REPORTS, connection: { endpoint: e.endpoint, region: e.region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    backoffMs: 1, write: () => undefined,
  });
  return handler(Buffer.from(JSON.stringify({ command: 'drift', configText, source: 'timer' })), { requestId: `drift-${Date.now()}`, region: e.region, function: { name: 'apply-config', timeout: 60 } } as never);
}

const originOf = async (bucket: string) => (await getBucketCors(ossClient(emu()), { bucket })).rules[0]!.allowedOrigin[0];

/** hd bucket with CORS `before`, an apply of the config (CORS `after`), then its rollback: the config text. */
async function rolledBack(bucket: string): Promise<{ config: string; rollback: any }> {
  emu().seed.createBucket(bucket);
  expect((await cli(emu(), ['apply', '-c', tempFile('before.yaml', configFor(bucket, 'https://before.example')), ...reports])).code).toBe(0);
  const config = configFor(bucket, 'https://after.example');
  const apply = await cli(emu(), ['apply', '-c', tempFile('after.yaml', config), '--json', ...reports]);
  expect(apply.code, apply.err).toBe(0);
  const rollback = await cli(emu(), ['rollback', apply.json().runId, '--json', ...reports]);
  expect(rollback.code, rollback.err).toBe(0);
  expect(await originOf(bucket)).toBe('https://before.example');
  return { config, rollback: rollback.json() };
}

describe('drift holds after a rollback', () => {
  it('the rollback puts the bucket on hold; drift is then reported, not corrected; hold release lets the next drift run correct it', async () => {
    emu().seed.createBucket('hd-reports');
    const { config, rollback } = await rolledBack('hd-site');
    expect(rollback.items.find((i: any) => i.code === 'DRIFT_HOLD_PLACED')).toMatchObject({
      bucket: 'hd-site', status: 'warn', message: expect.stringContaining('ossedge hold release hd-site'), data: { hold: { bucket: 'hd-site', runId: rollback.runId, rollbackOf: rollback.rollbackOf } },
    });
    expect(emu().seed.getObject('hd-reports', `r/${HOLDS_FOLDER}hd-site.json`)).toBeDefined();
    const readable = await cli(emu(), ['hold', 'list', ...reports]);
    expect(readable.code, readable.err).toBe(0);
    expect(readable.out).toBe(`hd-site: on hold (rollback run ${rollback.runId} of ${rollback.rollbackOf}, since ${rollback.items.find((i: any) => i.code === 'DRIFT_HOLD_PLACED').data.hold.since})\n`);

    emu().resetLog();
    const held = await drift(config);
    expect(held).toMatchObject({ mode: 'drift', driftAction: 'correct', changesPending: true });
    expect(held.items.find((i: any) => i.code === 'DRIFT_FOUND')).toMatchObject({ bucket: 'hd-site', target: 'cors', status: 'warn' });
    expect(held.items.find((i: any) => i.code === 'DRIFT_HELD')).toMatchObject({ bucket: 'hd-site', status: 'warn', message: expect.stringMatching(/^on hold \(rollback run .*\): drift reported, not corrected, until the next apply from the config or `ossedge hold release hd-site`$/) });
    expect(held.items.some((i: any) => i.code === 'DRIFT_CORRECTED')).toBe(false);
    expect(writesIn(emu(), ['hd-site'])).toEqual([]);
    expect(await originOf('hd-site')).toBe('https://before.example');
    // honouring a hold only reads it: it lives outside the expiring _state/ folder, so nothing renews it
    expect(HOLDS_FOLDER.startsWith('_state/')).toBe(false);
    expect(emu().requestLog().filter((e) => e.op === 'PutObject' && e.key === `r/${HOLDS_FOLDER}hd-site.json`)).toHaveLength(0);

    const release = await cli(emu(), ['hold', 'release', 'hd-site', ...reports]);
    expect(release.code, release.err).toBe(0);
    expect(release.out).toMatch(/^hd-site: hold released \(rollback run \S+ of \S+, since \S+\); the drift timer corrects its drift again\n$/);
    expect((await cli(emu(), ['hold', 'release', 'hd-site', '--json', ...reports])).json()).toEqual({ bucket: 'hd-site', released: false });
    expect((await cli(emu(), ['hold', 'list', ...reports])).out).toBe('no bucket is on hold\n');

    const corrected = await drift(config);
    expect(corrected.items.find((i: any) => i.code === 'DRIFT_CORRECTED')).toMatchObject({ bucket: 'hd-site', target: 'cors', status: 'ok' });
    expect(corrected.items.some((i: any) => i.code === 'DRIFT_HELD')).toBe(false);
    expect(await originOf('hd-site')).toBe('https://after.example');
  });

  it('an apply from the config ends the hold once it succeeded (item DRIFT_HOLD_RELEASED); a plan does not', async () => {
    const { config } = await rolledBack('hd-applied');
    const file = tempFile('again.yaml', config);
    const plan = await cli(emu(), ['plan', '-c', file, '--json', ...reports]);
    expect(plan.code).toBe(3);
    expect(plan.json().items.some((i: any) => /^DRIFT_HOLD/.test(i.code))).toBe(false);
    expect(await createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' }).get('hd-applied')).toBeDefined();

    const apply = await cli(emu(), ['apply', '-c', file, '--json', ...reports]);
    expect(apply.code, apply.err).toBe(0);
    expect(apply.json().items.find((i: any) => i.code === 'DRIFT_HOLD_RELEASED')).toMatchObject({ bucket: 'hd-applied', status: 'ok', message: expect.stringContaining('drift correction resumes') });
    expect(await createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' }).get('hd-applied')).toBeUndefined();
    expect(await originOf('hd-applied')).toBe('https://after.example');
    // nothing held any more: another apply says nothing about holds
    const again = await cli(emu(), ['apply', '-c', file, '--json', ...reports]);
    expect(again.json().items.some((i: any) => /^DRIFT_HOLD/.test(i.code))).toBe(false);
  });

  it('a rollback dry run places no hold; a failed apply keeps it', async () => {
    emu().seed.createBucket('hd-dry');
    const config = configFor('hd-dry', 'https://after.example');
    const apply = await cli(emu(), ['apply', '-c', tempFile('dry.yaml', config), '--json', ...reports]);
    const dry = await cli(emu(), ['rollback', apply.json().runId, '--dry-run', '--json', ...reports]);
    expect(dry.code).toBe(3);
    expect(dry.json().items.some((i: any) => /^DRIFT_HOLD/.test(i.code))).toBe(false);
    expect(await createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' }).get('hd-dry')).toBeUndefined();

    const store = createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' });
    await store.place({ bucket: 'hd-gone', runId: 'r1', since: '2026-01-01T00:00:00.000Z' });
    const failed = await cli(emu(), ['apply', '-c', tempFile('gone.yaml', configFor('hd-gone', 'https://x.example')), '--json', ...reports]);
    expect(failed.code).toBe(1); // no such bucket
    expect(await store.get('hd-gone')).toMatchObject({ bucket: 'hd-gone', runId: 'r1' });
  });
});

describe('when the hold store cannot be reached', () => {
  it('a rollback writes nothing to a bucket whose hold it could not store (HOLD_NOT_STORED), and drift correction does not correct what it cannot ask about', async () => {
    emu().seed.createBucket('hd-unstored');
    const client = ossClient(emu());
    const { config } = await loadConfigOrThrow(configFor('hd-unstored', 'https://x.example'));
    const holds = createOssHoldStore(client, { bucket: 'hd-no-such-reports', key: 'r/' });
    emu().resetLog();
    const rollback = await runConfig(config, { mode: 'apply', clientFor: () => client, holds, runId: 'run-1', rollbackOf: 'run-0', backoffMs: 1 });
    expect(rollback.outcomes[0]).toMatchObject({ bucket: 'hd-unstored', status: 'failed', error: { code: 'HOLD_NOT_STORED' } });
    expect(writesIn(emu(), ['hd-unstored'])).toEqual([]);
    const corrected = await runConfig(config, { mode: 'drift', clientFor: () => client, holds, backoffMs: 1, maxAttempts: 1 });
    expect(corrected.outcomes[0]).toMatchObject({ bucket: 'hd-unstored', status: 'failed' });
    expect(writesIn(emu(), ['hd-unstored'])).toEqual([]);
  });
});

describe('an apply that ends a hold, racing a rollback of the same bucket', () => {
  it('ends only the hold it found: a rollback that placed a new one meanwhile keeps it (else the drift timer undoes that rollback)', async () => {
    emu().seed.createBucket('hd-reports');
    const store = createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' });
    await store.place({ bucket: 'hd-race', runId: 'rollback-1', rollbackOf: 'run-0', since: '2026-01-01T00:00:00.000Z' });
    const action = await holdAction({ mode: 'apply', holds: store, runId: 'apply-2' }, true);
    const outcome = await withHold(action, 'hd-race', async () => {
      // the apply brought the bucket equal to the config and let go of its lease; rollback 3 puts it on hold
      // and restores the old settings before the apply gets to end the hold it started with
      await store.place({ bucket: 'hd-race', runId: 'rollback-3', rollbackOf: 'apply-2', since: '2026-01-02T00:00:00.000Z' });
      return { bucket: 'hd-race', status: 'applied', sections: [], attempts: 1 };
    });
    expect(await store.get('hd-race')).toMatchObject({ runId: 'rollback-3' });
    expect(outcome.holdReleased).toBeUndefined();
  });

  it('still ends the hold it found when nothing replaced it', async () => {
    emu().seed.createBucket('hd-reports');
    const store = createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' });
    await store.place({ bucket: 'hd-same', runId: 'rollback-1', since: '2026-01-01T00:00:00.000Z' });
    const action = await holdAction({ mode: 'apply', holds: store, runId: 'apply-2' }, true);
    const outcome = await withHold(action, 'hd-same', async () => ({ bucket: 'hd-same', status: 'unchanged', sections: [], attempts: 1 }));
    expect(outcome.holdReleased).toMatchObject({ runId: 'rollback-1' });
    expect(await store.get('hd-same')).toBeUndefined();
  });
});
