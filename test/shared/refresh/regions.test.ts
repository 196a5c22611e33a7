// refresh-stale-objects reads each bucket at its own region's endpoint, like the other functions (issue 14):
// two emulators stand in for two regions (each checks the V4 scope region), joined by the connection's
// region → endpoint map; the function runs in cn-hangzhou, keeps its config and reports there, and
// refreshes a bucket that lives in cn-beijing. An explicit endpoint still serves every bucket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefreshHandler } from '../../../functions/refresh-stale-objects/handler.ts';
import { invokerFromContext } from '../../../shared/fc/invoker.ts';
import { readJson } from '../../../shared/state/oss-json.ts';
import { startRunner, type Runner } from '../../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import type { Report } from '../../../shared/report/model.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { mirrorRules, seedCopy, serve } from './fixture.ts';

const KEYS = Array.from({ length: 6 }, (_, i) => `f/${i}.txt`);
const STALE = new Set(['f/1.txt', 'f/4.txt']);

let home: EmulatorHandle; // cn-hangzhou: the function's own region (config, reports)
let far: EmulatorHandle; // cn-beijing
let origin: OriginServer;
let runner: Runner;

const fileFor = (bucket: string, region: string) => `version: 1
buckets:
  ${bucket}:
    region: ${region}
    website:
      routingRules:
        - condition: {httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: '${origin.url}'}
`;

function stale(emu: EmulatorHandle, bucket: string): void {
  for (const k of KEYS) seedCopy(emu, bucket, k, STALE.has(k) ? `old ${k}` : `body of ${k}`);
}
const contents = async (emu: EmulatorHandle, bucket: string) => Promise.all(KEYS.map(async (k) => (await emu.seed.readObject(bucket, k))?.toString()));
const bucketsIn = (emu: EmulatorHandle) => [...new Set(emu.requestLog().map((e) => e.bucket))].sort();

beforeAll(async () => {
  [home, far] = await Promise.all([startEmulator({ dataPlane: false }), startEmulator({ dataPlane: false, region: 'cn-beijing' })]);
  origin = await startOrigin();
  for (const k of KEYS) serve(origin, k, { body: `body of ${k}`, contentMd5: true });
  for (const b of ['rg-config', 'rg-reports']) home.seed.createBucket(b);
  far.seed.createBucket('rg-far', { website: { routingRules: mirrorRules(origin.url) } });
  home.seed.createBucket('rg-near', { website: { routingRules: mirrorRules(origin.url) } });
  home.seed.putObject('rg-config', 'far.yaml', fileFor('rg-far', 'cn-beijing'));
  // the file says cn-beijing, but an explicit endpoint serves every bucket
  home.seed.putObject('rg-config', 'near.yaml', fileFor('rg-near', 'cn-beijing'));
  const common = { reportsLocation: 'oss://rg-reports/runs/', allowPrivate: true, originBudgetMs: 2_000, write: () => {} };
  const regionEndpoints = { 'cn-hangzhou': home.endpoint, 'cn-beijing': far.endpoint };
  const keys = { accessKeyId: home.accessKeyId, accessKeySecret: home.accessKeySecret };
  runner = await startRunner({
    functions: [
      {
        name: 'refresh-stale-objects', timeout: 60,
        handler: createRefreshHandler({
          ...common, connection: { internal: true, regionEndpoints }, configLocation: 'oss://rg-config/far.yaml',
          invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }),
        }),
        triggers: [
          { name: 'nightly', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{}' },
          { name: 'fan', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{"shards":2}' },
        ],
      },
      {
        name: 'refresh-explicit', timeout: 60,
        handler: createRefreshHandler({
          ...common, connection: { endpoint: home.endpoint, region: home.region, internal: false, regionEndpoints }, configLocation: 'oss://rg-config/near.yaml',
        }),
        triggers: [{ name: 'nightly', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{}' }],
      },
    ],
    fcKeys: keys, roleCredentials: keys, region: home.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await origin?.close();
  await Promise.all([home?.close(), far?.close()]);
});

async function fire(fn: string, trigger: string): Promise<Report> {
  const record = runner.fireTimer(fn, trigger);
  await runner.idle(30_000);
  expect(record.status, record.error).toBe('succeeded');
  return record.result as Report;
}

describe('refresh-stale-objects across regions', () => {
  it('reads a bucket of another region through that region\'s endpoint, keeping its state and report at home', async () => {
    stale(far, 'rg-far');
    home.resetLog();
    far.resetLog();
    const report = await fire('refresh-stale-objects', 'nightly');
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ scanned: KEYS.length, stale: STALE.size, refreshed: STALE.size, failed: 0 });
    expect(await contents(far, 'rg-far')).toEqual(KEYS.map((k) => `body of ${k}`));
    expect(bucketsIn(far)).toEqual(['rg-far']);
    expect(bucketsIn(home)).toEqual(['rg-config', 'rg-reports']);
    // the file placed the bucket: nobody asked where it is
    expect([...home.requestLog(), ...far.requestLog()].filter((e) => e.op === 'GetBucketLocation')).toEqual([]);
  });

  it('fans out over shards that read the bucket in its region too (the coordinator passes the region on)', async () => {
    stale(far, 'rg-far');
    home.resetLog();
    far.resetLog();
    const queued = await fire('refresh-stale-objects', 'fan') as unknown as { runId: string; shards: number };
    expect(queued).toMatchObject({ queued: true });
    const report = await readJson<Report>(ossClient(home), 'rg-reports', `runs/_state/refresh-stale-objects/runs/${queued.runId}/report.json`);
    expect(report?.summary).toMatchObject({ shards: queued.shards, scanned: KEYS.length, refreshed: STALE.size, failed: 0 });
    expect(await contents(far, 'rg-far')).toEqual(KEYS.map((k) => `body of ${k}`));
    expect(bucketsIn(far)).toEqual(['rg-far']);
    expect(bucketsIn(home)).toEqual(['rg-config', 'rg-reports']);
    expect([...home.requestLog(), ...far.requestLog()].filter((e) => e.op === 'GetBucketLocation')).toEqual([]);
  });

  it('sends every bucket to an explicit endpoint, whatever region the file gives it', async () => {
    stale(home, 'rg-near');
    home.resetLog();
    far.resetLog();
    const report = await fire('refresh-explicit', 'nightly');
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ scanned: KEYS.length, refreshed: STALE.size, failed: 0 });
    expect(await contents(home, 'rg-near')).toEqual(KEYS.map((k) => `body of ${k}`));
    expect(far.requestLog()).toEqual([]);
  });
});
