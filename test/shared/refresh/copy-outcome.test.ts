// CopyObject whose answer is lost after OSS did the copy (a cut response): the report must say what the
// key holds, read back from OSS, not "copy kept".
import { describe, expect, it } from 'vitest';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { rangeOptions, seedCopy, serve, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();

describe('refetch when the CopyObject answer is lost', () => {
  it('reports STALE_REFRESHED when the key holds the verified body after all', async () => {
    const bucket = 'cut-copy';
    emu().seed.createBucket(bucket);
    seedCopy(emu(), bucket, `${bucket}/a.txt`, 'old bytes');
    serve(origin(), `${bucket}/a.txt`, { body: 'new origin bytes', contentMd5: true });
    emu().faults.set({ op: 'CopyObject', bucket, failNext: 1, kind: 'truncate' });
    try {
      const r = await refreshRange(rangeOptions(emu(), origin().url, bucket));
      expect(r.items).toEqual([expect.objectContaining({ code: 'STALE_REFRESHED', target: `${bucket}/a.txt` })]);
      expect(r.counters).toMatchObject({ refreshed: 1, failed: 0 });
    } finally {
      emu().faults.clear();
    }
    expect((await emu().seed.readObject(bucket, `${bucket}/a.txt`))?.toString()).toBe('new origin bytes');
  });
});
