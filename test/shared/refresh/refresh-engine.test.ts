// The refresh engine runs without FC: a call is its input plus what a runtime gives (keys, deadline, a log,
// a queue). Here the queue is a list the test drains by calling the engine again, as FC would deliver the
// async invocations; against the emulator and a loopback origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OssEmulatorError, startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
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
/** Keys whose next write the emulator refuses (403: the client does not retry it). */
const refuseOnce = new Set<string>();

beforeAll(async () => {
  emu = await startEmulator({
    dataPlane: {
      beforeObjectWrite: async ({ key }) => {
        if (refuseOnce.delete(key)) throw new OssEmulatorError(403, 'AccessDenied', 'refused once by the test', '0003-00000001');
      },
    },
  });
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
  const reports: Report[] = [];
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
  const call = (payload: unknown, invocationId = `inv-${Math.random().toString(16).slice(2)}`): Promise<any> => refresh({
    input: { kind: 'invoke', payload }, credentials: { getCredentials: async () => ({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }) },
    region: emu.region, requestId: invocationId, invocationId, deadline: Date.now() + 60_000, log,
    queue: async (p, id) => queued.push({ payload: p, invocationId: id }),
    report: (r) => reports.push(r),
  } satisfies RefreshCall);
  return { call, queued, lines, reports, refresh };
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
    // the merged report is handed to the function (which stores it), once
    expect(e.reports.map((r) => [r.runId, r.summary.shards])).toEqual([[fanned.runId, 2]]);
    expect(e.lines).toContain('refresh fanned out');
  });

  it('stores the merged report when the aggregating shard is retried after its report could not be written', async () => {
    const e = engine();
    const fanned = await e.call({ bucket: 'eng-site', shards: 2, dryRun: true });
    const [first, last] = e.queued.splice(0);
    await e.call(first!.payload, first!.invocationId);
    const reportKey = `runs/_state/refresh-stale-objects/runs/${fanned.runId}/report.json`;
    refuseOnce.add(reportKey);
    // the shard that completes the set claims the aggregate, then cannot write the report: the invocation fails
    await expect(e.call(last!.payload, last!.invocationId)).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(refuseOnce.size).toBe(0);
    // FC retries the same invocation id: the claim is its own, so it writes the report this time
    expect(await e.call(last!.payload, last!.invocationId)).toMatchObject({ shard: 1, complete: true });
    const report = await readJson<Report>(ossClient(emu), 'eng-reports', reportKey);
    expect(report?.summary).toMatchObject({ shards: 2, scanned: keys.length, stale: STALE.size, dryRun: 1 });
    expect(e.reports.map((r) => r.runId)).toEqual([fanned.runId]);
  });

  it('hands the merged report over again when the aggregating shard is retried after the function failed to store it', async () => {
    const e = engine();
    const fanned = await e.call({ bucket: 'eng-site', shards: 2, dryRun: true });
    const [first, last] = e.queued.splice(0);
    await e.call(first!.payload, first!.invocationId);
    await e.call(last!.payload, last!.invocationId);
    expect(e.reports.map((r) => r.runId)).toEqual([fanned.runId]);
    // the store failed, so the function's invocation failed and FC delivers the same invocation id again
    await e.call(last!.payload, last!.invocationId);
    expect(e.reports.map((r) => [r.runId, r.summary.scanned])).toEqual([[fanned.runId, keys.length], [fanned.runId, keys.length]]);
    // another shard's invocation completing the set later (a redelivery of shard 0) never does
    await e.call(first!.payload, first!.invocationId);
    expect(e.reports).toHaveLength(2);
  });

  it('names the marker place of a shard invocation only, through a client holding the call\'s keys', async () => {
    const e = engine();
    await e.call({ bucket: 'eng-site', shards: 2, dryRun: true });
    const shard = e.queued[0]!;
    const keysOf = { getCredentials: async () => ({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }) };
    const call = (payload: unknown) => ({ input: { kind: 'invoke' as const, payload }, credentials: keysOf, region: emu.region, requestId: 'r', invocationId: shard.invocationId, deadline: Date.now() + 60_000, log: console, queue: async () => undefined, report: () => undefined });
    // a fresh engine (a cold instance): the place's client must sign with the call's keys
    const place = await createRefreshEngine({ connection: { endpoint: emu.endpoint, region: emu.region, internal: false }, reportsLocation: 'oss://eng-reports/runs/' }).oncePlace(call(shard.payload));
    expect(place).toMatchObject({ bucket: 'eng-reports', prefix: 'runs/_state/refresh-stale-objects/invocations/', ttlMs: 20 * 60_000 });
    await expect(readJson(place!.client, 'eng-reports', `${place!.prefix}none.json`)).resolves.toBeUndefined();
    for (const payload of [{ bucket: 'eng-site' }, { mode: 'warm', bucket: 'eng-site', keys: ['a'] }, { bucket: 'eng-site', keys: ['a/1.txt'] }, { command: 'refresh-shard' }, 'not an object']) {
      expect(await e.refresh.oncePlace(call(payload))).toBeUndefined();
    }
  });

  it('refuses with a RefreshRequestError and its code, queueing nothing', async () => {
    const e = engine();
    await expect(e.call({ bucket: 'eng-site', strategy: 'wipe' })).rejects.toMatchObject({ name: 'RefreshRequestError', code: 'BAD_STRATEGY' });
    await expect(e.call({})).rejects.toMatchObject({ code: 'NO_BUCKET' });
    expect(e.queued).toEqual([]);
  });
});
