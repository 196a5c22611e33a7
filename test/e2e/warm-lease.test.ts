// Two warm-ups of one bucket at the same time, through the local FC runner against the emulator: one run
// holds the bucket's warm-up lease, the other stores a report saying the bucket is busy and sends no GET;
// the holder's continuation parts and fan-out shards join their own run's lease; the lease ends with the run.
import { describe, expect, it } from 'vitest';
import { readJson } from '../../shared/state/oss-json.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import type { Report } from '../../shared/report/model.ts';
import { ossClient } from '../helpers/emulator.ts';
import { useRefreshRig } from '../functions/refresh-stale-objects/support.ts';
import { startKeyOrigin } from '../shared/refresh/warm/fixture.ts';

const rule = (url: string) => ({ ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: url } }) as RoutingRule;
const list = (name: string, n: number) => Array.from({ length: n }, (_, i) => `site/${name}/${String(i).padStart(3, '0')}`);

const rig = useRefreshRig({
  origin: startKeyOrigin,
  seed: (emu, origin) => {
    emu.seed.createBucket('reports');
    for (const b of ['twice', 'parts']) emu.seed.createBucket(b, { website: { routingRules: [rule(origin.url)] } });
    for (const k of [...list('a', 30), ...list('b', 30), ...list('c', 30), ...list('p', 200)]) origin.keys.add(k);
  },
  handler: { allowPrivate: true, reportsLocation: 'oss://reports/runs/' },
  timeout: 5,
  retryDelaysMs: [10],
});

const stored = (runId: string) => readJson<Report>(ossClient(rig.emu), 'reports', `runs/refresh-stale-objects/${runId}.json`);
const gets = (keys: string[]) => keys.reduce((n, k) => n + (rig.origin.gets.get(k) ?? 0), 0);

describe('warm-up lease', () => {
  it('serializes two warm-ups of one bucket: the second is BUCKET_BUSY and sends no GET, a third after the first ends runs', async () => {
    const lists = { a: list('a', 30), b: list('b', 30) };
    const runs = (await Promise.all([
      rig.invoke({ mode: 'warm', bucket: 'twice', keys: lists.a, qps: 30 }).then((r: Report) => ({ list: lists.a, r })),
      new Promise((r) => setTimeout(r, 150)).then(() => rig.invoke({ mode: 'warm', bucket: 'twice', keys: lists.b, qps: 30 })).then((r: Report) => ({ list: lists.b, r })),
    ]));
    const busy = runs.filter((x) => x.r.items.some((i) => i.code === 'BUCKET_BUSY'));
    expect(busy).toHaveLength(1);
    const loser = busy[0]!;
    const winner = runs.find((x) => x !== loser)!;
    expect(winner.r.summary).toMatchObject({ warm: 1, keys: 30, warmed: 30 });
    expect(loser.r.summary).toMatchObject({ warm: 1, warmed: 0 });
    expect(loser.r.items).toEqual([expect.objectContaining({ bucket: 'twice', code: 'BUCKET_BUSY', status: 'warn', message: expect.stringContaining(winner.r.runId) })]);
    expect(gets(winner.list)).toBe(30);
    expect(gets(loser.list)).toBe(0);
    expect((await stored(loser.r.runId))?.items.map((i) => i.code)).toEqual(['BUCKET_BUSY']);
    // the first run released the bucket with its report
    const c = (await rig.invoke({ mode: 'warm', bucket: 'twice', keys: list('c', 30), qps: 200 })) as Report;
    expect(c.summary).toMatchObject({ keys: 30, warmed: 30 });
  }, 60_000);

  it('lets a run\'s own continuation parts and shards through while another run is refused meanwhile', async () => {
    const p = list('p', 200);
    const first = (await rig.invoke({ mode: 'warm', bucket: 'parts', keys: p, qps: 50, shards: 2 })) as { runId: string; shards: number };
    expect(first.shards).toBe(2);
    const other = (await rig.invoke({ mode: 'warm', bucket: 'parts', keys: ['site/p/000'], qps: 50 })) as Report;
    expect(other.items.map((i) => i.code)).toEqual(['BUCKET_BUSY']);
    await rig.runner.idle(60_000);
    const report = await stored(first.runId);
    expect(report?.summary).toMatchObject({ warm: 1, shards: 2, keys: 200, warmed: 200, failed: 0 });
    expect(report!.summary.parts).toBeGreaterThan(2);
    for (const k of p) expect(rig.origin.gets.get(k)).toBe(1);
  }, 90_000);
});
