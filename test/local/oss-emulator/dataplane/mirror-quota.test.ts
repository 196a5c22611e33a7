import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../../shared/oss/models/website.ts';
import { getObject } from '../../../../shared/oss/ops/object.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';
import { reply, startLoopbackServer, type LoopbackServer } from '../../../helpers/loopback-server.ts';

const quota: { qps?: number; bytesPerSecond?: number } = {};
const emu = useEmulator({ dataPlaneOptions: { mirrorQuota: quota } });
let origin: LoopbackServer;

beforeAll(async () => {
  origin = await startLoopbackServer(reply(200, 'x'.repeat(1000)));
  const rule = { ruleNumber: 1, condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: `${origin.url}/` } } as RoutingRule;
  emu().seed.createBucket('quota', { website: { routingRules: [rule] } });
  emu().seed.putObject('quota', 'stored.txt', 'here');
});
afterAll(async () => origin.close());

/** Statuses of `n` GETs of missing keys sent at once. */
async function burst(prefix: string, n: number): Promise<number[]> {
  const client = ossClient(emu());
  return Promise.all(Array.from({ length: n }, (_, i) => getObject(client, { bucket: 'quota', key: `${prefix}/${i}` }).then(
    async (r) => {
      if (!r.notModified) for await (const _ of r.body);
      return r.status;
    },
    (e: { status: number; code: string; ec: string }) => {
      expect(e).toMatchObject({ code: 'MirrorFailed', ec: '0041-00000102' });
      return e.status;
    },
  )));
}

describe('mirror quota', () => {
  it('is off by default', async () => {
    expect((await burst('off', 30)).every((s) => s === 200)).toBe(true);
  });

  it('answers 503 to mirroring requests over the QPS quota, never to objects that exist', async () => {
    quota.qps = 5;
    const statuses = await burst('qps', 20);
    // all 20 arrive within at most two fixed seconds: at most 5 a second are admitted
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(5);
    const client = ossClient(emu());
    for (let i = 0; i < 10; i++) expect((await getObject(client, { bucket: 'quota', key: 'stored.txt' })).status).toBe(200);
    delete quota.qps;
  });

  it('answers 503 once the second\'s mirrored bytes reach the bandwidth quota', async () => {
    quota.bytesPerSecond = 2500;
    const client = ossClient(emu());
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push(await getObject(client, { bucket: 'quota', key: `bw/${i}` }).then(async (r) => {
        if (!r.notModified) for await (const _ of r.body);
        return r.status;
      }, (e: { status: number }) => e.status));
    }
    expect(statuses).toContain(503);
    delete quota.bytesPerSecond;
  });
});
