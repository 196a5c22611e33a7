import { afterEach, describe, expect, it } from 'vitest';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { createFc2Invoker, invokerFromContext } from '../../../shared/fc/invoker.ts';
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

  it('refuses to call without credentials or without an FC context', async () => {
    const none = createFc2Invoker({ accountId: '1', region: 'cn-hangzhou', endpoint: 'http://127.0.0.1:9', credentials: staticCredentials(undefined) });
    await expect(none.invokeAsync('f', {})).rejects.toMatchObject({ code: 'NO_CREDENTIALS' });
    expect(() => invokerFromContext({ region: 'cn-hangzhou' })).toThrow(/accountId/);
  });
});
