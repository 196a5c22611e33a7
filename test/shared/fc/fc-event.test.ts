import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { fcErrorHandler } from '../../../shared/fc/error-handler.ts';
import { fcEvent, type FcInput } from '../../../shared/fc/fc-event.ts';
import { parseJsonBody } from '../../../shared/fc/http-request.ts';
import { fcContext, httpEvent, timerEvent, toBuffer } from './fixtures.ts';

function chainSeeing(seen: FcInput[], result: (input: FcInput) => unknown = () => ({ ok: true })) {
  return middy(async (input: FcInput) => {
    seen.push(input);
    return result(input);
  }).use(fcEvent()).use(fcErrorHandler());
}

describe('fcEvent', () => {
  it('decodes the FC3 HTTP event Buffer into a typed request and shapes the JSON response', async () => {
    const seen: FcInput[] = [];
    const res = await chainSeeing(seen)(toBuffer(httpEvent()), fcContext() as any);
    const req = seen[0]!;
    expect(req.kind).toBe('http');
    if (req.kind !== 'http') throw new Error('not http');
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/example');
    expect(req.headers.get('HEADER2')).toBe('value1,value2');
    expect(req.headers.values('header2')).toEqual(['value1', 'value2']);
    expect(req.headers.get('content-type')).toBe('text/plain');
    expect(Object.keys(req.headers.raw)).toContain('Content-Type');
    expect(req.query).toEqual({ parameter1: 'value1', parameter2: 'value1,value2' });
    expect(req.text()).toBe('Hello FC!');
    expect(req.sourceIp).toBe('11.11.11.**');
    expect(res).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  it('decodes a base64 body into its exact bytes and answers a Buffer result base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10]);
    const seen: FcInput[] = [];
    const event = httpEvent({
      body: bytes.toString('base64'),
      isBase64Encoded: true,
      requestContext: { ...(httpEvent().requestContext as object), http: { method: 'post', path: '/up load', protocol: 'HTTP/1.1' } },
      rawPath: '/up%20load',
    });
    const res = await chainSeeing(seen, (i) => (i.kind === 'http' ? { statusCode: 201, body: Buffer.concat([i.rawBody, Buffer.from([7])]) } : null))(toBuffer(event), fcContext() as any);
    const req = seen[0]!;
    if (req.kind !== 'http') throw new Error('not http');
    expect(req.method).toBe('POST');
    expect(req.rawPath).toBe('/up%20load');
    expect(req.path).toBe('/up load');
    expect(req.rawBody.equals(bytes)).toBe(true);
    expect(res).toEqual({
      statusCode: 201,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: Buffer.concat([bytes, Buffer.from([7])]).toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('parses a timer payload that is JSON text and keeps the raw string', async () => {
    const seen: FcInput[] = [];
    const payload = '{"job":"daily","buckets":["a"]}';
    const res = await chainSeeing(seen, (i) => ({ got: i.kind }))(toBuffer({ ...timerEvent, payload }), fcContext() as any);
    expect(seen[0]).toEqual({ kind: 'timer', triggerName: 'timer-trigger', triggerTime: '2018-02-09T05:49:00Z', payload: { job: 'daily', buckets: ['a'] }, rawPayload: payload });
    expect(res).toEqual({ got: 'timer' });
  });

  it('keeps a plain timer payload as the configured string', async () => {
    const seen: FcInput[] = [];
    await chainSeeing(seen)(toBuffer(timerEvent), fcContext() as any);
    expect(seen[0]).toEqual({ kind: 'timer', triggerName: 'timer-trigger', triggerTime: '2018-02-09T05:49:00Z', payload: 'awesome-fc', rawPayload: 'awesome-fc' });
  });

  it('passes direct-invocation JSON through as the payload and returns the result object unshaped', async () => {
    const seen: FcInput[] = [];
    const res = await chainSeeing(seen, () => ({ done: 1 }))(toBuffer({ bucket: 'b', dryRun: true }), fcContext() as any);
    expect(seen[0]).toEqual({ kind: 'invoke', payload: { bucket: 'b', dryRun: true } });
    expect(res).toEqual({ done: 1 });
  });

  it('answers a 400 error body without calling the handler when a direct invocation is not JSON', async () => {
    const seen: FcInput[] = [];
    const res = await chainSeeing(seen)(Buffer.from('{not json'), fcContext() as any);
    expect(seen).toHaveLength(0);
    expect(res).toEqual({ error: { code: 'INVALID_EVENT', message: 'event is not valid JSON', requestId: 'req-1' } });
  });

  it('answers 204 with an empty body when an HTTP handler returns nothing', async () => {
    const res = await chainSeeing([], () => undefined)(toBuffer(httpEvent()), fcContext() as any);
    expect(res).toEqual({ statusCode: 204, headers: {}, body: '', isBase64Encoded: false });
  });

  it('parses a JSON body for the handler and answers 400 INVALID_JSON when it is not JSON', async () => {
    const chain = chainSeeing([], (i) => (i.kind === 'http' ? { statusCode: 200, body: { got: parseJsonBody<{ a: number }>(i).a } } : null));
    const ok = (await chain(toBuffer(httpEvent({ body: '{"a":5}' })), fcContext() as any)) as { statusCode: number; body: string };
    expect(JSON.parse(ok.body)).toEqual({ got: 5 });
    const bad = (await chain(toBuffer(httpEvent({ body: 'a=5' })), fcContext() as any)) as { statusCode: number; body: string };
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ code: 'INVALID_JSON' });
  });
});
