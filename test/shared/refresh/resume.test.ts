import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, checkpointKey } from '../../../shared/refresh/checkpoint.ts';
import { rangeId } from '../../../shared/refresh/keys.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import type { KeyRange, RefreshRunOptions } from '../../../shared/refresh/types.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { STATE, mirrorRules, seedCopy, serve } from './fixture.ts';

const emu = useEmulator();
let origin: OriginServer;
const N = 35;
const keyOf = (i: number) => `r/${String(i).padStart(3, '0')}`;

beforeAll(async () => {
  origin = await startOrigin();
  emu().seed.createBucket(STATE.bucket);
  for (const b of ['resume', 'caps', 'bytes', 'ranges', 'stuck']) emu().seed.createBucket(b);
  for (let i = 0; i < N; i++) {
    for (const b of ['resume', 'caps', 'bytes', 'ranges', 'stuck']) seedCopy(emu(), b, keyOf(i), i % 7 === 0 ? `old ${i}` : `body ${i}`);
    serve(origin, keyOf(i), { body: `body ${i}`, contentMd5: true });
  }
});
afterAll(async () => origin.close());

const opts = (range: KeyRange, extra: Partial<RefreshRunOptions> = {}): RefreshRunOptions => ({
  client: ossClient(emu()), state: STATE, range, rules: mirrorRules(origin.url), runId: `run-${Math.random().toString(16).slice(2, 10)}`,
  net: { allowPrivate: true }, originBudgetMs: 2_000, pageSize: 10, limits: { concurrency: 4 }, ...extra,
});

describe('refreshRange resumption, caps and ranges', () => {
  it('visits every object exactly once when stopped by its deadline mid-listing and resumed', async () => {
    const range = { bucket: 'resume', prefix: 'r/' };
    origin.requests.length = 0;
    let results = [];
    // a clock that moves one tick per question: each run gets through a dozen or so objects
    for (let run = 0; run < 10; run++) {
      let t = 0;
      const r = await refreshRange(opts(range, { now: () => t++, deadline: 13 }));
      results.push(r);
      if (r.complete) break;
      const cp = await readCheckpoint(ossClient(emu()), STATE.bucket, checkpointKey(STATE.prefix, rangeId(range)));
      expect(cp?.lastKey).toBeDefined();
    }
    expect(results.length).toBeGreaterThan(2);
    const last = results.at(-1)!;
    expect(last.complete).toBe(true);
    expect(last.resumed).toBe(true);
    const heads = origin.requests.filter((q) => q.method === 'HEAD').map((q) => q.url);
    expect(heads.length).toBe(N);
    expect(new Set(heads).size).toBe(N);
    expect(last.counters).toMatchObject({ scanned: N, stale: 5, refreshed: 5, unchanged: N - 5 });
    expect(await readCheckpoint(ossClient(emu()), STATE.bucket, checkpointKey(STATE.prefix, rangeId(range)))).toBeUndefined();
    for (let i = 0; i < N; i += 7) expect((await emu().seed.readObject('resume', keyOf(i)))?.toString()).toBe(`body ${i}`);
  });

  it('keeps its items when the finished checkpoint cannot be deleted, and the next run does not resume from it', async () => {
    const range = { bucket: 'stuck', prefix: 'r/' };
    let t = 0;
    const first = await refreshRange(opts(range, { now: () => t++, deadline: 13 }));
    expect(first.complete).toBe(false);
    emu().faults.set({ op: 'DeleteObject', bucket: STATE.bucket, errorRate: 1 });
    let done;
    try {
      done = await refreshRange(opts(range));
    } finally {
      emu().faults.clear();
    }
    expect(done.complete).toBe(true);
    expect(done.counters).toMatchObject({ scanned: N, refreshed: 5 });
    expect(done.items.filter((i) => i.code === 'STALE_REFRESHED')).toHaveLength(5);
    expect(done.items.at(-1)).toMatchObject({ code: 'CHECKPOINT_NOT_CLEARED', status: 'warn' });
    expect(await readCheckpoint(ossClient(emu()), STATE.bucket, checkpointKey(STATE.prefix, rangeId(range)))).toBeDefined();
    const next = await refreshRange(opts(range));
    expect(next.resumed).toBe(false);
    expect(next.counters).toMatchObject({ scanned: N, unchanged: N, refreshed: 0 });
    expect(next.items).toEqual([]);
    expect(await readCheckpoint(ossClient(emu()), STATE.bucket, checkpointKey(STATE.prefix, rangeId(range)))).toBeUndefined();
  });

  it('refreshes no more than the object cap and reports the rest as capped', async () => {
    const r = await refreshRange(opts({ bucket: 'caps', prefix: 'r/' }, { limits: { maxObjects: 2, concurrency: 1 } }));
    expect(r.counters).toMatchObject({ stale: 5, refreshed: 2, capped: 3 });
    expect(r.items.filter((i) => i.code === 'CAPPED')).toHaveLength(3);
    expect((await emu().seed.readObject('caps', keyOf(14)))?.toString()).toBe('old 14');
  });

  it('stops refreshing at the byte cap, counting the origin size it will move', async () => {
    // stale: r/000 (6 bytes at origin), r/007 (6), r/014 (7), r/021 (7), r/028 (7)
    const r = await refreshRange(opts({ bucket: 'bytes', prefix: 'r/' }, { limits: { maxBytes: 12, concurrency: 1 } }));
    expect(r.counters).toMatchObject({ stale: 5, refreshed: 2, capped: 3, bytesMoved: 12 });
  });

  it('covers a key space split at startAt/endBefore boundaries exactly once', async () => {
    const bounds = [undefined, 'r/010', 'r/02', 'r/030', undefined];
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const range: KeyRange = { bucket: 'ranges', prefix: 'r/', ...(bounds[i] ? { startAt: bounds[i] } : {}), ...(bounds[i + 1] ? { endBefore: bounds[i + 1] } : {}) };
      origin.requests.length = 0;
      const r = await refreshRange(opts(range, { dryRun: true }));
      expect(r.complete).toBe(true);
      seen.push(...origin.requests.map((q) => q.url.slice(1)));
    }
    expect(seen.sort()).toEqual(Array.from({ length: N }, (_, i) => keyOf(i)));
  });
});
