import { describe, expect, it } from 'vitest';
import { acquireLease, leaseGenerationKey } from '../../../shared/state/lease.ts';
import { DONE_KEEP_MS, sweepState } from '../../../shared/state/sweep-state.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator();
const DAY = 24 * 3600_000;
const lease = (expiresAt: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ owner: 'o', token: 't', generation: 1, acquiredAt: new Date(expiresAt - 60_000).toISOString(), expiresAt: new Date(expiresAt).toISOString(), ...extra });

describe('sweepState', () => {
  it('deletes old done markers and superseded generations of leases nobody holds; keeps recent markers, held leases, and everything it does not own', async () => {
    const b = 'st-sweep';
    emu().seed.createBucket(b);
    const now = Date.now();
    const old = { lastModified: now - 10 * DAY };
    const seed = (key: string, body: string, o: { lastModified: number } = old) => emu().seed.putObject(b, key, body, o);
    seed('r/_state/invocations/ossedge-health/old/done.json', '{}');
    seed('r/_state/invocations/ossedge-health/new/done.json', '{}', { lastModified: now - DAY });
    // an expired lease (two generations): the superseded one goes, the newest stays; a released lease of one generation stays
    seed('r/_state/leases/apply-config/gone/000000000001.json', lease(now - 9 * DAY));
    seed('r/_state/leases/apply-config/gone/000000000002.json', lease(now - 9 * DAY));
    seed('r/_state/refresh-stale-objects/leases/rel/000000000001.json', lease(now + DAY, { released: true }));
    // written long ago but still held (a long TTL): kept, whatever its age
    seed('r/_state/leases/apply-config/held/000000000007.json', lease(now + DAY));
    // released a moment ago: kept for the idle window (`ossedge lease` shows it)
    seed('r/_state/leases/apply-config/recent/000000000001.json', lease(now - 1000, { released: true }), { lastModified: now - 60_000 });
    // not the sweep's: deliveries (their own sweep), refresh checkpoints, reports
    seed('r/_state/deliveries/github/x.json', '{}');
    seed('r/_state/refresh-stale-objects/checkpoints/abc.json', '{}');
    seed('r/apply-config/20200101T000000Z-aaaaaa.json', '{}');

    const client = ossClient(emu());
    expect(await sweepState(client, { bucket: b, prefix: 'r/' })).toEqual({ scanned: 7, deleted: 2 });
    const has = async (k: string) => (await emu().seed.readObject(b, k)) !== undefined;
    expect(await has('r/_state/invocations/ossedge-health/old/done.json')).toBe(false);
    expect(await has('r/_state/invocations/ossedge-health/new/done.json')).toBe(true);
    expect(await has('r/_state/leases/apply-config/gone/000000000001.json')).toBe(false);
    expect(await has('r/_state/leases/apply-config/gone/000000000002.json')).toBe(true);
    expect(await has('r/_state/refresh-stale-objects/leases/rel/000000000001.json')).toBe(true);
    expect(await has('r/_state/leases/apply-config/held/000000000007.json')).toBe(true);
    expect(await has('r/_state/leases/apply-config/recent/000000000001.json')).toBe(true);
    for (const k of ['r/_state/deliveries/github/x.json', 'r/_state/refresh-stale-objects/checkpoints/abc.json', 'r/apply-config/20200101T000000Z-aaaaaa.json']) expect(await has(k), k).toBe(true);
  });

  it('never deletes a lease a run holds, though an old generation sits under it', async () => {
    const b = 'st-take';
    emu().seed.createBucket(b);
    const client = ossClient(emu());
    const prefix = 'r/_state/leases/apply-config/bk/';
    emu().seed.putObject(b, leaseGenerationKey(prefix, 3), lease(Date.now() - 5 * DAY), { lastModified: Date.now() - 5 * DAY });
    const got = await acquireLease(client, { bucket: b, prefix, owner: 'run-a', ttlMs: 60_000 });
    expect(got.acquired).toBe(true);
    // the old generation 3 is now below the held 4: the folder's newest is held, nothing is deleted
    expect((await sweepState(client, { bucket: b, prefix: 'r/' })).deleted).toBe(0);
    expect(await emu().seed.readObject(b, leaseGenerationKey(prefix, 4))).toBeDefined();
    expect((await acquireLease(client, { bucket: b, prefix, owner: 'run-b', ttlMs: 60_000 })).acquired).toBe(false);
  });

  it('deletes no more than maxDeletes per sweep; the next sweep goes on', async () => {
    const b = 'st-bound';
    emu().seed.createBucket(b);
    emu().seed.putObjects(b, 30, (i) => `r/_state/invocations/fn/id-${String(i).padStart(3, '0')}/done.json`, '{}', { lastModified: Date.now() - 30 * DAY });
    const client = ossClient(emu());
    expect(await sweepState(client, { bucket: b, prefix: 'r/', maxDeletes: 12 })).toMatchObject({ deleted: 12 });
    expect(await sweepState(client, { bucket: b, prefix: 'r/', maxDeletes: 12 })).toMatchObject({ deleted: 12 });
    expect(await sweepState(client, { bucket: b, prefix: 'r/', maxDeletes: 12 })).toMatchObject({ deleted: 6 });
    expect(await sweepState(client, { bucket: b, prefix: 'r/', maxDeletes: 12 })).toEqual({ scanned: 0, deleted: 0 });
  });

  it('lists no more than maxPages pages of 1,000 keys per folder', async () => {
    const b = 'st-pages';
    emu().seed.createBucket(b);
    emu().seed.putObjects(b, 1500, (i) => `r/_state/invocations/fn/p-${String(i).padStart(5, '0')}/done.json`, '{}', { lastModified: Date.now() - 30 * DAY });
    expect(await sweepState(ossClient(emu()), { bucket: b, prefix: 'r/', maxPages: 1, maxDeletes: 5000 })).toEqual({ scanned: 1000, deleted: 1000 });
  });
});

describe('sweepState against what must survive', () => {
  it('refuses a prefix that is not a folder (\'\' or ending in /) before any request', async () => {
    emu().resetLog();
    for (const prefix of ['r', 'r/..', 'x_state']) await expect(sweepState(ossClient(emu()), { bucket: 'st-any', prefix }), prefix).rejects.toThrow(TypeError);
    expect(emu().requestLog()).toEqual([]);
  });

  it('goes on past a lease record it cannot read (planted, oversized): that lease is kept, the rest is swept', async () => {
    const b = 'st-planted';
    emu().seed.createBucket(b);
    const old = { lastModified: Date.now() - 30 * DAY };
    emu().seed.putObject(b, 'r/_state/leases/apply-config/bk/000000000001.json', lease(Date.now() - 30 * DAY), old);
    emu().seed.putObject(b, 'r/_state/leases/apply-config/bk/000000000002.json', `{"pad":"${'x'.repeat(200_000)}"}`, old);
    emu().seed.putObject(b, 'r/_state/invocations/fn/old/done.json', '{}', old);
    expect(await sweepState(ossClient(emu()), { bucket: b, prefix: 'r/' })).toMatchObject({ deleted: 1 });
    expect(await emu().seed.readObject(b, 'r/_state/invocations/fn/old/done.json')).toBeUndefined();
    expect(await emu().seed.readObject(b, 'r/_state/leases/apply-config/bk/000000000002.json')).toBeDefined();
  });

  it('keeps a done marker for longer than FC keeps an async event (604800 s) plus a clock margin', async () => {
    const b = 'st-fcage';
    emu().seed.createBucket(b);
    const now = Date.now();
    // finished just after its event was queued, FC may still deliver a retry up to 7 days later; the
    // function's clock may run a few minutes ahead of OSS's Last-Modified
    emu().seed.putObject(b, 'r/_state/invocations/fn/late/done.json', '{}', { lastModified: now - 604_800_000 - 5 * 60_000 });
    expect(await sweepState(ossClient(emu()), { bucket: b, prefix: 'r/' })).toMatchObject({ deleted: 0 });
    expect(await emu().seed.readObject(b, 'r/_state/invocations/fn/late/done.json')).toBeDefined();
    expect(DONE_KEEP_MS).toBeGreaterThanOrEqual(604_800_000 + 3600_000);
  });

  it('never deletes the newest generation of a bucket lease: a restarted chain would let two runs hold it', async () => {
    const b = 'st-chain';
    emu().seed.createBucket(b);
    const client = ossClient(emu());
    const prefix = 'r/_state/leases/apply-config/bk/';
    const long = { lastModified: Date.now() - 5 * DAY };
    emu().seed.putObject(b, leaseGenerationKey(prefix, 4), lease(Date.now() - 5 * DAY), long);
    emu().seed.putObject(b, leaseGenerationKey(prefix, 5), lease(Date.now() - 5 * DAY, { released: true }), long);
    // run A listed generation 5 (released) and is about to create 6 when the sweep runs
    expect(await sweepState(client, { bucket: b, prefix: 'r/' })).toMatchObject({ deleted: 1 });
    expect(await emu().seed.readObject(b, leaseGenerationKey(prefix, 4))).toBeUndefined();
    // run B comes after the sweep and wins the next generation, 6; had the chain restarted it would hold 1
    const runB = await acquireLease(client, { bucket: b, prefix, owner: 'run-b', ttlMs: 60_000 });
    expect(runB.acquired && runB.lease.record.generation).toBe(6);
    // so run A's create of 6 (from its stale listing) loses, instead of both holding the lease
    const { createJson } = await import('../../../shared/state/oss-json.ts');
    expect(await createJson(client, b, leaseGenerationKey(prefix, 6), { owner: 'run-a' })).toBe(false);
  });

  it('deletes an invocation lease chain whole only once FC can no longer deliver that invocation', async () => {
    const b = 'st-invlease';
    emu().seed.createBucket(b);
    const now = Date.now();
    const key = (id: string) => leaseGenerationKey(`r/_state/invocations/fn/${id}/lease/`, 1);
    emu().seed.putObject(b, key('recent'), lease(now - 2 * DAY, { released: true }), { lastModified: now - 2 * DAY });
    emu().seed.putObject(b, key('spent'), lease(now - 9 * DAY, { released: true }), { lastModified: now - 9 * DAY });
    expect(await sweepState(ossClient(emu()), { bucket: b, prefix: 'r/' })).toMatchObject({ deleted: 1 });
    expect(await emu().seed.readObject(b, key('recent'))).toBeDefined();
    expect(await emu().seed.readObject(b, key('spent'))).toBeUndefined();
  });
});
