import type { MiddlewareObj } from '@middy/core';
import type { OssInvoker } from '../oss/ops/common.ts';
import { beginOnce, type OnceStarted } from '../state/idempotency.ts';
import { FcHttpError } from './errors.ts';
import type { FcInput } from './fc-event.ts';
import type { FcHandlerContext } from './handler.ts';
import type { FcContext } from './types.ts';
import { rawCode } from '../errors/base.ts';

/** Where one request's markers go; undefined: this request is not made idempotent. */
export interface OncePlace {
  client: OssInvoker;
  bucket: string;
  /** The function's markers folder (state/keys.ts `invocationsFolder`, or the job's own). */
  prefix: string;
  /** Default `context.ossedge.invocationId` (stable across FC's retries of an async call). */
  invocationId?: string;
  /** How long a run holds the id against a concurrent duplicate. */
  ttlMs: number;
}

export type Duplicate<V> = { reason: 'done'; value: V };

/**
 * The id is leased by another attempt: a concurrent duplicate, or the retry of an attempt FC stopped whose
 * lease has not expired yet. Answering it would tell FC the invocation succeeded, and were that attempt dead
 * the work would never happen; failing it makes FC retry later (answered then from the marker, or run once
 * the lease expired). Not exposed, so the error handler throws and FC records a failure.
 */
export class InvocationRunningError extends FcHttpError {
  override readonly name = 'InvocationRunningError';
  constructor() {
    super(503, 'INVOCATION_RUNNING', 'another attempt of this invocation holds it: retry later', { expose: false });
  }
}

export interface IdempotentOptions<R, V> {
  place(input: FcInput, context: FcHandlerContext): OncePlace | undefined | Promise<OncePlace | undefined>;
  /** What the done marker keeps of the first run's response (default: the response). */
  keep?: (response: R) => V;
  /** The answer to a redelivery of a finished run: its kept value. (One still running fails: InvocationRunningError.) */
  duplicate(outcome: Duplicate<V>, input: FcInput): unknown;
}

/**
 * Work of one invocation id happens once (state/idempotency.ts): a duplicate that finds the done marker
 * is answered from it, one that finds the id leased fails with InvocationRunningError (FC retries it), neither
 * runs the handler. The marker is written after the handler and every later middleware (the report store)
 * succeeded; a failure leaves none, so FC's retry runs the work again.
 */
export function idempotent<R = unknown, V = R>(options: IdempotentOptions<R, V>): MiddlewareObj<FcInput, R, Error, FcContext> {
  const held = new WeakMap<object, OnceStarted<V>>();
  const settle = async (request: object, done: (run: OnceStarted<V>) => Promise<void>) => {
    const run = held.get(request);
    held.delete(request);
    if (run) await done(run);
  };
  return {
    name: 'idempotent',
    before: async (request) => {
      const ctx = request.context as FcHandlerContext;
      // an early answer skips every `after`, the HTTP response shaping too: asynchronous invocations only
      const place = request.event.kind === 'http' ? undefined : await options.place(request.event, ctx);
      if (!place) return undefined;
      const begun = await beginOnce<V>(place.client, {
        bucket: place.bucket, prefix: place.prefix, invocationId: place.invocationId ?? ctx.ossedge.invocationId, owner: ctx.ossedge.requestId, ttlMs: place.ttlMs,
      });
      if (begun.reason === 'started') {
        held.set(request, begun.run);
        return undefined;
      }
      ctx.ossedge.log.info('duplicate invocation', { reason: begun.reason });
      if (begun.reason === 'running') throw new InvocationRunningError();
      return options.duplicate(begun, request.event) as R;
    },
    after: async (request) => {
      const keep = options.keep ?? ((r: R) => r as unknown as V);
      await settle(request, (run) => run.finish(keep(request.response as R)));
    },
    onError: async (request) => {
      await settle(request, async (run) => {
        await run.abandon().catch((e: unknown) => (request.context as FcHandlerContext).ossedge?.log.warn('idempotency lease not released', { code: rawCode(e) ?? 'ERROR' }));
      });
    },
  };
}
