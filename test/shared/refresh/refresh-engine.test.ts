// The refresh engine runs without FC: a call is its input plus what a runtime gives (keys, deadline, a log,
// a queue). Here the queue is a list the test drains by calling the engine again, as FC would deliver the
// async invocations; against the emulator and a loopback origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { createRefreshEngine, type RefreshCall } from '../../../shared/refresh/refresh-engine.ts';
import { readJson } from '../../../shared/state/oss-json.ts';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { mirrorRules, seedCopy, serve } from './fixture.ts';

const keys = ['a', 'b', 'c', 'd'].flatMap((d) => Array.from({ length: 3 }, (_, i) => `${d}/${i}.txt`));
const STALE = new Set(['a/2.txt', 'd/1.txt']);

let emu: EmulatorHandle;
let origin: OriginServer;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  origin = await startOrigin();
  emu.seed.createBucket('eng-reports');
  emu.seed.createBucket('eng-site', { website: { routingRules: mirrorRules(origin.url) } });
  for (const k of keys) {
    seedCopy(emu, 'eng-site', k, STALE.has(k) ? `old ${k}` : `body of ${k}`);
    serve(origin, k, { body: `body of ${k}`, contentMd5: true });
  }
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

function engine() {
  const refresh = createRefreshEngine({ connection: { endpoint: emu.endpoint, region: emu.region, internal: false }, reportsLocation: 'oss://eng-reports/runs/', allowPrivate: true, originBudgetMs: 2_000 });
  const queued: Array<{ payload: object; invocationId: string }> = [];
  const lines: string[] = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const call = (payload: unknown, invocationId = `inv-${Math.random().toString(16).slice(2)}`): Promise<any> => refresh({
    input: { kind: 'invoke', payload }, credentials: { getCredentials: async () => ({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }) },
    region: emu.region, requestId: invocationId, invocationId, deadline: Date.now() + 60_000, log,
    queue: async (p, id) => queued.push({ payload: p, invocationId: id }),
  } satisfies RefreshCall);
  return { call, queued, lines };
}

describe('createRefreshEngine', () => {
  it('fans a scan out: queues one shard per range, and the shards delivered back merge one stored report', async () => {
    const e = engine();
    const fanned = await e.call({ bucket: 'eng-site', shards: 2, dryRun: true });
    expect(fanned).toMatchObject({ queued: true, shards: 2 });
    expect(e.queued.map((q) => q.invocationId)).toEqual([0, 1].map((i) => `refresh-${fanned.runId}-${i}-0`));
    expect(e.queued.every((q) => (q.payload as { region?: string }).region === emu.region)).toBe(true);
    const outcomes = [];
    for (const q of e.queued.splice(0)) outcomes.push(await e.call(q.payload, q.invocationId));
    expect(outcomes).toEqual([expect.objectContaining({ shard: 0, complete: true }), expect.objectContaining({ shard: 1, complete: true })]);
    expect(e.queued).toEqual([]);
    const report = await readJson<Report>(ossClient(emu), 'eng-reports', `runs/_state/refresh-stale-objects/runs/${fanned.runId}/report.json`);
    expect(report?.summary).toMatchObject({ shards: 2, scanned: keys.length, stale: STALE.size, dryRun: 1 });
    expect((await readJson<Report>(ossClient(emu), 'eng-reports', 'runs/refresh-stale-objects/latest.json'))?.runId).toBe(fanned.runId);
    expect(e.lines).toContain('refresh fanned out');
  });

  it('refuses with a RefreshRequestError and its code, queueing nothing', async () => {
    const e = engine();
    await expect(e.call({ bucket: 'eng-site', strategy: 'wipe' })).rejects.toMatchObject({ name: 'RefreshRequestError', code: 'BAD_STRATEGY' });
    await expect(e.call({})).rejects.toMatchObject({ code: 'NO_BUCKET' });
    expect(e.queued).toEqual([]);
  });
});
