// A bucket run over several Mirror prefixes: an OSS failure in a later range must not drop the items of
// the ranges already finished.
import { describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { refreshReport } from '../../../shared/refresh/report.ts';
import { refreshBucket } from '../../../shared/refresh/run.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { STATE, mirrorRules, seedCopy, serve, useRefreshWorld } from './fixture.ts';

const { emu, origin } = useRefreshWorld();

describe('refreshBucket over several prefixes', () => {
  it('keeps the items of a finished prefix when listing the next one fails', async () => {
    const bucket = 'two-prefixes';
    emu().seed.createBucket(bucket);
    seedCopy(emu(), bucket, 'a/x.txt', 'old a');
    seedCopy(emu(), bucket, 'b/y.txt', 'old b');
    serve(origin(), 'b/y.txt', { body: 'new b!', contentMd5: true });
    // once prefix a/ is being worked on, every listing of the bucket fails: prefix b/ cannot be listed
    serve(origin(), 'a/x.txt', () => {
      emu().faults.set({ op: 'ListObjectsV2', bucket, errorRate: 1 });
      return { body: 'new a!', contentMd5: true };
    });
    const rules: RoutingRule[] = [...mirrorRules(origin().url, 'a/'), { ...mirrorRules(origin().url, 'b/')[0]!, ruleNumber: 2 }];
    let result;
    try {
      result = await refreshBucket({
        client: ossClient(emu()), state: STATE, bucket, rules, owner: 'test', runId: 'run-two-prefixes', net: { allowPrivate: true }, originBudgetMs: 2_000,
      });
    } finally {
      emu().faults.clear();
    }
    expect(result.complete).toBe(false);
    expect(result.items).toEqual([expect.objectContaining({ code: 'STALE_REFRESHED', target: 'a/x.txt' })]);
    expect(result.errors).toEqual([expect.objectContaining({ code: 'OSS_INTERNAL_ERROR' })]);
    const report = refreshReport([result], { runId: 'run-two-prefixes', dryRun: false, strategy: 'refetch' });
    expect(report.ok).toBe(false);
    expect(report.items.map((i) => i.code)).toEqual(['STALE_REFRESHED']);
    expect(report.errors).toEqual([expect.objectContaining({ bucket, message: expect.stringContaining('ListObjectsV2: 500 InternalError') })]);
    expect((await emu().seed.readObject(bucket, 'a/x.txt'))?.toString()).toBe('new a!');
  });
});
