// refresh runs `concurrency` objects at once; a shared/net session allows only a few connections per origin
// by default. When some of an origin's requests hang, they must not hold every connection while the other
// objects of that origin wait in the queue until their own budget runs out: refresh opens as many
// connections per origin as it runs objects at once. Outcomes are counted; no wall clock is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SESSION_CONNECTIONS } from '../../../shared/net/index.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { useEmulator } from '../../helpers/emulator.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';
import { STATE, dataWrites, md5, rangeOptions, seedCopy } from './fixture.ts';

const emu = useEmulator();
const HUNG = 8;
const HEALTHY = 8;
let origin: LoopbackServer;
let hungInFlight = 0;
let mostHungInFlight = 0;

beforeAll(async () => {
  emu().seed.createBucket(STATE.bucket);
  // `/conn/a-hang-N.js` never answers (held until the client gives up); `/conn/b-ok-N.js` answers the copy's facts
  origin = await startLoopbackServer((req, res) => {
    if (req.url?.includes('hang')) {
      mostHungInFlight = Math.max(mostHungInFlight, ++hungInFlight);
      res.on('close', () => void (hungInFlight -= 1));
      return;
    }
    const n = /b-ok-(\d+)/.exec(req.url ?? '')?.[1] ?? '0';
    const body = Buffer.from(`copy ok ${n}`);
    res.writeHead(200, { 'content-length': String(body.length), 'content-md5': md5(body).toString('base64'), 'content-type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
});
afterAll(async () => origin.close());

describe('refresh connections per origin', () => {
  it('lets the answering objects of an origin finish while more of its requests hang than the default pool holds', async () => {
    expect(HUNG).toBeGreaterThan(DEFAULT_SESSION_CONNECTIONS);
    const bucket = 'conn';
    emu().seed.createBucket(bucket);
    // listed (and started) first: the hanging ones
    for (let i = 0; i < HUNG; i++) seedCopy(emu(), bucket, `${bucket}/a-hang-${i}.js`, `copy hang ${i}`);
    for (let i = 0; i < HEALTHY; i++) seedCopy(emu(), bucket, `${bucket}/b-ok-${i}.js`, `copy ok ${i}`);
    const w = dataWrites(emu(), bucket);
    const r = await refreshRange(rangeOptions(emu(), `${origin.url}/`, bucket, { originBudgetMs: 1_500, limits: { concurrency: HUNG + HEALTHY } }));
    expect(r.counters).toMatchObject({ scanned: HUNG + HEALTHY, unchanged: HEALTHY, failed: HUNG, refreshed: 0, stale: 0 });
    const failed = r.items.filter((i) => i.code === 'ORIGIN_ERROR').map((i) => i.target).sort();
    expect(failed).toEqual(Array.from({ length: HUNG }, (_, i) => `${bucket}/a-hang-${i}.js`));
    expect(mostHungInFlight).toBe(HUNG);
    expect(dataWrites(emu(), bucket) - w).toBe(0);
  });
});
