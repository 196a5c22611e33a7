// The warm-up timer of s.yaml ({"mode":"warm"} without a bucket): every rule of ossedge.yaml with a
// `warm:` section is queued as its own run and warms its list.
import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { useRefreshRig } from '../functions/refresh-stale-objects/support.ts';
import { originBody, startKeyOrigin } from '../shared/refresh/warm/fixture.ts';

const rule = (url: string) => ({ ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: url } }) as RoutingRule;

const rig = useRefreshRig({
  origin: startKeyOrigin,
  seed: (emu, origin) => {
    for (const k of ['site/t/1', 'site/t/2']) origin.keys.add(k);
    emu.seed.createBucket('cfg');
    emu.seed.createBucket('timed', { website: { routingRules: [rule(origin.url)] } });
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
  },
  handler: { configLocation: 'oss://cfg/ossedge.yaml' },
  triggers: [{ name: 'warm-up', type: 'timer', cronExpression: '0 5 * * * *', enable: true, payload: '{"mode":"warm"}' }],
  retryDelaysMs: [10],
});

describe('warm-up timer', () => {
  it('queues a warm-up for each rule with a warm: section and warms its list', async () => {
    rig.runner.fireTimer('refresh-stale-objects', 'warm-up');
    await rig.runner.idle(30_000);
    for (const k of ['site/t/1', 'site/t/2']) expect((await rig.emu.seed.readObject('timed', k))?.toString()).toBe(originBody(k));
  });
});
