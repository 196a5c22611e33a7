import { describe, expect, it } from 'vitest';
import { acquireLease, LEASE_EXPIRY_MARGIN_MS, leaseTtlUntil, type Lease } from '../../../shared/state/lease.ts';
import { breakLease, leaseFolders, readLeaseState } from '../../../shared/state/lease-break.ts';
import { useEmulatorBucket } from '../../helpers/emulator.ts';

const BUCKET = 'lease-break-test';
const { emu, client } = useEmulatorBucket(BUCKET);

const at = (prefix: string) => ({ bucket: BUCKET, prefix });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function hold(prefix: string, owner: string, ttlMs = 600_000): Promise<Lease> {
  const got = await acquireLease(client(), { bucket: BUCKET, prefix, owner, runId: `run-${owner}`, ttlMs });
  if (!got.acquired) throw new Error(`${owner} did not get ${prefix}`);
  return got.lease;
}

describe('breaking a lease', () => {
  it('ends the lease of a killed run so the next run takes it at once, and the old holder loses it at its next renewal', async () => {
    const prefix = 'leases/apply-config/b1/';
    const killed = await hold(prefix, 'killed');
    expect(await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'next', ttlMs: 60_000 })).toMatchObject({ acquired: false });
    const state = await readLeaseState(client(), at(prefix));
    expect(state).toMatchObject({ generation: 1, held: true, record: { owner: 'killed', runId: 'run-killed' } });

    const broke = await breakLease(client(), at(prefix), { by: 'operator' });
    expect(broke).toMatchObject({ broken: true, generation: 1, record: { runId: 'run-killed' } });
    expect(await readLeaseState(client(), at(prefix))).toMatchObject({ generation: 2, held: false, record: { released: true, breaks: 1, owner: 'operator' } });

    const next = await hold(prefix, 'next');
    expect(next.record.generation).toBe(3);
    await expect(killed.renew()).rejects.toMatchObject({ code: 'LEASE_LOST' });
    await expect(next.renew()).resolves.toBeUndefined();
  });

  it('says NOT_HELD and writes nothing when no lease is held (never taken, released, or expired)', async () => {
    expect(await breakLease(client(), at('leases/none/'), { by: 'operator' })).toMatchObject({ broken: false, reason: 'NOT_HELD', state: { generation: 0 } });
    const released = await hold('leases/released/', 'a');
    await released.release();
    await hold('leases/expired/', 'b', 50);
    await sleep(80);
    emu().resetLog();
    for (const p of ['leases/released/', 'leases/expired/']) {
      expect(await breakLease(client(), at(p), { by: 'operator' })).toMatchObject({ broken: false, reason: 'NOT_HELD', state: { generation: 1 } });
    }
    expect(emu().requestLog().filter((e) => e.method !== 'GET')).toEqual([]);
  });

  it('never breaks a lease that a new run took after the operator read the old one', async () => {
    const prefix = 'leases/apply-config/b2/';
    await hold(prefix, 'crashed', 50);
    const seen = await readLeaseState(client(), at(prefix));
    await sleep(80);
    const fresh = await hold(prefix, 'fresh');
    const broke = await breakLease(client(), at(prefix), { by: 'operator', generation: seen.generation });
    expect(broke).toMatchObject({ broken: false, reason: 'LEASE_CHANGED', state: { generation: 2, held: true, record: { owner: 'fresh' } } });
    await expect(fresh.renew()).resolves.toBeUndefined();
  });

  it('never ends the lease of a run that took over while the break was under way (holder releasing, new run acquiring, break racing)', async () => {
    for (let i = 0; i < 8; i++) {
      const prefix = `leases/race/${i}/`;
      const old = await hold(prefix, 'old');
      const [broke, got] = await Promise.all([
        breakLease(client(), at(prefix), { by: 'operator' }),
        old.release().then(() => acquireLease(client(), { bucket: BUCKET, prefix, owner: 'racer', ttlMs: 600_000 })),
      ]);
      expect(got.acquired, `round ${i}`).toBe(true);
      if (!got.acquired) continue;
      await expect(got.lease.renew()).resolves.toBeUndefined();
      expect((await readLeaseState(client(), at(prefix))).record?.owner).toBe('racer');
      if (broke.broken) expect(broke.generation).toBeLessThan(got.lease.record.generation);
    }
  });

  it('lists the lease folders under a job', async () => {
    await hold('leases/listing/a/', 'x');
    await hold('leases/listing/b~r1/', 'y');
    expect(await leaseFolders(client(), BUCKET, 'leases/listing/')).toEqual(['leases/listing/a/', 'leases/listing/b~r1/']);
  });
});

describe('lease expiry tied to the invocation', () => {
  it('lasts the invocation\'s remaining time plus the margin', () => {
    expect(leaseTtlUntil(10_000 + 300_000, 10_000)).toBe(300_000 + LEASE_EXPIRY_MARGIN_MS);
    expect(leaseTtlUntil(5_000, 10_000)).toBe(LEASE_EXPIRY_MARGIN_MS);
  });
});
