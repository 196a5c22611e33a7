// The warm-up through the local FC runner: a function with a 4 s timeout cannot warm 300 keys at 100 QPS
// in one invocation; each part stops before its deadline and queues the next, the emulator injects
// errors and resets on the warm GETs, and the run still ends with every key warmed once and one report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { readJson } from '../../shared/state/oss-json.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import type { Report } from '../../shared/report/model.ts';
import { ossClient } from '../helpers/emulator.ts';
import { originBody, startKeyOrigin, type KeyOrigin } from '../shared/refresh/warm/fixture.ts';

let emu: EmulatorHandle;
let origin: KeyOrigin;
let runner: Runner;
const keys = Array.from({ length: 300 }, (_, i) => `site/${i % 3}/k${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  emu = await startEmulator({ logLimit: 50_000, faultSeed: 7 });
  origin = await startKeyOrigin();
  for (const k of keys) origin.keys.add(k);
  const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule;
  emu.seed.createBucket('reports');
  emu.seed.createBucket('cont', { website: { routingRules: [rule] } });
  emu.seed.createBucket('fan', { website: { routingRules: [rule] } });
  const handler = createRefreshHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    reportsLocation: 'oss://reports/runs/', invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }), write: () => {},
  });
  const k = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  runner = await startRunner({ functions: [{ name: 'refresh-stale-objects', handler, timeout: 4, triggers: [] }], fcKeys: k, roleCredentials: k, region: emu.region, timers: false, retryDelaysMs: [10] });
});
afterAll(async () => {
  await runner?.close();
  await origin?.close();
  await emu?.close();
});

describe('refresh-stale-objects warm mode', () => {
  it('continues past the function timeout and through emulator faults, warming every key exactly once into one report', async () => {
    emu.faults.set([{ op: 'GetObject', bucket: 'cont', errorRate: 0.05, resetRate: 0.03 }]);
    const first = (await runner.invoke('refresh-stale-objects', Buffer.from(JSON.stringify({ mode: 'warm', bucket: 'cont', keys, qps: 100 })))) as { runId: string; queued?: boolean };
    expect(first.queued).toBe(true);
    await runner.idle(90_000);
    emu.faults.set([]);
    const report = await readJson<Report>(ossClient(emu), 'reports', `runs/refresh-stale-objects/${first.runId}.json`);
    expect(report?.summary).toMatchObject({ warm: 1, keys: 300, warmed: 300, present: 0, failed: 0, unmapped: 0 });
    expect(report!.summary.parts).toBeGreaterThanOrEqual(2);
    for (const k of keys) expect((await emu.seed.readObject('cont', k))?.toString()).toBe(originBody(k));
    for (const k of keys) expect(origin.gets.get(k)).toBe(1);
    expect(emu.counters().faultsInjected).toBeGreaterThan(0);
  }, 120_000);

  it('fans a list out over 3 shards (each with a third of the budget) and merges one report', async () => {
    const fanKeys = Array.from({ length: 240 }, (_, i) => `site/f/${String(i).padStart(3, '0')}`);
    for (const k of fanKeys) origin.keys.add(k);
    const queued = (await runner.invoke('refresh-stale-objects', Buffer.from(JSON.stringify({ mode: 'warm', bucket: 'fan', keys: fanKeys, qps: 150, shards: 3 })))) as { runId: string; shards: number };
    expect(queued.shards).toBe(3);
    await runner.idle(90_000);
    const report = await readJson<Report>(ossClient(emu), 'reports', `runs/refresh-stale-objects/${queued.runId}.json`);
    expect(report?.summary).toMatchObject({ warm: 1, shards: 3, keys: 240, warmed: 240, present: 0, failed: 0 });
    for (const k of fanKeys) expect(origin.gets.get(k)).toBe(1);
  }, 120_000);
});
