// A user write to the key while refresh reads the origin must win: the key is looked at again right before
// the server-side copy. The origin below holds its GET until the test's own PUT (or DELETE) has landed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deleteObject, putObject } from '../../../shared/oss/ops/object.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';
import { STATE, keysOf, rangeOptions, seedCopy } from './fixture.ts';

const emu = useEmulator();
const NEW_ORIGIN = 'origin version two';
let origin: LoopbackServer;
/** What a user does to the key while the origin's GET is held. */
let duringGet: (key: string) => Promise<void> = async () => undefined;
let bucketNo = 0;
let bucket = '';

beforeAll(async () => {
  emu().seed.createBucket(STATE.bucket);
  origin = await startLoopbackServer(async (req, res) => {
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': String(NEW_ORIGIN.length) });
      res.end();
      return;
    }
    await duringGet(decodeURIComponent(req.url.slice(1)));
    res.writeHead(200, { 'content-length': String(NEW_ORIGIN.length) });
    res.end(NEW_ORIGIN);
  });
});
afterAll(async () => origin.close());
beforeEach(() => {
  bucket = `race-${++bucketNo}`;
  emu().seed.createBucket(bucket);
});

const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();

describe('refetch racing a user write', () => {
  it('never overwrites a PUT that lands while the origin GET is in flight', async () => {
    const key = `${bucket}/page.css`;
    seedCopy(emu(), bucket, key, 'old');
    duringGet = async (k) => void (await putObject(ossClient(emu()), { bucket, key: k, body: 'the user wrote this' }));
    const r = await refreshRange(rangeOptions(emu(), `${origin.url}/`, bucket));
    expect(r.counters).toMatchObject({ stale: 1, refreshed: 0 });
    expect(r.items).toEqual([expect.objectContaining({ code: 'COPY_CHANGED', status: 'warn', target: key })]);
    expect(await body(key)).toBe('the user wrote this');
    expect(await keysOf(ossClient(emu()), bucket, '.ossedge-tmp/')).toEqual([]);
  });

  it('does not bring back a key deleted while the origin GET is in flight', async () => {
    const key = `${bucket}/gone.css`;
    seedCopy(emu(), bucket, key, 'old');
    duringGet = async (k) => void (await deleteObject(ossClient(emu()), { bucket, key: k }));
    const r = await refreshRange(rangeOptions(emu(), `${origin.url}/`, bucket));
    expect(r.items).toEqual([expect.objectContaining({ code: 'COPY_CHANGED', target: key })]);
    expect(await keysOf(ossClient(emu()), bucket)).toEqual([]);
  });
});
