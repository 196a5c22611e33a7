import { describe, expect, it } from 'vitest';
import { MAX_NAMED, parseNamedPayload } from '../../../shared/refresh/on-demand-request.ts';
import type { RefreshInput } from '../../../shared/refresh/run-context.ts';

const http = (body: unknown, query: Record<string, string> = {}): RefreshInput => {
  const raw = Buffer.from(JSON.stringify(body));
  return { kind: 'http', method: 'POST', query, rawBody: raw, text: () => raw.toString('utf8') };
};
const invoke = (payload: unknown): RefreshInput => ({ kind: 'invoke', payload });

describe('parseNamedPayload', () => {
  it('reads bucket, keys, urls, strategy and dry run from a body or a payload', () => {
    expect(parseNamedPayload(http({ bucket: 'b', keys: ['a'], urls: ['https://o.example/x'] }, { dryRun: '1' }))).toEqual({
      bucket: 'b', keys: ['a'], urls: ['https://o.example/x'], strategy: 'refetch', dryRun: true,
    });
    expect(parseNamedPayload(invoke({ bucket: 'b', keys: ['a'], strategy: 'delete' }))).toMatchObject({ strategy: 'delete', dryRun: false });
  });

  it('takes a run id and a key list object only from an invocation (a queued run), never from an HTTP caller', () => {
    expect(parseNamedPayload(invoke({ mode: 'keys', bucket: 'b', keysFrom: 'oss://s/l.txt', runId: 'r1' }))).toMatchObject({ keysFrom: 'oss://s/l.txt', runId: 'r1' });
    const overHttp = parseNamedPayload(http({ bucket: 'b', keys: ['a'], keysFrom: 'oss://other/secret.txt', runId: 'r1' }));
    expect(overHttp).not.toHaveProperty('runId');
    expect(overHttp).not.toHaveProperty('keysFrom');
    expect(() => parseNamedPayload(http({ bucket: 'b', keysFrom: 'oss://other/secret.txt' }))).toThrow(expect.objectContaining({ code: 'BAD_REFRESH_REQUEST' }));
  });

  it('refuses hostile or malformed requests with a code', () => {
    const cases: Array<[unknown, string]> = [
      [{ keys: ['a'] }, 'NO_BUCKET'],
      [{ bucket: '', keys: ['a'] }, 'NO_BUCKET'],
      [{ bucket: 'b', keys: ['a'], strategy: 'wipe' }, 'BAD_STRATEGY'],
      [{ bucket: 'b', keys: 'a' }, 'BAD_REFRESH_REQUEST'],
      [{ bucket: 'b', keys: [1] }, 'BAD_REFRESH_REQUEST'],
      [{ bucket: 'b', urls: Array(MAX_NAMED + 1).fill('https://o.example/x') }, 'BAD_REFRESH_REQUEST'],
      [{ bucket: 'b' }, 'BAD_REFRESH_REQUEST'],
      [['b'], 'BAD_REFRESH_REQUEST'],
    ];
    for (const [payload, code] of cases) expect(() => parseNamedPayload(invoke(payload)), JSON.stringify(payload).slice(0, 60)).toThrow(expect.objectContaining({ code }));
    expect(parseNamedPayload(invoke({ bucket: 'b', keys: Array(MAX_NAMED).fill('k') })).keys).toHaveLength(MAX_NAMED);
  });
});
