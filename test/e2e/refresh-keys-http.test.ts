// refresh-stale-objects' HTTP trigger in the local FC runner: named keys answer 200 with the report up to
// 100 keys and 202 + run id above (the queued run stores its report); a warm-up over HTTP is always queued.
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

beforeAll(async () => {
  emu = await startEmulator({});
  origin = await startKeyOrigin();
  const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule;
  emu.seed.createBucket('reports');
  emu.seed.createBucket('web', { website: { routingRules: [rule] } });
  const handler = createRefreshHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false }, allowPrivate: true,
    reportsLocation: 'oss://reports/runs/', invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }), write: () => {},
  });
  const k = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  runner = await startRunner({
    functions: [{ name: 'refresh-stale-objects', handler, timeout: 60, triggers: [{ name: 'http', type: 'http', methods: ['GET', 'POST'], authType: 'anonymous' }] }],
    fcKeys: k, roleCredentials: k, region: emu.region, timers: false, retryDelaysMs: [10],
  });
});
afterAll(async () => {
  await runner?.close();
  await origin?.close();
  await emu?.close();
});

const post = async (query: string, body: unknown) => {
  const res = await fetch(`${runner.url}/refresh-stale-objects/${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const stored = (runId: string) => readJson<Report>(ossClient(emu), 'reports', `runs/refresh-stale-objects/${runId}.json`);

describe('refresh-stale-objects over HTTP', () => {
  it('answers 200 with the report for up to 100 named keys', async () => {
    const r = await post('', { bucket: 'web', keys: ['site/a', 'site/b', 'site/c'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ function: 'refresh-stale-objects', summary: { scanned: 3 } });
  });

  it('answers 202 with a run id for more than 100 keys; the queued run refreshes them all and stores one report', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `site/many/${i}`);
    const r = await post('', { bucket: 'web', keys });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ queued: true, keys: 150 });
    await runner.idle(30_000);
    expect((await stored(r.body.runId as string))?.summary).toMatchObject({ scanned: 150 });
  });

  it('refuses a warm-up list from a bucket other than the warmed one or the state bucket (400)', async () => {
    emu.seed.createBucket('private-stuff');
    emu.seed.putObject('private-stuff', 'secrets.txt', 'line one\n');
    const r = await post('?mode=warm', { bucket: 'web', keysFrom: 'oss://private-stuff/secrets.txt' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/BAD_WARM_REQUEST/);
  });

  it('never takes a run id from an HTTP caller: an earlier run\'s stored report is not overwritten', async () => {
    const first = await post('', { bucket: 'web', keys: ['site/a'] });
    const id = first.body.runId as string;
    const before = JSON.stringify(await stored(id));
    const again = await post('', { bucket: 'web', keys: ['site/b', 'site/c'], runId: id });
    expect(again.status).toBe(200);
    expect(again.body.runId).not.toBe(id);
    const warm = await post('?mode=warm', { bucket: 'web', keys: ['site/zz'], runId: id });
    expect(warm.status).toBe(202);
    expect(warm.body.runId).not.toBe(id);
    await runner.idle(30_000);
    expect(JSON.stringify(await stored(id))).toBe(before);
  });

  it('queues a warm-up (202) and the queued run warms the keys', async () => {
    origin.keys.add('site/w1');
    origin.keys.add('site/w2');
    const r = await post('?mode=warm', { bucket: 'web', keys: ['site/w1', 'site/w2'], qps: 50 });
    expect(r.status).toBe(202);
    await runner.idle(30_000);
    expect((await stored(r.body.runId as string))?.summary).toMatchObject({ warm: 1, keys: 2, warmed: 2 });
    expect((await emu.seed.readObject('web', 'site/w1'))?.toString()).toBe(originBody('site/w1'));
  });
});
