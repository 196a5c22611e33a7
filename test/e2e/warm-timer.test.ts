// The warm-up timer of s.yaml ({"mode":"warm"} without a bucket): every rule of ossedge.yaml with a
// `warm:` section is queued as its own run and warms its list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { originBody, startKeyOrigin, type KeyOrigin } from '../shared/refresh/warm/fixture.ts';

let emu: EmulatorHandle;
let origin: KeyOrigin;
let runner: Runner;

beforeAll(async () => {
  emu = await startEmulator({});
  origin = await startKeyOrigin();
  for (const k of ['site/t/1', 'site/t/2']) origin.keys.add(k);
  const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule;
  emu.seed.createBucket('cfg');
  emu.seed.createBucket('timed', { website: { routingRules: [rule] } });
  emu.seed.putObject('cfg', 'lists/t.txt', 'site/t/1\nsite/t/2\n');
  emu.seed.putObject('cfg', 'ossedge.yaml', `version: 1
buckets:
  timed:
    website:
      routingRules:
        - condition: {keyPrefixEquals: site/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: "${origin.url}"}
          warm: {keys: "oss://cfg/lists/t.txt", qps: 20}
`);
  const handler = createRefreshHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false }, configLocation: 'oss://cfg/ossedge.yaml',
    invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }), write: () => {},
  });
  const k = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  runner = await startRunner({
    functions: [{ name: 'refresh-stale-objects', handler, timeout: 60, triggers: [{ name: 'warm-up', type: 'timer', cronExpression: '0 5 * * * *', enable: true, payload: '{"mode":"warm"}' }] }],
    fcKeys: k, roleCredentials: k, region: emu.region, timers: false, retryDelaysMs: [10],
  });
});
afterAll(async () => {
  await runner?.close();
  await origin?.close();
  await emu?.close();
});

describe('warm-up timer', () => {
  it('queues a warm-up for each rule with a warm: section and warms its list', async () => {
    runner.fireTimer('refresh-stale-objects', 'warm-up');
    await runner.idle(30_000);
    for (const k of ['site/t/1', 'site/t/2']) expect((await emu.seed.readObject('timed', k))?.toString()).toBe(originBody(k));
  });
});
