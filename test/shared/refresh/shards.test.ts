import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../shared/refresh/keys.ts';
import { planShards } from '../../../shared/refresh/shards.ts';
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
