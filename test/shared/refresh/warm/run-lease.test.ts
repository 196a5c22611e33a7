// The warm-up's per-bucket lease against the emulator: a run takes it, its own later invocations join and
// extend it, another run is refused with the holder, leaving ends it only for the run that holds it.
import { describe, expect, it } from 'vitest';
import { leaseGenerationKey, type LeaseRecord } from '../../../../shared/state/lease.ts';
import { readJson } from '../../../../shared/state/oss-json.ts';
import { enterWarmLease, leaveWarmLease, warmLeasePrefix } from '../../../../shared/refresh/warm/run-lease.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const state = { bucket: 'wl-state', prefix: 'st/' };

describe('warm-up run lease', () => {
  it('is held by one run per bucket; the run\'s own invocations join and extend it; leaving frees it for the next run', async () => {
    emu().seed.createBucket('wl-state');
    const client = ossClient(emu());
    const t0 = Date.now();
    expect(await enterWarmLease(client, state, { bucket: 'web', runId: 'run-a', owner: 'req-1', until: t0 + 60_000 })).toEqual({ held: true });
    const other = await enterWarmLease(client, state, { bucket: 'web', runId: 'run-b', owner: 'req-2', until: t0 + 60_000 });
    expect(other).toMatchObject({ held: false, holder: { runId: 'run-a', owner: 'req-1' } });
    // another bucket is free
    expect(await enterWarmLease(client, state, { bucket: 'other', runId: 'run-b', owner: 'req-2', until: t0 + 60_000 })).toEqual({ held: true });
    // run-a's next part joins (same generation) and makes it last to its own end
    expect(await enterWarmLease(client, state, { bucket: 'web', runId: 'run-a', owner: 'req-3', until: t0 + 600_000 })).toEqual({ held: true });
    const record = await readJson<LeaseRecord>(client, 'wl-state', leaseGenerationKey(warmLeasePrefix(state, 'web'), 1));
    expect(record).toMatchObject({ runId: 'run-a', generation: 1, expiresAt: new Date(t0 + 600_000).toISOString() });
    // an earlier end never shortens it
    expect(await enterWarmLease(client, state, { bucket: 'web', runId: 'run-a', owner: 'req-4', until: t0 + 1_000 })).toEqual({ held: true });
    expect((await readJson<LeaseRecord>(client, 'wl-state', leaseGenerationKey(warmLeasePrefix(state, 'web'), 1)))?.expiresAt).toBe(new Date(t0 + 600_000).toISOString());
    // leaving as another run does nothing; run-a leaving frees it
    await leaveWarmLease(client, state, 'web', 'run-b');
    expect(await enterWarmLease(client, state, { bucket: 'web', runId: 'run-c', owner: 'req-5', until: t0 + 60_000 })).toMatchObject({ held: false, holder: { runId: 'run-a' } });
    await leaveWarmLease(client, state, 'web', 'run-a');
    expect(await enterWarmLease(client, state, { bucket: 'web', runId: 'run-c', owner: 'req-5', until: t0 + 60_000 })).toEqual({ held: true });
    expect(warmLeasePrefix(state, 'web')).toBe('st/leases/web~warm/');
  });

  it('lets a run take its own expired lease again, and any run take an expired lease of another', async () => {
    const client = ossClient(emu());
    let now = Date.now();
    const clock = () => now;
    expect(await enterWarmLease(client, state, { bucket: 'exp', runId: 'r1', owner: 'o1', until: now + 1_000, now: clock })).toEqual({ held: true });
    now += 5_000;
    expect(await enterWarmLease(client, state, { bucket: 'exp', runId: 'r2', owner: 'o2', until: now + 1_000, now: clock })).toEqual({ held: true });
    now += 5_000;
    expect(await enterWarmLease(client, state, { bucket: 'exp', runId: 'r2', owner: 'o3', until: now + 1_000, now: clock })).toEqual({ held: true });
  });
});
