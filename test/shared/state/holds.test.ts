// Drift hold records in OSS (the emulator over loopback): what a planted or broken record means, which keys are holds.
import { describe, expect, it } from 'vitest';
import { createOssHoldStore, holdKey, HOLDS_FOLDER, MAX_HOLD_BYTES } from '../../../shared/state/holds.ts';
import { listObjectsV2Page } from '../../../shared/oss/ops/list.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });

describe('hold records', () => {
  it('a planted or unreadable record still holds its bucket, with only plain values shown', async () => {
    emu().seed.createBucket('hd-reports');
    const store = createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' });
    emu().seed.putObject('hd-reports', holdKey('r/', 'hd-planted'), '{"runId":"\\u001b[31mred","since":"not json');
    expect(await store.get('hd-planted')).toEqual({ bucket: 'hd-planted', runId: 'unknown', since: 'unknown' });
    emu().seed.putObject('hd-reports', holdKey('r/', 'hd-planted'), JSON.stringify({ runId: '\u001b[31mred', since: 'x'.repeat(500) }));
    expect(await store.get('hd-planted')).toEqual({ bucket: 'hd-planted', runId: 'unknown', since: 'unknown' });
    // other keys under the folder are not holds
    emu().seed.putObject('hd-reports', `r/${HOLDS_FOLDER}nested/x.json`, '{}');
    expect([...(await store.held())]).not.toContain('nested/x');
    expect(await store.release('hd-planted')).toMatchObject({ bucket: 'hd-planted' });
  });
});

describe('an oversized hold record', () => {
  it('still holds its bucket, is listed, and can be released (it is never read whole)', async () => {
    emu().seed.createBucket('hd-reports');
    const store = createOssHoldStore(ossClient(emu()), { bucket: 'hd-reports', key: 'r/' });
    emu().seed.putObject('hd-reports', holdKey('r/', 'hd-huge'), `{"runId":"r1","pad":"${'x'.repeat(MAX_HOLD_BYTES)}"}`);
    expect(await store.get('hd-huge')).toEqual({ bucket: 'hd-huge', runId: 'unknown', since: 'unknown' });
    expect(await store.release('hd-huge')).toEqual({ bucket: 'hd-huge', runId: 'unknown', since: 'unknown' });
    expect(await emu().seed.readObject('hd-reports', holdKey('r/', 'hd-huge'))).toBeUndefined();
  });
});

describe('more holds than the listing reads', () => {
  it('refuses with TOO_MANY_HOLDS instead of a partial list; one page short of the bound still lists them all', async () => {
    emu().seed.createBucket('hd-many');
    for (let i = 0; i < 2500; i++) emu().seed.putObject('hd-many', holdKey('r/', `hd-b${String(i).padStart(4, '0')}`), '{}');
    // the fixture really spans three listing pages
    expect((await listObjectsV2Page(ossClient(emu()), { bucket: 'hd-many', prefix: `r/${HOLDS_FOLDER}`, maxKeys: 1000 })).isTruncated).toBe(true);
    const bounded = createOssHoldStore(ossClient(emu()), { bucket: 'hd-many', key: 'r/' }, { maxPages: 2 });
    await expect(bounded.held()).rejects.toMatchObject({ code: 'TOO_MANY_HOLDS' });
    const enough = createOssHoldStore(ossClient(emu()), { bucket: 'hd-many', key: 'r/' }, { maxPages: 3 });
    expect((await enough.held()).size).toBe(2500);
  });
});

describe('holdKey', () => {
  it('names the bucket\'s record under the reports prefix, and refuses a name that is not a bucket (no path in the key)', () => {
    expect(holdKey('r/', 'www-example')).toBe('r/holds/apply-config/www-example.json');
    expect(holdKey('', 'www-example')).toBe('holds/apply-config/www-example.json');
    for (const bad of ['../x', 'a/b', '', 'UPPER', 'x'.repeat(64)]) expect(() => holdKey('r/', bad), bad).toThrow();
  });
});
