import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../shared/refresh/keys.ts';
import { claimAggregate, planShards } from '../../../shared/refresh/shards.ts';
import type { KeyRange } from '../../../shared/refresh/types.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });

const inRange = (r: KeyRange, k: string) =>
  k.startsWith(r.prefix) && (r.startAt === undefined || compareKeys(k, r.startAt) >= 0) && (r.endBefore === undefined || compareKeys(k, r.endBefore) < 0);

function coverage(ranges: KeyRange[], keys: string[]): number[] {
  for (const k of keys) expect(ranges.filter((r) => inRange(r, k))).toHaveLength(1);
  return ranges.map((r) => keys.filter((k) => inRange(r, k)).length);
}

describe('planShards', () => {
  it('splits at common prefixes when the delimiter listing is complete', async () => {
    emu().seed.createBucket('dirs');
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].flatMap((d) => [`${d}/1`, `${d}/2`]);
    for (const k of keys) emu().seed.putObject('dirs', k, k);
    const ranges = await planShards(ossClient(emu()), { bucket: 'dirs', prefix: '', shards: 4 });
    expect(ranges.map((r) => r.startAt ?? null)).toEqual([null, 'c/', 'e/', 'g/']);
    expect(coverage(ranges, keys)).toEqual([4, 4, 4, 4]);
  });

  it('balances a flat key space from page-start samples when the delimiter sample is truncated', async () => {
    emu().seed.createBucket('flat');
    const keys = Array.from({ length: 200 }, (_, i) => `obj-${String(i).padStart(4, '0')}`);
    emu().seed.putObjects('flat', keys.length, (i) => keys[i]!, 'x');
    const ranges = await planShards(ossClient(emu()), { bucket: 'flat', prefix: '', shards: 4, samplePages: 2, pageSize: 20 });
    expect(ranges).toHaveLength(4);
    const sizes = coverage(ranges, keys);
    for (const n of sizes) expect(n).toBeGreaterThanOrEqual(40);
  });
});

describe('claimAggregate', () => {
  it('is taken by one invocation, which its own retries take again and no other invocation can', async () => {
    emu().seed.createBucket('claims');
    const state = { bucket: 'claims', prefix: 'r/_state/refresh-stale-objects/' };
    expect(await claimAggregate(ossClient(emu()), state, 'run-1', 'refresh-run-1-1-0')).toBe(true);
    expect(await claimAggregate(ossClient(emu()), state, 'run-1', 'refresh-run-1-0-0')).toBe(false);
    expect(await claimAggregate(ossClient(emu()), state, 'run-1', 'refresh-run-1-1-0')).toBe(true);
    expect(await claimAggregate(ossClient(emu()), state, 'run-2', 'refresh-run-1-0-0')).toBe(true);
  });

  it('is not taken over by an invocation when the stored claim names no invocation (older runs)', async () => {
    emu().seed.createBucket('claims-old');
    emu().seed.putObject('claims-old', 's/runs/run-1/aggregated.json', JSON.stringify({ runId: 'run-1', at: '2026-01-01T00:00:00Z' }));
    expect(await claimAggregate(ossClient(emu()), { bucket: 'claims-old', prefix: 's/' }, 'run-1', 'refresh-run-1-0-0')).toBe(false);
  });
});
