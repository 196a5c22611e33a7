import { describe, expect, it } from 'vitest';
import { acquireLease, leaseGenerationKey } from '../../../shared/state/lease.ts';
import { sweepState } from '../../../shared/state/sweep-state.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator();
const DAY = 24 * 3600_000;
const lease = (expiresAt: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ owner: 'o', token: 't', generation: 1, acquiredAt: new Date(expiresAt - 60_000).toISOString(), expiresAt: new Date(expiresAt).toISOString(), ...extra });

describe('sweepState', () => {
  it('deletes old done markers and leases nobody holds; keeps recent markers, held leases, and everything it does not own', async () => {
    const b = 'st-sweep';
    emu().seed.createBucket(b);
    const now = Date.now();
    const old = { lastModified: now - 10 * DAY };
    const seed = (key: string, body: string, o: { lastModified: number } = old) => emu().seed.putObject(b, key, body, o);
    seed('r/_state/invocations/ossedge-health/old/done.json', '{}');
    seed('r/_state/invocations/ossedge-health/new/done.json', '{}', { lastModified: now - DAY });
    // an expired lease (two generations) and a released one: both go
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
    expect(await sweepState(client, { bucket: b, prefix: 'r/' })).toEqual({ scanned: 7, deleted: 4 });
    const has = async (k: string) => (await emu().seed.readObject(b, k)) !== undefined;
    expect(await has('r/_state/invocations/ossedge-health/old/done.json')).toBe(false);
    expect(await has('r/_state/invocations/ossedge-health/new/done.json')).toBe(true);
    expect(await has('r/_state/leases/apply-config/gone/000000000001.json')).toBe(false);
    expect(await has('r/_state/leases/apply-config/gone/000000000002.json')).toBe(false);
    expect(await has('r/_state/refresh-stale-objects/leases/rel/000000000001.json')).toBe(false);
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
