// What the function answers when the refresh engine refuses a request: the engine throws a typed error
// with a code, the handler answers HTTP 400 (405 for a method) with that code, and an invocation gets the
// error body back (no FC retry). Through the FC handler, against the emulator.
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../../helpers/emulator.ts';
import { refreshHandlerIn } from './support.ts';

const emu = useEmulator({ dataPlane: false });
beforeAll(() => emu().seed.createBucket('rf-site'));

function handler() {
  const call = refreshHandlerIn(emu());
  return {
    http: async (method: string, query: Record<string, string>, body = '') => {
      const event = { version: 'v1', rawPath: '/', body, isBase64Encoded: false, headers: { 'Content-Type': 'application/json' }, queryParameters: query, requestContext: { http: { method, path: '/' } } };
      const res = await call<{ statusCode: number; body: string }>(event);
      return { status: res.statusCode, body: JSON.parse(res.body) as { error?: { code: string; message: string } } };
    },
    invoke: (payload: unknown) => call<{ error?: { code: string; message: string } }>(payload),
    timer: (payload: string) => call<{ error?: { code: string } }>({ triggerTime: new Date().toISOString(), triggerName: 't', payload }),
  };
}

describe('refresh-stale-objects refusals', () => {
  it('answers 405 METHOD_NOT_ALLOWED for a scan asked with another method than GET or POST', async () => {
    const r = await handler().http('DELETE', { bucket: 'rf-site' });
    expect(r.status).toBe(405);
    expect(r.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: 'method DELETE is not allowed' });
  });

  it('answers 400 with the engine\'s code for a bad scan, warm-up or on-demand request', async () => {
    const h = handler();
    const cases: Array<[Promise<{ status: number; body: { error?: { code: string } } }>, string]> = [
      [h.http('GET', { bucket: 'rf-site', strategy: 'wipe' }), 'BAD_STRATEGY'],
      [h.http('GET', { bucket: 'rf-site', shards: '999' }), 'BAD_SHARDS'],
      [h.http('GET', { mode: 'warm' }), 'NO_BUCKET'],
      [h.http('POST', { mode: 'warm' }, '{"bucket":"rf-site","keysFrom":"oss://elsewhere/list.txt"}'), 'BAD_WARM_REQUEST'],
      [h.http('POST', {}, '{"bucket":"rf-site","keys":"not a list"}'), 'BAD_REFRESH_REQUEST'],
      [h.http('POST', {}, 'not json'), 'BAD_REFRESH_REQUEST'],
      [h.http('GET', {}), 'NO_BUCKET'],
    ];
    for (const [answer, code] of cases) {
      const r = await answer;
      expect({ status: r.status, code: r.body.error?.code }, code).toEqual({ status: 400, code });
    }
  });

  it('returns the refusal as the body of an invocation: a list that cannot be read, a timer warm-up without OSSEDGE_CONFIG, a shard without its plan', async () => {
    const h = handler();
    expect((await h.invoke({ mode: 'warm', bucket: 'rf-site', keysFrom: 'oss://rf-site/no-such-list.txt' })).error).toMatchObject({ code: 'KEY_LIST_NOT_FOUND' });
    expect((await h.invoke({ bucket: 'rf-site', keys: ['a', '/b'] })).error).toMatchObject({ code: 'BAD_KEY_LIST' });
    expect((await h.timer('{"mode":"warm"}')).error).toMatchObject({ code: 'NO_CONFIG' });
    const shard = { command: 'refresh-shard', runId: 'r-none', index: 0, total: 1, range: { bucket: 'rf-site', prefix: '' } };
    expect((await h.invoke(shard)).error).toMatchObject({ code: 'NO_PLAN' });
  });
});
