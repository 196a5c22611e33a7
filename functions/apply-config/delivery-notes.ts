// The outcome of a run a webhook queued, noted on the delivery that queued it (a redelivery answers from it).
import type { MiddlewareObj } from '@middy/core';
import { deliveryKeyOf, noteRunEnd, noteRunStart } from '../../shared/apply/index.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import type { FcHandlerContext } from '../../shared/fc/handler.ts';
import type { FcContext } from '../../shared/fc/types.ts';
import type { DeliveryStore } from '../../shared/state/delivery-store.ts';

/** When FC stops this invocation (its timeout), when known. */
export const invocationEnd = (ctx: FcHandlerContext) => (ctx.getRemainingTimeInMillis ? Date.now() + ctx.getRemainingTimeInMillis() : undefined);
export const payloadOf = (input: FcInput) => (input.kind === 'http' ? undefined : input.payload);

/** The outcome of a run a webhook queued, on its delivery record: running before, succeeded/failed once stored. */
export function deliveryNotes(deliveries: (ctx: FcHandlerContext) => DeliveryStore): MiddlewareObj<FcInput, unknown, Error, FcContext> {
  // only an attempt that ran notes an end: one refused earlier in the chain (another attempt holds the run:
  // INVOCATION_RUNNING) must not note the running run failed, or a redelivery would run it a second time
  const ran = new WeakMap<object, string>();
  const end = async (request: object, ctx: FcHandlerContext, ok: boolean) => {
    const key = ran.get(request);
    ran.delete(request);
    if (key) await noteRunEnd(deliveries(ctx), key, ok, ctx.ossedge.log);
  };
  return {
    name: 'deliveryNotes',
    before: async (request) => {
      const key = deliveryKeyOf(payloadOf(request.event));
      const ctx = request.context as FcHandlerContext;
      if (!key) return;
      ran.set(request, key);
      await noteRunStart(deliveries(ctx), key, invocationEnd(ctx), ctx.ossedge.log);
    },
    after: async (request) => end(request, request.context as FcHandlerContext, (request.response as { ok?: unknown } | undefined)?.ok === true),
    onError: async (request) => end(request, request.context as FcHandlerContext, false),
  };
}
