import type { MiddlewareObj } from '@middy/core';
import type { FcContext } from './types.ts';

/** FC's own default function timeout (s) when the context does not say. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
/** Without an FC context (CLI) a run is bounded by this (s). */
export const SYNTHETIC_TIMEOUT_SECONDS = 3600;
export const MIN_SAFETY_MS = 500;
export const MAX_SAFETY_MS = 30_000;

/** Safety margin kept before the hard FC timeout for checkpointing: 10 % of it, within [0.5 s, 30 s]. */
export function safetyMarginMs(timeoutMs: number): number {
  return Math.max(MIN_SAFETY_MS, Math.min(MAX_SAFETY_MS, Math.floor(timeoutMs / 10)));
}

export function timeoutMsOf(context: FcContext): number {
  const t = context.function?.timeout;
  return (typeof t === 'number' && t > 0 ? t : context.function ? DEFAULT_TIMEOUT_SECONDS : SYNTHETIC_TIMEOUT_SECONDS) * 1000;
}

/**
 * Adds `getRemainingTimeInMillis` (FC has none) from `context.function.timeout`, counted from now.
 * Must run before middy sees the context so its timeoutEarly arms — `withFcContext` does that.
 */
export function shimRemainingTime(context: FcContext, now: () => number = Date.now): FcContext {
  if (typeof context.getRemainingTimeInMillis === 'function') return context;
  const start = now();
  const end = start + timeoutMsOf(context);
  context.getRemainingTimeInMillis = () => Math.max(0, end - now());
  return context;
}

/** The deadline work should stop by: the end of the invocation minus the safety margin. */
export function deadlineOf(context: FcContext, now: () => number = Date.now): number {
  const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : timeoutMsOf(context);
  const total = timeoutMsOf(context);
  return now() + remaining - safetyMarginMs(total);
}

/** Sets `context.ossedge.deadline` (after `fcRuntime`). */
export function fcDeadline(options: { now?: () => number } = {}): MiddlewareObj<any, any, Error, FcContext> {
  const now = options.now ?? Date.now;
  return {
    name: 'fcDeadline',
    before: (request) => {
      shimRemainingTime(request.context, now);
      const rt = request.context.ossedge;
      if (rt) rt.deadline = deadlineOf(request.context, now);
    },
  };
}

/** Wraps a middy chain so the FC context has `getRemainingTimeInMillis` before middy starts. */
export function withFcContext<R>(chain: (event: unknown, context: any) => Promise<R>, now: () => number = Date.now) {
  return (event: unknown, context: FcContext): Promise<R> => chain(event, shimRemainingTime(context ?? ({ requestId: 'local' }), now));
}
