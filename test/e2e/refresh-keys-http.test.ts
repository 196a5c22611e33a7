// refresh-stale-objects' HTTP trigger in the local FC runner: named keys answer 200 with the report up to
// 100 keys and 202 + run id above (the queued run stores its report); a warm-up over HTTP is always queued.
import { describe, expect, it } from 'vitest';
import { readJson } from '../../shared/state/oss-json.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import type { Report } from '../../shared/report/model.ts';
import { ossClient } from '../helpers/emulator.ts';
import { useRefreshRig } from '../functions/refresh-stale-objects/support.ts';
import { originBody, startKeyOrigin } from '../shared/refresh/warm/fixture.ts';

const rule = (url: string) => ({ ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: url } }) as RoutingRule;

const rig = useRefreshRig({
  origin: startKeyOrigin,
  seed: (emu, origin) => {
    emu.seed.createBucket('reports');
    emu.seed.createBucket('web', { website: { routingRules: [rule(origin.url)] } });
  },
  handler: { allowPrivate: true, reportsLocation: 'oss://reports/runs/' },
  triggers: [{ name: 'http', type: 'http', methods: ['GET', 'POST'], authType: 'anonymous' }],
  retryDelaysMs: [10],
});

const post = async (query: string, body: unknown) => {
  const res = await fetch(`${rig.runner.url}/refresh-stale-objects/${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const STATE = 'runs/_state/refresh-stale-objects/';
const LISTS = `${STATE}warm/lists/`;
const IN_BUCKET_LISTS = '.ossedge-state/refresh/warm/lists/';
const stored = (runId: string) => readJson<Report>(ossClient(rig.emu), 'reports', `runs/refresh-stale-objects/${runId}.json`);

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
    await rig.runner.idle(30_000);
    expect((await stored(r.body.runId as string))?.summary).toMatchObject({ scanned: 150 });
  });

  it('refuses a warm-up list from a bucket other than the warmed one or the state bucket (400)', async () => {
    rig.emu.seed.createBucket('private-stuff');
    rig.emu.seed.putObject('private-stuff', 'secrets.txt', 'line one\n');
    const r = await post('?mode=warm', { bucket: 'web', keysFrom: 'oss://private-stuff/secrets.txt' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/BAD_WARM_REQUEST/);
  });

  it('reads a warm-up list over HTTP only from the state folder\'s warm/lists/: any other object of the warmed or the state bucket is refused unread (400), its content never echoed', async () => {
    const secret = 'site/SECRET-TOKEN-4242';
    rig.emu.seed.putObject('web', 'private/passwords.txt', `${secret}\n`);
    rig.emu.seed.putObject('reports', 'runs/other.txt', `${secret}\n`);
    rig.emu.seed.putObject('reports', `${LISTS}../../escape.txt`, `${secret}\n`);
    rig.origin.keys.add(secret);
    const hostile = [
      'oss://web/private/passwords.txt', // the warmed bucket: not a list folder
      'oss://reports/runs/other.txt', // the state bucket outside the state folder
      `oss://reports/${STATE}leases/web/000000000001.json`, // ossedge's own state
      `oss://reports/${STATE}warm/some-run/keys.txt`, // another run's saved list
      `oss://reports/${LISTS}../../escape.txt`, // dot segments
      `oss://reports/${LISTS}`, // the folder itself
      `oss://web/${IN_BUCKET_LISTS}l.txt`, // the in-bucket folder while the state is in the reports bucket
    ];
    for (const keysFrom of hostile) {
      const r = await post('?mode=warm', { bucket: 'web', keysFrom });
      expect({ keysFrom, status: r.status }).toEqual({ keysFrom, status: 400 });
      expect(r.body).toMatchObject({ error: { code: 'BAD_WARM_REQUEST' } });
      expect(JSON.stringify(r.body)).not.toContain('SECRET-TOKEN');
    }
    await rig.runner.idle(30_000);
    expect(rig.origin.gets.get(secret)).toBeUndefined();
    expect(await rig.emu.seed.readObject('web', secret)).toBeUndefined();
  });

  it('warms a list uploaded to the state folder\'s warm/lists/ (the documented place for HTTP callers)', async () => {
    rig.origin.keys.add('site/l1');
    rig.origin.keys.add('site/l2');
    rig.emu.seed.putObject('reports', `${LISTS}migration/day-1.txt`, 'site/l1\nsite/l2\n');
    const r = await post('?mode=warm', { bucket: 'web', keysFrom: `oss://reports/${LISTS}migration/day-1.txt` });
    expect(r.status).toBe(202);
    await rig.runner.idle(30_000);
    expect((await stored(r.body.runId as string))?.summary).toMatchObject({ warm: 1, keys: 2, warmed: 2 });
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
    await rig.runner.idle(30_000);
    expect(JSON.stringify(await stored(id))).toBe(before);
  });

  it('queues a warm-up (202) and the queued run warms the keys', async () => {
    rig.origin.keys.add('site/w1');
    rig.origin.keys.add('site/w2');
    const r = await post('?mode=warm', { bucket: 'web', keys: ['site/w1', 'site/w2'], qps: 50 });
    expect(r.status).toBe(202);
    await rig.runner.idle(30_000);
    expect((await stored(r.body.runId as string))?.summary).toMatchObject({ warm: 1, keys: 2, warmed: 2 });
    expect((await rig.emu.seed.readObject('web', 'site/w1'))?.toString()).toBe(originBody('site/w1'));
  });
});
