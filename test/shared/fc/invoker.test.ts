import { afterEach, describe, expect, it } from 'vitest';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { createFc2Invoker, fcPublicEndpoint, invokerFromContext } from '../../../shared/fc/invoker.ts';
import { startRunner, type Runner } from '../../../local/fc-runner/index.ts';

let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

async function withRunner(received: unknown[]) {
  runner = await startRunner({ functions: [{ name: 'target', handler: (event) => { received.push(JSON.parse(event.toString())); return null; } }] });
  return runner;
}

describe('createFc2Invoker', () => {
  it('signs the STS token into the call even when the key id does not start with "STS"', async () => {
    const received: unknown[] = [];
    const r = await withRunner(received);
    const invoker = createFc2Invoker({ accountId: r.accountId, region: r.region, endpoint: `${r.url}/`, credentials: staticCredentials({ ...r.fcKeys, securityToken: 'role-token' }) });
    const res = await invoker.invokeAsync('target', [1, 2]);
    expect(res.requestId).toMatch(/^1-/);
    await r.idle(5000);
    expect(received).toEqual([[1, 2]]);
  });

  it('throws InvokeError with FC\'s error code for a refused call and for an unknown function', async () => {
    const r = await withRunner([]);
    const wrong = createFc2Invoker({ accountId: r.accountId, region: r.region, endpoint: r.url, credentials: staticCredentials({ accessKeyId: r.fcKeys.accessKeyId, accessKeySecret: 'nope' }) });
    await expect(wrong.invokeAsync('target', {})).rejects.toMatchObject({ name: 'InvokeError', code: 'SignatureNotMatch', functionName: 'target' });
    const right = createFc2Invoker({ accountId: r.accountId, region: r.region, endpoint: r.url, credentials: staticCredentials(r.fcKeys) });
    await expect(right.invokeAsync('missing', {})).rejects.toMatchObject({ code: 'FunctionNotFound' });
  });

  it('invokes synchronously: the handler\'s answer, or the error type when it throws', async () => {
    runner = await startRunner({
      functions: [
        { name: 'echo', handler: (event) => ({ got: JSON.parse(event.toString()) }) },
        { name: 'boom', handler: () => { throw new Error('exploded'); } },
      ],
    });
    const invoker = createFc2Invoker({ accountId: runner.accountId, region: runner.region, endpoint: runner.url, credentials: staticCredentials({ ...runner.fcKeys, securityToken: 'role-token' }) });
    const ok = await invoker.invokeSync('echo', { check: 'status' });
    expect(ok).toMatchObject({ result: { got: { check: 'status' } }, requestId: expect.stringMatching(/^1-/) });
    expect(ok.errorType).toBeUndefined();
    const failed = await invoker.invokeSync('boom', {});
    expect(failed).toMatchObject({ errorType: 'UnhandledInvocationError', result: { errorMessage: 'exploded' } });
    expect(runner.invocations().map((r) => [r.functionName, r.kind, r.status, r.signatureVerified])).toEqual([['echo', 'sync', 'succeeded', true], ['boom', 'sync', 'failed', true]]);
  });

  it('asks GetFunction whether a function is deployed (FunctionNotFound when not; a bad signature refused)', async () => {
    const r = await withRunner([]);
    const invoker = createFc2Invoker({ accountId: r.accountId, region: r.region, endpoint: r.url, credentials: staticCredentials(r.fcKeys) });
    expect(await invoker.getFunction('target')).toMatchObject({ functionName: 'target', runtime: 'nodejs20', handler: 'index.handler' });
    await expect(invoker.getFunction('missing')).rejects.toMatchObject({ name: 'InvokeError', code: 'FunctionNotFound' });
    const wrong = createFc2Invoker({ accountId: r.accountId, region: r.region, endpoint: r.url, credentials: staticCredentials({ accessKeyId: r.fcKeys.accessKeyId, accessKeySecret: 'nope' }) });
    await expect(wrong.getFunction('target')).rejects.toMatchObject({ code: 'SignatureNotMatch' });
    expect(r.invocations()).toEqual([]); // GetFunction runs nothing
  });

  it('names FC\'s public endpoint of an account and region', () => {
    expect(fcPublicEndpoint('1234567890123456', 'cn-shanghai')).toBe('https://1234567890123456.cn-shanghai.fc.aliyuncs.com');
  });

  it('refuses to call without credentials or without an FC context', async () => {
    const none = createFc2Invoker({ accountId: '1', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: staticCredentials(undefined) });
    await expect(none.invokeAsync('f', {})).rejects.toMatchObject({ code: 'NO_CREDENTIALS' });
    expect(() => invokerFromContext({ region: 'cn-hangzhou' })).toThrow(/accountId/);
  });
});
