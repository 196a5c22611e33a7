import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../shared/concurrency/map-limit.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs mapLimit over task durations and records the most tasks it saw in flight at once. */
async function peakOf(durations: number[], limit: number): Promise<{ out: number[]; peak: number }> {
  let running = 0;
  let peak = 0;
  const out = await mapLimit(durations, limit, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await sleep(ms);
    running--;
    return i;
  });
  return { out, peak };
}

describe('mapLimit', () => {
  it('does keep input order and never run more than the limit at once', async () => {
    const { out, peak } = await peakOf([5, 1, 4, 2, 3, 0], 2);
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('does run every item at once when the limit is above the count (or Infinity), one lane per item', async () => {
    expect(await peakOf([3, 3, 3], 10)).toEqual({ out: [0, 1, 2], peak: 3 });
    expect(await peakOf([3, 3, 3], Number.POSITIVE_INFINITY)).toEqual({ out: [0, 1, 2], peak: 3 });
  });

  it('does return [] for no items without calling the work', async () => {
    let called = 0;
    expect(await mapLimit([], 4, async () => ++called)).toEqual([]);
    expect(called).toBe(0);
  });

  it('does pass each item with its index, and start the next item as soon as a lane frees', async () => {
    const started: string[] = [];
    await mapLimit(['slow', 'fast', 'next'], 2, async (item, i) => {
      started.push(`${item}@${i}`);
      await sleep(item === 'slow' ? 30 : 1);
    });
    // 'next' takes the lane 'fast' freed while 'slow' is still running
    expect(started).toEqual(['slow@0', 'fast@1', 'next@2']);
  });

  it('does reject with the first failure', async () => {
    await expect(mapLimit([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('item 2 failed');
      return n;
    })).rejects.toThrow('item 2 failed');
  });

  it('does refuse a limit that is not a whole number ≥ 1 (hostile or mistaken settings), before running anything', async () => {
    for (const limit of [0, -1, 0.5, 2.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
      let called = 0;
      await expect(mapLimit([1, 2], limit, async () => ++called), String(limit)).rejects.toThrow(RangeError);
      expect(called).toBe(0);
    }
  });
});
