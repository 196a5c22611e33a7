// Hostile review: an on-demand refresh must never touch ossedge's own state kept in the refreshed bucket
// (`.ossedge-state/refresh/`, used when OSSEDGE_REPORTS is unset), even when a catch-all Mirror rule covers
// it and the origin serves other bytes under that path. The prefix scan skips that folder; so must this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { startOrigin, type OriginServer } from '../helpers/origin.ts';
import { seedCopy, serve } from '../shared/refresh/fixture.ts';
import { runCliOnEmulator } from './cli-process.ts';

let emu: EmulatorHandle;
let origin: OriginServer;
const STATE_KEY = '.ossedge-state/refresh/warm/parked/site.json';

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  origin = await startOrigin();
  const rules = [{ ruleNumber: 1, condition: { httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } }] as RoutingRule[];
  emu.seed.createBucket('site', { website: { routingRules: rules } });
  seedCopy(emu, 'site', STATE_KEY, '{"ossedge":"state"}');
  serve(origin, STATE_KEY, { body: '{"forged":"by the origin"}', contentMd5: true });
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

const cli = (args: string[]) => runCliOnEmulator(emu, ['refresh', ...args, '--allow-private-origins']);

describe('on-demand refresh and the in-bucket state folder', () => {
  it('leaves a state object alone (reported, not refreshed or deleted) for either strategy', async () => {
    for (const strategy of ['refetch', 'delete']) {
      origin.requests.length = 0;
      const r = await cli(['--bucket', 'site', '--key', STATE_KEY, '--strategy', strategy, '--json']);
      const report = JSON.parse(r.stdout);
      expect(report.summary, r.stderr).toMatchObject({ scanned: 1, refreshed: 0, deleted: 0 });
      expect(report.items).toEqual([expect.objectContaining({ code: 'OSSEDGE_OBJECT', target: STATE_KEY })]);
      expect((await emu.seed.readObject('site', STATE_KEY))?.toString()).toBe('{"ossedge":"state"}');
      expect(origin.requests).toEqual([]);
    }
  });
});
