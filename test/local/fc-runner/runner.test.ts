import Fc2Client from '@alicloud/fc2';
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import type { FcInput } from '../../../shared/fc/fc-event.ts';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { createFc2Invoker } from '../../../shared/fc/invoker.ts';
import { fcSignature, fcStringToSign, startRunner, type Runner } from '../../../local/fc-runner/index.ts';

const quiet = { write: () => {} };
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

function fc2(r: Runner, secret = r.fcKeys.accessKeySecret) {
  const c = new Fc2Client(r.accountId, { accessKeyID: r.fcKeys.accessKeyId, accessKeySecret: secret, region: r.region, endpoint: r.url, timeout: 5000 });
  c.version = '2023-03-30';
  return c;
}

describe('fc-runner HTTP trigger', () => {
  it('delivers a real FC3 HTTP event with original header case, joined values, query and base64 binary body', async () => {
    const seen: FcInput[] = [];
    const handler = createFcHandler((input) => {
      seen.push(input);
      return { statusCode: 201, headers: { 'X-Echo': 'yes' }, body: input.kind === 'http' ? input.rawBody : '' };
    }, { functionName: 'echo', ...quiet });
    runner = await startRunner({ functions: [{ name: 'echo', handler, triggers: [{ name: 'http', type: 'http', methods: ['POST'], authType: 'anonymous' }] }] });
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    // two header lines of one name on the wire (fetch would join them itself)
    const res = await new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(`${runner!.url}/echo/a%20b/c?x=1&x=2&y=3`, {
        method: 'POST',
        headers: { 'X-Custom-Case': ['one', 'two'], 'Content-Type': 'application/octet-stream' },
      }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(bytes);
    });
    expect(res.status).toBe(201);
    expect(res.headers['x-echo']).toBe('yes');
    expect(res.body.equals(bytes)).toBe(true);
    const req = seen[0]!;
    if (req.kind !== 'http') throw new Error('not http');
    expect(req.rawPath).toBe('/a%20b/c');
    expect(req.path).toBe('/a b/c');
    expect(req.headers.raw['X-Custom-Case']).toBe('one,two');
    expect(req.query).toEqual({ x: '1,2', y: '3' });
    expect(req.rawBody.equals(bytes)).toBe(true);
    expect(req.requestContext.http.method).toBe('POST');
  });

  it('answers 405 for a method the trigger does not allow and 404 for an unknown function, without running anything', async () => {
    let runs = 0;
    runner = await startRunner({ functions: [{ name: 'f', handler: () => { runs++; return 'x'; }, triggers: [{ name: 'h', type: 'http', methods: ['GET'], authType: 'anonymous' }] }] });
    expect((await fetch(`${runner.url}/f/`, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(`${runner.url}/nope/`)).status).toBe(404);
    expect(runs).toBe(0);
  });
});

describe('fc-runner HTTP trigger with authType function', () => {
  it('runs a request signed with the FC signature and refuses an unsigned or wrongly signed one with 403', async () => {
    let runs = 0;
    runner = await startRunner({ functions: [{ name: 'audit', handler: () => { runs++; return { statusCode: 200, body: 'ran' }; }, triggers: [{ name: 'h', type: 'http', methods: ['GET'], authType: 'function' }] }] });
    const date = new Date().toUTCString();
    const sign = (secret: string) => `FC ${runner!.fcKeys.accessKeyId}:${fcSignature(secret, fcStringToSign({ method: 'GET', path: '/run', headers: { date }, query: [['bucket', 'b1']] }))}`;
    const ok = await fetch(`${runner.url}/audit/run?bucket=b1`, { headers: { date, authorization: sign(runner.fcKeys.accessKeySecret) } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ran');
    expect((await fetch(`${runner.url}/audit/run?bucket=b1`)).status).toBe(403);
    expect((await fetch(`${runner.url}/audit/run?bucket=b1`, { headers: { date, authorization: sign('wrong') } })).status).toBe(403);
    expect((await fetch(`${runner.url}/audit/run?bucket=b2`, { headers: { date, authorization: sign(runner.fcKeys.accessKeySecret) } })).status).toBe(403);
    expect(runs).toBe(1);
  });
});

describe('fc-runner invoke API', () => {
  it('runs a synchronous @alicloud/fc2 call after verifying its FC signature', async () => {
    runner = await startRunner({ functions: [{ name: 'sum', handler: createFcHandler((i) => ({ sum: ((i as { payload: number[] }).payload).reduce((a, b) => a + b, 0) }), { functionName: 'sum', ...quiet }) }] });
    const res = await fc2(runner).post('/functions/sum/invocations', JSON.stringify([1, 2, 3]), {}, null);
    expect(res.data).toEqual({ sum: 6 });
    expect(runner.invocations()[0]).toMatchObject({ functionName: 'sum', kind: 'sync', status: 'succeeded', signatureVerified: true });
  });

  it('refuses a call signed with the wrong secret with 403 SignatureNotMatch and runs nothing', async () => {
    let runs = 0;
    runner = await startRunner({ functions: [{ name: 'f', handler: () => { runs++; return null; } }] });
    const err = await fc2(runner, 'wrong-secret').post('/functions/f/invocations', '{}', { 'x-fc-invocation-type': 'Async' }, null).catch((e: Error & { code?: string }) => e);
    expect((err as { code?: string }).code).toBe('SignatureNotMatch');
    expect(runs).toBe(0);
    expect(runner.invocations()).toHaveLength(0);
  });

  it('retries a failing async invocation with the same request id, as FC does', async () => {
    const ids: string[] = [];
    runner = await startRunner({
      retryDelaysMs: [10],
      functions: [{ name: 'flaky', maxAsyncRetryAttempts: 3, handler: (_e, ctx) => { ids.push(ctx.requestId); if (ids.length < 3) throw new Error('boom'); return 'ok'; } }],
    });
    const res = await fc2(runner).post('/functions/flaky/invocations', '{}', { 'x-fc-invocation-type': 'Async' }, null);
    expect(res.headers['x-fc-request-id']).toMatch(/^1-/);
    await runner.idle(5000);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(runner.invocations()[0]).toMatchObject({ kind: 'async', attempts: 3, status: 'succeeded' });
  });

  it('stops retrying once the event is older than maxAsyncEventAgeInSeconds', async () => {
    let attempts = 0;
    runner = await startRunner({
      retryDelaysMs: [1200],
      functions: [{ name: 'old', maxAsyncRetryAttempts: 3, maxAsyncEventAgeInSeconds: 1, handler: () => { attempts++; throw new Error('down'); } }],
    });
    await fc2(runner).post('/functions/old/invocations', '{}', { 'x-fc-invocation-type': 'Async' }, null);
    await runner.idle(5000);
    expect(attempts).toBe(1);
    expect(runner.invocations()[0]).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringContaining('maxAsyncEventAgeInSeconds') });
  });

  it('fans out from one function to another through @alicloud/fc2 and refuses a second call with the same invocation id', async () => {
    const received: unknown[] = [];
    const worker = createFcHandler((input) => { received.push(input.kind === 'invoke' ? input.payload : null); return null; }, { functionName: 'worker', ...quiet });
    let r!: Runner;
    const fanout = createFcHandler(async (input, ctx) => {
      const invoker = createFc2Invoker({ accountId: ctx.accountId!, region: ctx.region!, endpoint: r.url, credentials: staticCredentials(r.fcKeys) });
      const parts = (input as { payload: { parts: string[] } }).payload.parts;
      const ids = [];
      for (const p of parts) ids.push(await invoker.invokeAsync('worker', { part: p }, { invocationId: `job-1-${p}` }));
      const again = await invoker.invokeAsync('worker', { part: 'a' }, { invocationId: 'job-1-a' }).catch((e: Error & { code?: string }) => e.code);
      return { queued: ids.length, again };
    }, { functionName: 'fanout', ...quiet });
    r = runner = await startRunner({ functions: [{ name: 'fanout', handler: fanout }, { name: 'worker', handler: worker }] });
    expect(await runner.invoke('fanout', { parts: ['a', 'b'] })).toEqual({ queued: 2, again: 'StatefulAsyncInvocationAlreadyExists' });
    await runner.idle(5000);
    expect(received).toEqual(expect.arrayContaining([{ invocationId: 'job-1-a', part: 'a' }, { invocationId: 'job-1-b', part: 'b' }]));
    expect(runner.invocations().filter((x) => x.kind === 'async').map((x) => [x.statefulId, x.signatureVerified, x.status]))
      .toEqual([['job-1-a', true, 'succeeded'], ['job-1-b', true, 'succeeded']]);
  });
});
