import { describe, expect, it } from 'vitest';
import { createOssDeliveryStore } from '../../../shared/state/delivery-store-oss.ts';
import { sweepDeliveries } from '../../../shared/state/delivery-sweep.ts';
import { useEmulatorBucket } from '../../helpers/emulator.ts';

const BUCKET = 'sweep-test';
const DAY = 24 * 3600_000;
const { emu, client } = useEmulatorBucket(BUCKET, { dataPlane: false });

describe('sweepDeliveries', () => {
  it('deletes records last written before keepMs, keeps newer ones and everything outside the folder; a swept key can be claimed again', async () => {
    const now = Date.now();
    const old = { lastModified: now - 3 * DAY };
    emu().seed.putObject(BUCKET, 'r/_state/deliveries/github/old-1.json', '{"key":"github/old-1"}', old);
    emu().seed.putObject(BUCKET, 'r/_state/deliveries/ossedge/1-ab.json', '{}', old);
    emu().seed.putObject(BUCKET, 'r/_state/leases/apply-config/b/000000000001.json', '{}', old);
    emu().seed.putObject(BUCKET, 'r/apply-config/latest.json', '{}', old);
    const store = createOssDeliveryStore(client(), { bucket: BUCKET, prefix: 'r/' });
    expect(await store.claim('github/new-1', DAY)).toEqual({ first: true });
    expect(await store.claim('github/old-1', DAY)).toMatchObject({ first: false });

    expect(await sweepDeliveries(client(), { bucket: BUCKET, prefix: 'r/', keepMs: 2 * DAY })).toEqual({ scanned: 3, deleted: 2 });
    expect(await emu().seed.readObject(BUCKET, 'r/_state/deliveries/github/old-1.json')).toBeUndefined();
    expect(await emu().seed.readObject(BUCKET, 'r/_state/deliveries/github/new-1.json')).toBeDefined();
    expect(await emu().seed.readObject(BUCKET, 'r/_state/leases/apply-config/b/000000000001.json')).toBeDefined();
    expect(await emu().seed.readObject(BUCKET, 'r/apply-config/latest.json')).toBeDefined();
    expect(await store.claim('github/old-1', DAY)).toEqual({ first: true });
    expect(await store.claim('github/new-1', DAY)).toMatchObject({ first: false });
  });

  it('looks at no more than maxPages listing pages per sweep', async () => {
    emu().seed.putObjects(BUCKET, 1500, (i) => `p/_state/deliveries/gitlab/k-${i}.json`, '{}', { lastModified: Date.now() - 3 * DAY });
    expect(await sweepDeliveries(client(), { bucket: BUCKET, prefix: 'p/', keepMs: DAY, maxPages: 1 })).toEqual({ scanned: 1000, deleted: 1000 });
    expect(await sweepDeliveries(client(), { bucket: BUCKET, prefix: 'p/', keepMs: DAY, maxPages: 1 })).toEqual({ scanned: 500, deleted: 500 });
  });
});
