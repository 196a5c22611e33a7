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
  const keyOf = (input: FcInput) => deliveryKeyOf(payloadOf(input));
  return {
    name: 'deliveryNotes',
    before: async ({ event, context }) => {
      const key = keyOf(event);
      const ctx = context as FcHandlerContext;
      if (key) await noteRunStart(deliveries(ctx), key, invocationEnd(ctx), ctx.ossedge.log);
    },
    after: async ({ event, context, response }) => {
      const key = keyOf(event);
      const ctx = context as FcHandlerContext;
      if (key) await noteRunEnd(deliveries(ctx), key, (response as { ok?: unknown } | undefined)?.ok === true, ctx.ossedge.log);
    },
    onError: async ({ event, context }) => {
      const key = keyOf(event);
      const ctx = context as FcHandlerContext;
      if (key && ctx.ossedge) await noteRunEnd(deliveries(ctx), key, false, ctx.ossedge.log);
    },
  };
}
