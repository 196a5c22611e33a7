// An origin that never answers HEAD must not serialize the scan: the objects of that origin ask side by
// side, so a range costs about one origin timeout, not one per object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { useEmulator } from '../../helpers/emulator.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';
import { STATE, dataWrites, rangeOptions, seedCopy } from './fixture.ts';

const emu = useEmulator();
const BUDGET_MS = 1_500;
let origin: LoopbackServer;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  emu().seed.createBucket(STATE.bucket);
  // never answers: each request stays in flight until the client gives up and closes it
  origin = await startLoopbackServer((_req, res) => {
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    res.on('close', () => void (inFlight -= 1));
  });
});
afterAll(async () => origin.close());

describe('refresh against a hanging origin', () => {
  it('asks for 4 objects side by side and gives up after about one timeout, keeping every copy', async () => {
    const bucket = 'hang';
    emu().seed.createBucket(bucket);
    for (let i = 0; i < 4; i++) seedCopy(emu(), bucket, `${bucket}/${i}.js`, `copy ${i}`);
    const w = dataWrites(emu(), bucket);
    const r = await refreshRange(rangeOptions(emu(), `${origin.url}/`, bucket, { originBudgetMs: BUDGET_MS }));
    // all 4 HEADs open at once: the run costs about one budget (one by one it was 4; no wall clock asserted)
    expect(mostInFlight).toBe(4);
    expect(origin.requests.filter((q) => q.method === 'HEAD')).toHaveLength(4);
    expect(r.counters).toMatchObject({ scanned: 4, failed: 4, refreshed: 0 });
    expect(r.items.every((i) => i.code === 'ORIGIN_ERROR' && /NET_TIMEOUT/.test(i.message))).toBe(true);
    expect(dataWrites(emu(), bucket) - w).toBe(0);
  });
});
