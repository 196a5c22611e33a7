// The manifest switch is the commit; deleting older generations is housekeeping: when it fails, the new
// generation stays current, the run keeps its items and says so, and the next commit prunes.
import { describe, expect, it } from 'vitest';
import { currentGeneration, manifestFolder } from '../../../shared/refresh/manifest.ts';
import { rangeId } from '../../../shared/refresh/keys.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { STATE, keysOf, rangeOptions, seedCopy, serve, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();

describe('manifest commit', () => {
  it('stays committed and reports MANIFEST_NOT_PRUNED when old generations cannot be deleted', async () => {
    const bucket = 'prune';
    emu().seed.createBucket(bucket);
    seedCopy(emu(), bucket, `${bucket}/same.txt`, 'same');
    serve(origin(), `${bucket}/same.txt`, { body: 'same', md5Etag: true });
    const run = (runId: string) => refreshRange(rangeOptions(emu(), origin().url, bucket, { runId }));
    const folder = manifestFolder(STATE.prefix, rangeId({ bucket, prefix: `${bucket}/` }));
    await run('gen-a');
    emu().faults.set({ op: 'DeleteObject', bucket: STATE.bucket, errorRate: 1 });
    let second;
    try {
      second = await run('gen-b');
    } finally {
      emu().faults.clear();
    }
    expect(second.complete).toBe(true);
    expect(second.items).toEqual([expect.objectContaining({ code: 'MANIFEST_NOT_PRUNED', status: 'warn' })]);
    expect(await currentGeneration(ossClient(emu()), STATE.bucket, folder)).toBe('gen-b');
    expect((await keysOf(ossClient(emu()), STATE.bucket, `${folder}gen-a/`)).length).toBeGreaterThan(0);
    const third = await run('gen-c');
    expect(third.items).toEqual([]);
    expect(await keysOf(ossClient(emu()), STATE.bucket, `${folder}gen-a/`)).toEqual([]);
    expect(await keysOf(ossClient(emu()), STATE.bucket, `${folder}gen-b/`)).toEqual([]);
  });
});
