import { OssClientError, OssServiceError } from './errors.ts';
import { rawCode } from '../errors/base.ts';

/** As the official SDKs: 3 attempts, full-jitter exponential backoff from 0.2 s, capped at 20 s. */
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BASE_DELAY_MS = 200;
export const DEFAULT_MAX_DELAY_MS = 20_000;

/** OSS codes that mean "slow down / try again", whatever the status. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'Throttling', 'ThrottlingException', 'TooManyRequests', 'SlowDown', 'RequestThrottled', 'ServerBusy',
  'ServiceUnavailable', 'InternalError', 'RequestTimeout', 'RequestTimeoutException', 'RequestLimitExceeded',
]);

/** Network failures that happen before a request reaches the server: safe to retry for any request. */
const NOT_SENT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface RetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter (tests pin it). */
  random?: () => number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20) {
    throw new OssClientError('INVALID_ARGUMENT', `retry.maxAttempts must be an integer 1..20, got ${maxAttempts}`);
  }
  return {
    maxAttempts,
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
    random: options.random ?? Math.random,
  };
}

/** Full jitter: uniform in [0, min(cap, base * 2^(retry-1))), retry counting from 1. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(policy.random() * ceiling);
}

export type Verdict = 'retry' | 'skew' | 'stop';

function retryableStatus(status: number | undefined): boolean {
  return status !== undefined && (status >= 500 || status === 408 || status === 429);
}

/**
 * The retry rule. An idempotent request (GET, HEAD, PUT, DELETE, or an op that declares itself
 * idempotent) is retried on network errors and timeouts, 5xx, 408, 429 and throttling codes. A
 * request that is not (POST, or a PUT with `x-oss-forbid-overwrite`) may already have taken
 * effect after most failures, so it is retried only when the server surely did not act on it:
 * a connection that never opened, or an explicit throttling answer (429 / SlowDown-like codes).
 * `RequestTimeTooSkewed` is retried once the clock is corrected.
 */
export function classify(err: unknown, idempotent: boolean): Verdict {
  if (err instanceof OssServiceError) {
    if (err.code === 'RequestTimeTooSkewed') return 'skew';
    const throttled = err.status === 429 || (RETRYABLE_CODES.has(err.code) && err.code !== 'InternalError');
    if (!idempotent) return throttled ? 'retry' : 'stop';
    return retryableStatus(err.status) || RETRYABLE_CODES.has(err.code) ? 'retry' : 'stop';
  }
  if (err instanceof OssClientError) {
    if (err.code === 'TIMEOUT' || err.code === 'NETWORK') {
      if (idempotent) return 'retry';
      const cause = rawCode(err.cause);
      return cause !== undefined && NOT_SENT_CODES.has(cause) ? 'retry' : 'stop';
    }
    if (err.code === 'MALFORMED_RESPONSE') return idempotent && retryableStatus(err.status) ? 'retry' : 'stop';
  }
  return 'stop';
}

/** Waits `ms`, or rejects with ABORTED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal, op = 'request'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new OssClientError('ABORTED', `${op}: aborted`, { op, cause: signal.reason }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OssClientError('ABORTED', `${op}: aborted`, { op, cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryContext {
  op: string;
  idempotent: boolean;
  /** False for a Readable body: it is sent once and never replayed. */
  rewindable: boolean;
  policy: RetryPolicy;
  signal?: AbortSignal;
  /** Absolute local time (ms) after which no new attempt starts. */
  deadline?: number;
  now: () => number;
  /** Called on RequestTimeTooSkewed; true when the clock was corrected and a retry makes sense. */
  onSkew?: (err: OssServiceError) => boolean;
}

function stamp(err: unknown, attempts: number): unknown {
  if (err instanceof OssServiceError || err instanceof OssClientError) err.attempts = attempts;
  return err;
}

/**
 * Runs `attempt(n)` (n from 1) until it succeeds or the rule above says stop. `attempt` must sign
 * afresh each time: the signature holds the time.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  for (let n = 1; ; n++) {
    if (ctx.signal?.aborted) throw new OssClientError('ABORTED', `${ctx.op}: aborted`, { op: ctx.op, cause: ctx.signal.reason, attempts: n - 1 });
    if (ctx.deadline !== undefined && ctx.now() >= ctx.deadline) {
      throw new OssClientError('TIMEOUT', `${ctx.op}: deadline reached before attempt ${n}`, { op: ctx.op, attempts: n - 1 });
    }
    try {
      return await attempt(n);
    } catch (err) {
      const verdict = classify(err, ctx.idempotent);
      if (verdict === 'stop' || n >= ctx.policy.maxAttempts || !ctx.rewindable) throw stamp(err, n);
      if (verdict === 'skew') {
        if (!ctx.onSkew?.(err as OssServiceError)) throw stamp(err, n);
        continue;
      }
      const delay = backoffDelay(ctx.policy, n);
      if (ctx.deadline !== undefined && ctx.now() + delay >= ctx.deadline) throw stamp(err, n);
      await sleep(delay, ctx.signal, ctx.op);
    }
  }
}
