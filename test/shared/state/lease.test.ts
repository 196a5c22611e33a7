import { describe, expect, it } from 'vitest';
import { acquireLease, leaseGenerations, withLease } from '../../../shared/state/lease.ts';
import { beginOnce } from '../../../shared/state/idempotency.ts';
import { useEmulatorBucket } from '../../helpers/emulator.ts';

const BUCKET = 'lease-test';
const { emu, client } = useEmulatorBucket(BUCKET);

describe('leases in OSS', () => {
  it('lets one of two concurrent runs of a job work while the other reports busy', async () => {
    const prefix = 'leases/job-a/bucket-1/';
    const order: string[] = [];
    const run = (owner: string) => withLease(client(), { bucket: BUCKET, prefix, owner, ttlMs: 60_000 }, async () => {
      order.push(`start ${owner}`);
      await new Promise((r) => setTimeout(r, 150));
      order.push(`end ${owner}`);
      return owner;
    });
    const [a, b] = await Promise.all([run('run-a'), run('run-b')]);
    const winners = [a, b].filter((r) => r.ran);
    const busy = [a, b].filter((r) => !r.ran);
    expect(winners).toHaveLength(1);
    expect(busy).toHaveLength(1);
    const winner = (winners[0] as { value: string }).value;
    expect(busy[0]).toMatchObject({ ran: false, holder: { owner: winner, generation: 1 } });
    expect(order).toEqual([`start ${winner}`, `end ${winner}`]);
    // released: the next run takes generation 2
    const next = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'run-c', ttlMs: 60_000 });
    expect(next.acquired && next.lease.record.generation).toBe(2);
  });

  it('never lets more than one of many racing runs take an expired lease', async () => {
    const prefix = 'leases/job-b/bucket-1/';
    const first = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'crashed', ttlMs: 100 });
    expect(first.acquired).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => acquireLease(client(), { bucket: BUCKET, prefix, owner: `r${i}`, ttlMs: 60_000 })));
    expect(results.filter((r) => r.acquired)).toHaveLength(1);
  });

  it('lets a lease left by a crashed run expire so a later run takes it over', async () => {
    const prefix = 'leases/job-c/bucket-1/';
    const crashed = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'crashed-run', ttlMs: 300 });
    expect(crashed.acquired).toBe(true);
    const early = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'second', ttlMs: 60_000 });
    expect(early).toMatchObject({ acquired: false, holder: { owner: 'crashed-run' } });
    await new Promise((r) => setTimeout(r, 350));
    const later = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'third', ttlMs: 60_000 });
    expect(later.acquired).toBe(true);
    if (!later.acquired || !crashed.acquired) throw new Error('unreachable');
    expect(later.lease.record).toMatchObject({ owner: 'third', generation: 2 });
    // the crashed run waking up learns it lost the lease
    await expect(crashed.lease.renew()).rejects.toMatchObject({ code: 'LEASE_LOST' });
    await later.lease.renew();
    expect(Date.parse(later.lease.record.expiresAt)).toBeGreaterThan(Date.now() + 50_000);
  });
});

describe('leases with damaged records', () => {
  it('takes over a generation whose record is not JSON instead of blocking forever', async () => {
    const prefix = 'leases/job-d/bucket-1/';
    emu().seed.putObject(BUCKET, `${prefix}000000000001.json`, 'garbage{');
    const got = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'fresh', ttlMs: 60_000 });
    expect(got.acquired && got.lease.record).toMatchObject({ owner: 'fresh', generation: 2 });
  });
});

describe('beginOnce', () => {
  it('does the work of one invocation id once across FC retries and keeps the first result', async () => {
    const opts = { bucket: BUCKET, prefix: 'invocations/fn/', invocationId: 'inv-1', owner: 'x', ttlMs: 60_000 };
    const first = await beginOnce<number>(client(), opts);
    if (first.reason !== 'started') throw new Error(`expected a first run, got ${first.reason}`);
    await first.run.finish(1);
    expect(await beginOnce<number>(client(), opts)).toEqual({ reason: 'done', value: 1 });
  });

  it('runs again after a failed attempt and answers a duplicate that arrives while it runs with running', async () => {
    const opts = { bucket: BUCKET, prefix: 'invocations/fn/', invocationId: 'inv-2', owner: 'x', ttlMs: 60_000 };
    const failed = await beginOnce<string>(client(), opts);
    if (failed.reason !== 'started') throw new Error(`expected a first run, got ${failed.reason}`);
    await failed.run.abandon();
    const retry = await beginOnce<string>(client(), opts);
    if (retry.reason !== 'started') throw new Error(`expected the retry to run, got ${retry.reason}`);
    expect(await beginOnce<string>(client(), opts)).toEqual({ reason: 'running' });
    await retry.run.finish('done');
    expect(await beginOnce<string>(client(), opts)).toEqual({ reason: 'done', value: 'done' });
  });
});

describe('leases while DeleteObject fails', () => {
  it('still takes the lease while old generations cannot be deleted (DeleteObject failing), and the chain stays correct', async () => {
    const prefix = 'leases/job-delete-faults/bucket-1/';
    for (const owner of ['old-1', 'old-2']) {
      const r = await withLease(client(), { bucket: BUCKET, prefix, owner, ttlMs: 60_000 }, async () => owner);
      expect(r.ran).toBe(true);
    }
    expect(await leaseGenerations(client(), BUCKET, prefix)).toEqual([1, 2]);
    emu().faults.set({ op: 'DeleteObject', errorRate: 1 });
    let third, fourth, busy;
    try {
      third = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'third', ttlMs: 60_000 });
      expect(third.acquired && third.lease.record.generation).toBe(3);
      // held: another run is told who holds it
      busy = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'other', ttlMs: 60_000 });
      expect(busy).toMatchObject({ acquired: false, holder: { owner: 'third', generation: 3 } });
      if (third.acquired) await third.lease.release();
      fourth = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'fourth', ttlMs: 60_000 });
      expect(fourth.acquired && fourth.lease.record.generation).toBe(4);
      if (fourth.acquired) await fourth.lease.release();
    } finally {
      emu().faults.clear();
    }
    // nothing could be deleted meanwhile; the next winner cleans up what it can
    expect(await leaseGenerations(client(), BUCKET, prefix)).toEqual([1, 2, 3, 4]);
    const fifth = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'fifth', ttlMs: 60_000 });
    expect(fifth.acquired && fifth.lease.record.generation).toBe(5);
    expect(await leaseGenerations(client(), BUCKET, prefix)).toEqual([4, 5]);
  });
});

describe('a lease whose chain started again', () => {
  it('is not taken over while a lower generation written after the newest one is held (its newest generations were deleted: the _state/ lifecycle rule)', async () => {
    const prefix = 'leases/job-r/bucket-1/';
    const rec = (gen: number, owner: string, extra: Record<string, unknown> = {}) => JSON.stringify({
      owner, token: `t${gen}`, generation: gen, acquiredAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString(), ...extra,
    });
    // run A's stale listing made it create 6 after the old chain (..5) was deleted; run B, listing the empty
    // folder, holds 1, written after 6; run A saw 1 and backed off (6 released)
    emu().seed.putObject(BUCKET, `${prefix}000000000006.json`, rec(6, 'run-a', { released: true }), { lastModified: Date.now() - 60_000 });
    emu().seed.putObject(BUCKET, `${prefix}000000000001.json`, rec(1, 'run-b'));
    const c = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'run-c', ttlMs: 60_000 });
    expect(c).toMatchObject({ acquired: false, holder: { owner: 'run-b' } });
    // run B's record is never deleted by a contender
    expect(await emu().seed.readObject(BUCKET, `${prefix}000000000001.json`)).toBeDefined();
  });

  it('is not taken over either when the released generation above the holder was written after it (the run that backed off)', async () => {
    const prefix = 'leases/job-r/bucket-2/';
    const rec = (gen: number, owner: string, extra: Record<string, unknown> = {}) => JSON.stringify({
      owner, token: `t${gen}`, generation: gen, acquiredAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 60_000).toISOString(), ...extra,
    });
    emu().seed.putObject(BUCKET, `${prefix}000000000001.json`, rec(1, 'run-b'), { lastModified: Date.now() - 5_000 });
    emu().seed.putObject(BUCKET, `${prefix}000000000006.json`, rec(6, 'run-a', { released: true }));
    expect(await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'run-c', ttlMs: 60_000 })).toMatchObject({ acquired: false, holder: { owner: 'run-b' } });
    expect(await emu().seed.readObject(BUCKET, `${prefix}000000000001.json`)).toBeDefined();
    // once run B lets go, the next run takes the lease above every generation, and the chain is whole again
    emu().seed.putObject(BUCKET, `${prefix}000000000001.json`, rec(1, 'run-b', { released: true }));
    const d = await acquireLease(client(), { bucket: BUCKET, prefix, owner: 'run-d', ttlMs: 60_000 });
    expect(d.acquired && d.lease.record.generation).toBe(8);
  });
});
