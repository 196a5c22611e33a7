import { describe, expect, it } from 'vitest';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';
import { backoffDelay, classify, resolveRetryPolicy, withRetry } from '../../../shared/oss/retry.ts';

function service(status: number, code: string): OssServiceError {
  return new OssServiceError({ status, code, message: code, op: 'Op' });
}

function network(causeCode: string, code: 'NETWORK' | 'TIMEOUT' = 'NETWORK'): OssClientError {
  return new OssClientError(code, 'x', { cause: Object.assign(new Error(causeCode), { code: causeCode }) });
}

describe('backoffDelay', () => {
  it('does draw full jitter below min(cap, base * 2^(retry-1))', () => {
    const top = resolveRetryPolicy({ baseDelayMs: 200, maxDelayMs: 20_000, random: () => 0.999999 });
    expect([1, 2, 3, 4].map((n) => backoffDelay(top, n))).toEqual([199, 399, 799, 1599]);
    expect(backoffDelay(top, 12)).toBe(19_999);
    const bottom = resolveRetryPolicy({ random: () => 0 });
    expect(backoffDelay(bottom, 5)).toBe(0);
  });

  it('does refuse a maxAttempts outside 1..20', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(OssClientError);
    expect(() => resolveRetryPolicy({ maxAttempts: 1.5 })).toThrow(/maxAttempts/);
  });
});

describe('classify', () => {
  it('does retry idempotent requests on 5xx, 408, 429, throttling codes and network errors', () => {
    for (const e of [service(500, 'InternalError'), service(503, 'SlowDown'), service(408, 'RequestTimeout'), service(429, 'Whatever'), service(400, 'Throttling'), network('ECONNRESET'), network('UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT')]) {
      expect(classify(e, true)).toBe('retry');
    }
  });

  it('does stop on 4xx errors, aborts and bad arguments', () => {
    for (const e of [service(404, 'NoSuchBucket'), service(403, 'AccessDenied'), new OssClientError('ABORTED', 'a'), new OssClientError('INVALID_ARGUMENT', 'b')]) {
      expect(classify(e, true)).toBe('stop');
    }
  });

  it('does retry a non-idempotent request only when the server surely did not act on it', () => {
    expect(classify(network('ECONNREFUSED'), false)).toBe('retry');
    expect(classify(network('UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'), false)).toBe('retry');
    expect(classify(service(503, 'SlowDown'), false)).toBe('retry');
    expect(classify(network('ECONNRESET'), false)).toBe('stop');
    expect(classify(network('UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT'), false)).toBe('stop');
    expect(classify(service(500, 'InternalError'), false)).toBe('stop');
  });

  it('does flag RequestTimeTooSkewed for a clock correction', () => {
    expect(classify(service(403, 'RequestTimeTooSkewed'), true)).toBe('skew');
  });
});

describe('withRetry', () => {
  const policy = resolveRetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 });
  const base = { op: 'Op', idempotent: true, rewindable: true, policy, now: Date.now };

  it('does stop after maxAttempts and stamp the attempts on the error', async () => {
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw service(503, 'SlowDown');
    }, base).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect((err as OssServiceError).attempts).toBe(3);
  });

  it('does not replay when the body cannot be rewound', async () => {
    let calls = 0;
    await expect(withRetry(async () => {
      calls++;
      throw service(503, 'SlowDown');
    }, { ...base, rewindable: false })).rejects.toBeInstanceOf(OssServiceError);
    expect(calls).toBe(1);
  });

  it('does not start an attempt after the deadline', async () => {
    const err = await withRetry(async () => 'never', { ...base, deadline: Date.now() - 1 }).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('TIMEOUT');
  });

  it('does give up with the last error when the backoff would cross the deadline', async () => {
    const slow = resolveRetryPolicy({ baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.5 });
    let calls = 0;
    const started = Date.now();
    const err = await withRetry(async () => {
      calls++;
      throw service(500, 'InternalError');
    }, { ...base, policy: slow, deadline: Date.now() + 1000 }).catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect((err as OssServiceError).code).toBe('InternalError');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('does stop sleeping and throw ABORTED when the signal aborts', async () => {
    const slow = resolveRetryPolicy({ baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.9 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const err = await withRetry(async () => {
      throw service(503, 'SlowDown');
    }, { ...base, policy: slow, signal: ac.signal }).catch((e: unknown) => e);
    expect((err as OssClientError).code).toBe('ABORTED');
  });

  it('does retry at once after a clock correction and stop when none is possible', async () => {
    let calls = 0;
    const ok = await withRetry(async (n) => {
      calls++;
      if (n === 1) throw service(403, 'RequestTimeTooSkewed');
      return 'ok';
    }, { ...base, onSkew: () => true });
    expect([ok, calls]).toEqual(['ok', 2]);
    await expect(withRetry(async () => {
      throw service(403, 'RequestTimeTooSkewed');
    }, { ...base, onSkew: () => false })).rejects.toMatchObject({ code: 'RequestTimeTooSkewed', attempts: 1 });
  });
});
