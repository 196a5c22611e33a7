// apply-config's middlewares, in order: a queued run runs once per run id; its delivery is noted running, then
// (middy runs `after` in reverse) the report is stored, an earlier report's failed store fails the run, the
// outcome is noted, and the done marker written last (shared/fc/report-handover.ts: several reports in one run).
import type { MiddlewareObj } from '@middy/core';
import { queuedAnswer, queuedOnce, queuedRunId } from '../../shared/apply/index.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import type { FcHandlerContext } from '../../shared/fc/handler.ts';
import { idempotent } from '../../shared/fc/idempotent.ts';
import { reportHandover } from '../../shared/fc/report-handover.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { FcContext } from '../../shared/fc/types.ts';
import type { DeliveryStore } from '../../shared/state/delivery-store.ts';
import type { ClientCache } from '../../shared/state/oss-clients.ts';
import { deliveryNotes, invocationEnd, payloadOf } from './delivery-notes.ts';
import type { ApplyConfigOptions } from './settings.ts';

export function applyMiddlewares(options: ApplyConfigOptions, clients: ClientCache, deliveries: (ctx: FcHandlerContext) => DeliveryStore) {
  const home = (ctx: FcHandlerContext) => {
    clients.use(ctx.ossedge.credentials);
    return clients.home(ctx.region);
  };
  const reports = reportStore({ ...options, client: home });
  const handover = reportHandover(reports);
  const use: MiddlewareObj<FcInput, unknown, Error, FcContext>[] = [
    idempotent<{ ok: boolean }, boolean>({
      place: (input, ctx) => {
        const at = queuedOnce(payloadOf(input), options.reportsLocation, invocationEnd(ctx));
        return at ? { ...at, client: home(ctx) } : undefined;
      },
      // markers written before the middleware kept the run's `ok` too
      keep: (r) => r.ok,
      // a redelivery of a finished run; one still running fails INVOCATION_RUNNING (FC retries it)
      duplicate: (o, input) => queuedAnswer(queuedRunId(payloadOf(input), options.reportsLocation)!, { ran: false, ok: o.value }),
    }) as MiddlewareObj<FcInput, unknown, Error, FcContext>,
    deliveryNotes(deliveries),
    handover.middleware,
    reports,
  ];
  return { use, keepReport: handover.keep };
}
