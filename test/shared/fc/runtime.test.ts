import { describe, expect, it } from 'vitest';
import { envCredentials } from '../../../shared/fc/credentials.ts';
import { createFcHandler, type FcHandlerContext } from '../../../shared/fc/handler.ts';
import { fcContext, httpEvent, toBuffer } from './fixtures.ts';

describe('fcRuntime', () => {
  it('hands the handler the role keys from context.credentials', async () => {
    let seen: FcHandlerContext | undefined;
    const handler = createFcHandler((_i, ctx) => {
      seen = ctx;
      return null;
    }, { functionName: 'f', write: () => {}, fallbackCredentials: envCredentials({ OSS_ACCESS_KEY_ID: 'env-ak', OSS_ACCESS_KEY_SECRET: 'env-sk' }) });
    await handler(toBuffer({}), fcContext());
    expect(await seen!.ossedge.credentials.getCredentials()).toEqual({ accessKeyId: 'STS.ctx-ak', accessKeySecret: 'ctx-secret-value', securityToken: 'ctx-token-value' });
    expect(seen!.ossedge.functionName).toBe('fixture-fn');
  });

  it('falls back to environment keys when the context has no role keys', async () => {
    let seen: FcHandlerContext | undefined;
    const handler = createFcHandler((_i, ctx) => {
      seen = ctx;
      return null;
    }, { functionName: 'cli-fn', write: () => {}, fallbackCredentials: envCredentials({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-ak', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-sk', ALIBABA_CLOUD_SECURITY_TOKEN: 'tok' }) });
    await handler(toBuffer({}), { requestId: 'r', credentials: { accessKeyId: '', accessKeySecret: '' } });
    expect(await seen!.ossedge.credentials.getCredentials()).toEqual({ accessKeyId: 'env-ak', accessKeySecret: 'env-sk', securityToken: 'tok' });
    expect(seen!.ossedge.functionName).toBe('cli-fn');
  });

  it('derives the deadline from context.function.timeout minus a safety margin', async () => {
    let seen: FcHandlerContext | undefined;
    const t0 = Date.now();
    const handler = createFcHandler((_i, ctx) => {
      seen = ctx;
      return null;
    }, { functionName: 'f', write: () => {} });
    await handler(toBuffer({}), fcContext({ function: { name: 'f', timeout: 20 } }));
    const remaining = seen!.getRemainingTimeInMillis!();
    expect(remaining).toBeGreaterThan(19_000);
    expect(remaining).toBeLessThanOrEqual(20_000);
    expect(seen!.ossedge.deadline - t0).toBeGreaterThan(17_000);
    expect(seen!.ossedge.deadline - t0).toBeLessThanOrEqual(18_000 + (Date.now() - t0));
  });

  it('stops a handler that outlives context.function.timeout with an opaque 500', async () => {
    let aborted = false;
    const handler = createFcHandler(async (_i, _ctx) => {
      await new Promise((r) => setTimeout(r, 3000));
      aborted = true;
      return { late: true };
    }, { functionName: 'f', write: () => {} });
    const t0 = Date.now();
    const res = (await handler(toBuffer(httpEvent()), fcContext({ function: { name: 'f', timeout: 1 } }))) as { statusCode: number };
    expect(res.statusCode).toBe(500);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(aborted).toBe(false);
  });

  it('uses the invocationId of a direct-invocation payload as the idempotency identity', async () => {
    const ids: string[] = [];
    const handler = createFcHandler((_i, ctx) => {
      ids.push(ctx.ossedge.invocationId);
      return null;
    }, { functionName: 'f', write: () => {} });
    await handler(toBuffer({ invocationId: 'fan-7' }), fcContext());
    await handler(toBuffer({ invocationId: 'bad id with spaces' }), fcContext({ requestId: 'req-9' }));
    expect(ids).toEqual(['fan-7', 'req-9']);
  });
});
