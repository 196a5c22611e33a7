import { describe, expect, it } from 'vitest';
import type { RefreshInput } from '../../../../shared/refresh/run-context.ts';
import { MAX_PAYLOAD_KEYS, MAX_WARM_QPS, parseWarmPayload } from '../../../../shared/refresh/warm/request.ts';

const http = (body: unknown, query: Record<string, string> = { mode: 'warm' }): RefreshInput => {
  const raw = body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body));
  return { kind: 'http', method: 'POST', query, rawBody: raw, text: () => raw.toString('utf8') };
};
const invoke = (payload: unknown): RefreshInput => ({ kind: 'invoke', payload: { mode: 'warm', ...(payload as object) } });

describe('parseWarmPayload', () => {
  it('reads a list, a pace and a window; bandwidth in Mbit/s becomes bytes per second', () => {
    const { req } = parseWarmPayload(invoke({ bucket: 'b', keysFrom: 'oss://web/l.txt', qps: 20, bandwidthMbps: 8, window: '01:00-05:00', timeZone: 'Asia/Shanghai', dryRun: 'true' }));
    expect(req).toEqual({ bucket: 'b', keysFrom: 'oss://web/l.txt', qps: 20, bytesPerSecond: 1_000_000, window: '01:00-05:00', timeZone: 'Asia/Shanghai', dryRun: true });
    expect(parseWarmPayload(http(undefined, { mode: 'warm', bucket: 'b', keysFrom: 'oss://web/l.txt' })).req).toMatchObject({ bucket: 'b', keysFrom: 'oss://web/l.txt' });
  });

  it('takes a run id only from an invocation (a queued part), never from an HTTP caller', () => {
    expect(parseWarmPayload(invoke({ bucket: 'b', keys: ['a'], runId: 'r1', part: 2 }))).toMatchObject({ runId: 'r1', part: 2 });
    expect(parseWarmPayload(http({ bucket: 'b', keys: ['a'], runId: 'r1' }))).not.toHaveProperty('runId');
  });

  it('takes the continuation fields (listSource, startAt, warmedEarlier) only from an invocation, never from an HTTP caller', () => {
    // listSource picks which parked run a windowed part 0 resumes: an HTTP caller naming an operator's list
    // there would resume that run (its list, outside <state>warm/lists/) at the caller's window and pace
    const hostile = { bucket: 'b', keysFrom: 'oss://state/warm/lists/mine.txt', listSource: 'oss://ops/secret-list.txt', startAt: 'm', warmedEarlier: ['a'], window: '00:00-23:59' };
    const fromHttp = parseWarmPayload(http(hostile)).req;
    expect(fromHttp).toMatchObject({ bucket: 'b', keysFrom: 'oss://state/warm/lists/mine.txt', window: '00:00-23:59' });
    for (const f of ['listSource', 'startAt', 'warmedEarlier']) expect(fromHttp).not.toHaveProperty(f);
    expect(parseWarmPayload(http(undefined, { mode: 'warm', ...hostile, warmedEarlier: 'a' })).req).not.toHaveProperty('listSource');
    expect(parseWarmPayload(invoke(hostile)).req).toMatchObject({ listSource: 'oss://ops/secret-list.txt', startAt: 'm', warmedEarlier: ['a'] });
  });

  it('takes a part\'s bookkeeping (part, carry, shard) only from an invocation: an HTTP caller cannot pose as a queued part or shard', () => {
    const posing = { bucket: 'b', keys: ['a'], part: 3, carry: { warmed: 1_000_000 }, shard: { index: 0, total: 2 } };
    const fromHttp = parseWarmPayload(http(posing));
    for (const f of ['part', 'carry', 'shard']) expect(fromHttp).not.toHaveProperty(f);
    expect(parseWarmPayload(invoke(posing))).toMatchObject({ part: 3, carry: { warmed: 1_000_000 }, shard: { index: 0, total: 2 } });
  });

  it('bounds the explicit keys of an HTTP body tighter than an invocation\'s', () => {
    const keys = Array.from({ length: MAX_PAYLOAD_KEYS + 1 }, (_, i) => `k${i}`);
    expect(() => parseWarmPayload(http({ bucket: 'b', keys }))).toThrow(expect.objectContaining({ code: 'BAD_WARM_REQUEST' }));
    expect(parseWarmPayload(invoke({ bucket: 'b', keys })).req.keys).toHaveLength(MAX_PAYLOAD_KEYS + 1);
  });

  it('refuses hostile or malformed requests with a code', () => {
    const cases: Array<[unknown, string]> = [
      [{ keys: ['a'] }, 'NO_BUCKET'],
      [{ bucket: 'b' }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], keysFrom: 'oss://web/l.txt' }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', sitemap: 'file:///etc/passwd' }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keysFrom: 'https://b/l.txt' }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keysFrom: 7 }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a', 3] }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], qps: MAX_WARM_QPS + 1 }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], qps: 'NaN' }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], qps: -1 }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], shards: 2.5 }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', sitemap: 'https://o.example/sitemap.xml', shards: 2 }, 'BAD_WARM_REQUEST'],
      [{ bucket: 'b', keys: ['a'], window: '25:00-26:00' }, 'BAD_WINDOW'],
    ];
    for (const [payload, code] of cases) expect(() => parseWarmPayload(invoke(payload)), JSON.stringify(payload)).toThrow(expect.objectContaining({ code }));
    expect(() => parseWarmPayload({ kind: 'invoke', payload: ['b'] })).toThrow(expect.objectContaining({ code: 'BAD_WARM_REQUEST' }));
  });
});
