import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { createOssClient, type OssClient } from '../../../shared/oss/client.ts';
import { chainReplayStores, createMemoryReplayStore } from '../../../shared/fc/replay-store.ts';
import { createOssReplayStore } from '../../../shared/fc/replay-store-oss.ts';

let emu: EmulatorHandle;
let client: OssClient;
beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('replay-test');
  client = createOssClient({ endpoint: emu.endpoint, region: emu.region, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret } });
});
afterAll(async () => {
  await client.close();
  await emu.close();
});

describe('replay stores', () => {
  it('accepts a delivery id once in memory, again after its TTL, and forgets the oldest beyond capacity', async () => {
    let t = 0;
    const s = createMemoryReplayStore({ capacity: 2, now: () => t });
    expect(await s.remember('a', 100)).toBe(true);
    expect(await s.remember('a', 100)).toBe(false);
    t = 150;
    expect(await s.remember('a', 100)).toBe(true);
    await s.remember('b', 1000);
    await s.remember('c', 1000);
    expect(await s.remember('a', 1000)).toBe(true);
  });

  it('lets exactly one of two instances accept the same delivery through OSS', async () => {
    const loc = { bucket: 'replay-test', prefix: 'deliveries/' };
    const instanceA = chainReplayStores(createMemoryReplayStore(), createOssReplayStore(client, loc));
    const instanceB = chainReplayStores(createMemoryReplayStore(), createOssReplayStore(client, loc));
    const results = await Promise.all([instanceA.remember('github:d-1', 60_000), instanceB.remember('github:d-1', 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await instanceA.remember('github:d-2/weird id', 60_000)).toBe(true);
    expect(await emu.seed.readObject('replay-test', `deliveries/${encodeURIComponent('github:d-2/weird id')}`)).toBeDefined();
  });
});
