import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../../shared/refresh/request.ts';
import type { RefreshInput } from '../../../shared/refresh/run-context.ts';

const http = (query: Record<string, string>, method = 'POST') => ({ kind: 'http', method, query, headers: {}, path: '/', body: '' }) as unknown as RefreshInput;
const invoke = (payload: unknown) => ({ kind: 'invoke', payload }) as RefreshInput;

describe('parseRequest', () => {
  it('reads bucket, prefix, dry run, strategy and shards from an HTTP query', () => {
    expect(parseRequest(http({ bucket: 'a', prefix: 'img/', dryRun: '1', strategy: 'delete', shards: '4' }))).toEqual({
      kind: 'run', buckets: ['a'], prefix: 'img/', dryRun: true, strategy: 'delete', shards: 4,
    });
  });
  it('refuses a bad strategy, shard count or bucket with its code, and other methods than GET and POST with METHOD_NOT_ALLOWED', () => {
    expect(() => parseRequest(invoke({ bucket: 'a', strategy: 'wipe' }))).toThrow(expect.objectContaining({ code: 'BAD_STRATEGY' }));
    expect(() => parseRequest(invoke({ bucket: 'a', shards: 0 }))).toThrow(expect.objectContaining({ code: 'BAD_SHARDS' }));
    expect(() => parseRequest(invoke({ bucket: ['a', 'b'], shards: 2 }))).toThrow(expect.objectContaining({ code: 'BAD_SHARDS' }));
    expect(() => parseRequest(invoke({ bucket: 7 }))).toThrow(expect.objectContaining({ code: 'BAD_BUCKET' }));
    expect(() => parseRequest(http({ bucket: 'a' }, 'DELETE'))).toThrow(expect.objectContaining({ code: 'METHOD_NOT_ALLOWED' }));
  });
  it('takes the internal shard payload only from a direct invocation', () => {
    const shard = { command: 'refresh-shard', runId: 'r1', index: 1, total: 4, range: { bucket: 'a', prefix: '', startAt: 'm/' }, dryRun: false, strategy: 'refetch', part: 2 };
    expect(parseRequest(invoke(shard))).toMatchObject({ kind: 'shard', runId: 'r1', index: 1, total: 4, part: 2, range: { startAt: 'm/' } });
    expect(() => parseRequest(invoke({ ...shard, range: undefined }))).toThrow(expect.objectContaining({ code: 'BAD_SHARD' }));
  });
  it('carries the bucket\'s region in a shard payload, and refuses one that is not a region id (it becomes part of a host name)', () => {
    const shard = { command: 'refresh-shard', runId: 'r1', index: 0, total: 2, range: { bucket: 'a', prefix: '' } };
    expect(parseRequest(invoke({ ...shard, region: 'cn-beijing' }))).toMatchObject({ kind: 'shard', region: 'cn-beijing' });
    expect(parseRequest(invoke(shard))).not.toHaveProperty('region');
    for (const region of ['evil.example.com/', 'cn-beijing.x', '', 'a'.repeat(65), 3]) {
      expect(() => parseRequest(invoke({ ...shard, region })), String(region)).toThrow(expect.objectContaining({ code: 'BAD_SHARD' }));
    }
  });
});
