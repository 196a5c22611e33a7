import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { createOssClient, type OssClient } from '../../../shared/oss/client.ts';
import { createMemoryDeliveryStore, StateUnavailableError } from '../../../shared/state/delivery-store.ts';
import { createOssDeliveryStore } from '../../../shared/state/delivery-store-oss.ts';

const BUCKET = 'delivery-test';
const NOW = Date.parse('2026-12-06T12:00:00Z');
let emu: EmulatorHandle;
let client: OssClient;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  emu.seed.createBucket(BUCKET);
  client = createOssClient({
    endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
  });
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

/** Two function instances: separate store objects over one bucket, as two FC instances would have. */
const instance = (prefix: string) => createOssDeliveryStore(client, { bucket: BUCKET, prefix, now: () => NOW });

describe('the OSS delivery store', () => {
  it('lets exactly one of two instances claim a key, and tells the other the first run', async () => {
    const [a, b] = [instance('r1/'), instance('r1/')];
    const results = await Promise.all([a.claim('github/d-1', 60_000, { runId: 'run-a', state: 'queued' }), b.claim('github/d-1', 60_000, { runId: 'run-b', state: 'queued' })]);
    expect(results.filter((r) => r.first)).toHaveLength(1);
    const loser = results.find((r) => !r.first) as { first: false; record?: { runId?: string } };
    const winner = results[0]!.first ? 'run-a' : 'run-b';
    expect(loser.record?.runId).toBe(winner);
  });

  it('writes one forbid-overwrite JSON record under <prefix>_state/deliveries/ with its expiry', async () => {
    const s = instance('r2/');
    expect(await s.claim('ossedge/1800000000-ab', 300_000)).toEqual({ first: true });
    const stored = JSON.parse(String(await emu.seed.readObject(BUCKET, 'r2/_state/deliveries/ossedge/1800000000-ab.json')));
    expect(stored).toEqual({ key: 'ossedge/1800000000-ab', firstSeenAt: '2026-12-06T12:00:00.000Z', expiresAt: '2026-12-06T12:05:00.000Z', claimToken: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const put = emu.requestLog().filter((e) => e.op === 'PutObject' && e.key === 'r2/_state/deliveries/ossedge/1800000000-ab.json');
    expect(put).toHaveLength(1);
  });

  it('records the run id and state of a claimed key for later deliveries of it', async () => {
    const s = instance('r3/');
    await s.claim('gitlab/k-1', 60_000);
    await s.note('gitlab/k-1', { runId: 'run-1', state: 'succeeded' });
    expect(await instance('r3/').claim('gitlab/k-1', 60_000)).toEqual({
      first: false, record: { key: 'gitlab/k-1', firstSeenAt: '2026-12-06T12:00:00.000Z', expiresAt: '2026-12-06T12:01:00.000Z', runId: 'run-1', state: 'succeeded', claimToken: expect.any(String) },
    });
  });

  it('knows its own create when OSS took it but the answer was lost, and still refuses the next claim', async () => {
    const s = instance('r5/');
    emu.faults.set({ op: 'PutObject', bucket: BUCKET, failNext: 1, kind: 'lost' });
    try {
      expect(await s.claim('github/lost-1', 60_000)).toEqual({ first: true });
    } finally {
      emu.faults.clear();
    }
    expect(await instance('r5/').claim('github/lost-1', 60_000)).toMatchObject({ first: false });
    // nothing created and no answer: unavailable (503), never a first claim
    emu.faults.set({ op: 'PutObject', bucket: BUCKET, failNext: 1, kind: 'reset' });
    try {
      await expect(s.claim('github/lost-2', 60_000)).rejects.toMatchObject({ code: 'STATE_UNAVAILABLE' });
    } finally {
      emu.faults.clear();
    }
  });

  it('lets exactly one of two instances take over a failed delivery, and tells the other which run did', async () => {
    await instance('r6/').claim('github/f-1', 60_000, { runId: 'run-failed', state: 'failed' });
    const [a, b] = await Promise.all([
      instance('r6/').takeOver('github/f-1', 'run-failed', { runId: 'run-a', state: 'queued' }),
      instance('r6/').takeOver('github/f-1', 'run-failed', { runId: 'run-b', state: 'queued' }),
    ]);
    const won = [a, b].filter((r) => r.won);
    expect(won).toHaveLength(1);
    expect([a, b].find((r) => !r.won)).toEqual({ won: false, runId: a.won ? 'run-a' : 'run-b' });
    // the run that took it over fails too: its own failure can be taken over once more
    expect(await instance('r6/').takeOver('github/f-1', a.won ? 'run-a' : 'run-b', { runId: 'run-c' })).toEqual({ won: true });
  });

  it('still refuses a key whose object is oversize (not read past 4 KiB) or not a record', async () => {
    emu.seed.putObject(BUCKET, 'r4/_state/deliveries/github/big.json', 'x'.repeat(1024 * 1024));
    emu.seed.putObject(BUCKET, 'r4/_state/deliveries/github/junk.json', '{"key":"github/other"}');
    expect(await instance('r4/').claim('github/big', 60_000)).toEqual({ first: false });
    expect(await instance('r4/').claim('github/junk', 60_000)).toEqual({ first: false });
  });

  it('fails closed: an OSS error on create or read is StateUnavailableError, and nothing counts as claimed', async () => {
    const s = instance('r5/');
    emu.faults.set({ op: 'PutObject', bucket: BUCKET, errorRate: 1 });
    try {
      await expect(s.claim('github/d-9', 60_000)).rejects.toBeInstanceOf(StateUnavailableError);
    } finally {
      emu.faults.set([]);
    }
    expect(await s.claim('github/d-9', 60_000)).toEqual({ first: true });
    emu.faults.set({ op: 'GetObject', bucket: BUCKET, errorRate: 1 });
    try {
      await expect(s.claim('github/d-9', 60_000)).rejects.toMatchObject({ code: 'STATE_UNAVAILABLE' });
    } finally {
      emu.faults.set([]);
    }
  });

  it('fails closed when the bucket does not exist', async () => {
    const s = createOssDeliveryStore(client, { bucket: 'no-such-bucket-here', prefix: '' });
    await expect(s.claim('github/d-1', 60_000)).rejects.toBeInstanceOf(StateUnavailableError);
  });
});

describe('the memory delivery store', () => {
  it('claims a key once until its expiry, keeps notes, and forgets the oldest beyond capacity', async () => {
    let t = 0;
    const s = createMemoryDeliveryStore({ capacity: 2, now: () => t });
    expect(await s.claim('a', 100)).toEqual({ first: true });
    await s.note('a', { runId: 'r-a' });
    expect(await s.claim('a', 100)).toMatchObject({ first: false, record: { runId: 'r-a' } });
    t = 150;
    expect(await s.claim('a', 100)).toEqual({ first: true });
    await s.claim('b', 1000);
    await s.claim('c', 1000);
    expect(await s.claim('a', 1000)).toEqual({ first: true });
  });
});
