// The warm-up through the local FC runner: a function with a 4 s timeout cannot warm 300 keys at 100 QPS
// in one invocation; each part stops before its deadline and queues the next, the emulator injects
// errors and resets on the warm GETs, and the run still ends with every key warmed once and one report.
import { describe, expect, it } from 'vitest';
import { readJson } from '../../shared/state/oss-json.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import type { Report } from '../../shared/report/model.ts';
import { ossClient } from '../helpers/emulator.ts';
import { useRefreshRig } from '../functions/refresh-stale-objects/support.ts';
import { originBody, startKeyOrigin } from '../shared/refresh/warm/fixture.ts';

const keys = Array.from({ length: 300 }, (_, i) => `site/${i % 3}/k${String(i).padStart(3, '0')}`);
const rule = (url: string) => ({ ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: url } }) as RoutingRule;

const rig = useRefreshRig({
  emulator: { logLimit: 50_000, faultSeed: 7 },
  origin: startKeyOrigin,
  seed: (emu, origin) => {
    for (const k of keys) origin.keys.add(k);
    emu.seed.createBucket('reports');
    emu.seed.createBucket('cont', { website: { routingRules: [rule(origin.url)] } });
    emu.seed.createBucket('fan', { website: { routingRules: [rule(origin.url)] } });
  },
  handler: { reportsLocation: 'oss://reports/runs/' },
  timeout: 4,
  retryDelaysMs: [10],
});

describe('refresh-stale-objects warm mode', () => {
  it('continues past the function timeout and through emulator faults, warming every key exactly once into one report', async () => {
    rig.emu.faults.set([{ op: 'GetObject', bucket: 'cont', errorRate: 0.05, resetRate: 0.03 }]);
    const first = (await rig.invoke({ mode: 'warm', bucket: 'cont', keys, qps: 100 })) as { runId: string; queued?: boolean };
    expect(first.queued).toBe(true);
    await rig.runner.idle(90_000);
    rig.emu.faults.set([]);
    const report = await readJson<Report>(ossClient(rig.emu), 'reports', `runs/refresh-stale-objects/${first.runId}.json`);
    expect(report?.summary).toMatchObject({ warm: 1, keys: 300, warmed: 300, present: 0, failed: 0, unmapped: 0 });
    expect(report!.summary.parts).toBeGreaterThanOrEqual(2);
    for (const k of keys) expect((await rig.emu.seed.readObject('cont', k))?.toString()).toBe(originBody(k));
    for (const k of keys) expect(rig.origin.gets.get(k)).toBe(1);
    expect(rig.emu.counters().faultsInjected).toBeGreaterThan(0);
  }, 120_000);

  it('fans a list out over 3 shards (each with a third of the budget) and merges one report', async () => {
    const fanKeys = Array.from({ length: 240 }, (_, i) => `site/f/${String(i).padStart(3, '0')}`);
    for (const k of fanKeys) rig.origin.keys.add(k);
    const queued = (await rig.invoke({ mode: 'warm', bucket: 'fan', keys: fanKeys, qps: 150, shards: 3 })) as { runId: string; shards: number };
    expect(queued.shards).toBe(3);
    await rig.runner.idle(90_000);
    const report = await readJson<Report>(ossClient(rig.emu), 'reports', `runs/refresh-stale-objects/${queued.runId}.json`);
    expect(report?.summary).toMatchObject({ warm: 1, shards: 3, keys: 240, warmed: 240, present: 0, failed: 0 });
    for (const k of fanKeys) expect(rig.origin.gets.get(k)).toBe(1);
  }, 120_000);
});
