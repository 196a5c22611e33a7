import { describe, expect, it } from 'vitest';
import { BadRequestError, FcHttpError, ServiceUnavailableError } from '../../../shared/fc/errors.ts';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { fcContext, httpEvent, logSink, timerEvent, toBuffer } from './fixtures.ts';

const SECRET = 'webhook-secret-never-logged';

describe('fcErrorHandler', () => {
  it('answers a typed 4xx with its code, message and details as JSON', async () => {
    const sink = logSink();
    const handler = createFcHandler(() => {
      throw new BadRequestError('config invalid', { code: 'CONFIG_INVALID', details: [{ path: 'buckets.a', message: 'bad' }] });
    }, { functionName: 'f', write: sink.write });
    const res = await handler(toBuffer(httpEvent()), fcContext());
    expect(res).toEqual({
      statusCode: 400,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { code: 'CONFIG_INVALID', message: 'config invalid', requestId: 'req-1', details: [{ path: 'buckets.a', message: 'bad' }] } }),
      isBase64Encoded: false,
    });
    expect(sink.parsed()[0]).toMatchObject({ level: 'warn', requestId: 'req-1', function: 'fixture-fn' });
  });

  it('hides 5xx internals from the caller and logs them as one JSON line with the request id and no secret', async () => {
    const sink = logSink();
    const handler = createFcHandler(() => {
      throw new Error(`db failed with key ${SECRET} and sts ctx-secret-value`);
    }, { functionName: 'f', write: sink.write, secrets: [SECRET] });
    const res = (await handler(toBuffer(httpEvent()), fcContext())) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: { code: 'INTERNAL', message: 'internal error', requestId: 'req-1' } });
    expect(sink.lines).toHaveLength(1);
    const line = sink.parsed()[0]!;
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', requestId: 'req-1' });
    expect(JSON.stringify(line)).toContain('db failed with key ***');
    expect(sink.lines.join('\n')).not.toContain(SECRET);
    expect(sink.lines.join('\n')).not.toContain('ctx-secret-value');
  });

  it('answers a 503 ServiceUnavailableError with its code (retry later), while other 5xx stay opaque', async () => {
    const answer = async (error: Error) => {
      const handler = createFcHandler(() => {
        throw error;
      }, { functionName: 'f', write: () => {} });
      const res = (await handler(toBuffer(httpEvent()), fcContext())) as { statusCode: number; body: string };
      return { status: res.statusCode, error: JSON.parse(res.body).error };
    };
    expect(await answer(new ServiceUnavailableError('STATE_UNAVAILABLE', 'store down: retry later'))).toEqual({
      status: 503, error: { code: 'STATE_UNAVAILABLE', message: 'store down: retry later', requestId: 'req-1' },
    });
    expect(await answer(new FcHttpError(503, 'DB_DOWN', 'internal detail'))).toEqual({ status: 500, error: { code: 'INTERNAL', message: 'internal error', requestId: 'req-1' } });
    expect(await answer(new FcHttpError(502, 'UPSTREAM', 'internal detail', { expose: true }))).toMatchObject({ status: 500 });
  });

  it('scrubs the previous webhook secret from logs as well as the current one', async () => {
    const sink = logSink();
    const handler = createFcHandler(() => {
      throw new Error(`leaked ${SECRET} and old-secret-value-7`);
    }, { functionName: 'f', write: sink.write, webhook: { secret: SECRET, previousSecret: 'old-secret-value-7' } });
    await handler(toBuffer(timerEvent), fcContext()).catch(() => undefined);
    expect(sink.lines.join('\n')).toContain('leaked ***');
    expect(sink.lines.join('\n')).not.toContain('old-secret-value-7');
  });

  it('rethrows an opaque InternalError for a failed direct invocation so FC records a failure', async () => {
    const sink = logSink();
    const handler = createFcHandler(() => {
      throw new Error('internal detail');
    }, { functionName: 'f', write: sink.write });
    const err = await handler(toBuffer({ x: 1 }), fcContext()).catch((e: unknown) => e as Error & { code: string });
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'InternalError', code: 'INTERNAL' });
    expect((err as Error).message).not.toContain('internal detail');
  });

  it('returns the 4xx error body for a direct invocation so FC does not retry it', async () => {
    const handler = createFcHandler(() => {
      throw new BadRequestError('missing bucket');
    }, { functionName: 'f', write: () => {} });
    expect(await handler(toBuffer({}), fcContext())).toEqual({ error: { code: 'BAD_REQUEST', message: 'missing bucket', requestId: 'req-1' } });
  });
});
