// A run the webhook queued (an async invocation): it runs once per run id whatever FC's async retries
// deliver (the function's idempotent middleware, at `queuedOnce`), and notes its outcome on the delivery that
// queued it (a redelivery answers from that; `noteRunStart` / `noteRunEnd`, the last after the report is stored).
import { ossFolder } from '../state/location.ts';
import type { DeliveryNote, DeliveryStore } from '../state/delivery-store.ts';
import { invocationsFolder } from '../state/keys.ts';
import { leaseTtlUntil } from '../state/lease.ts';
import type { RunLog } from './invocation.ts';
import { rawCode } from '../errors/index.ts';

/** The once-lease of a queued apply when the invocation's end is not known. */
const ONCE_TTL_MS = 15 * 60_000;
/** After the invocation's end, how long before a delivery still running counts as stopped. */
const STOPPED_MARGIN_MS = 5_000;

type Payload = { source?: unknown; runId?: unknown; git?: { deliveryKey?: unknown } } | null | undefined;
const payloadOf = (payload: unknown): Payload => (typeof payload === 'object' && !Array.isArray(payload) ? payload as Payload : undefined);

/** A queued run's id: `source: 'webhook'` with a run id, when reports are stored (its markers go there). */
export function queuedRunId(payload: unknown, reportsLocation: string | undefined): string | undefined {
  const p = payloadOf(payload);
  return reportsLocation && p?.source === 'webhook' && typeof p.runId === 'string' ? p.runId : undefined;
}

/** Where a queued run's once-marker goes (`_state/invocations/apply-config/apply-<runId>`); undefined: not a queued run. */
export function queuedOnce(payload: unknown, reportsLocation: string | undefined, invocationEnd: number | undefined) {
  const runId = queuedRunId(payload, reportsLocation);
  if (runId === undefined) return undefined;
  const { bucket, key } = ossFolder(reportsLocation!);
  return {
    bucket, prefix: invocationsFolder(key, 'apply-config'), invocationId: `apply-${runId}`,
    // an invocation FC stopped at its timeout must not make FC's retry of it find the run "running"
    ttlMs: invocationEnd !== undefined ? leaseTtlUntil(invocationEnd, Date.now()) : ONCE_TTL_MS,
  };
}

/** A queued run's answer is `{runId, ran, ok}` (the report is stored, not returned); a redelivery's has `ran: false`. */
export function queuedAnswer(runId: string, outcome: { ran: boolean; ok: boolean }): { runId: string; ran: boolean; ok: boolean } {
  return { runId, ran: outcome.ran, ok: outcome.ok };
}

/** The delivery that queued the run, when a webhook did. */
export function deliveryKeyOf(payload: unknown): string | undefined {
  const key = payloadOf(payload)?.git?.deliveryKey;
  return typeof key === 'string' && key ? key : undefined;
}

/** The run is running; FC stops the invocation at its timeout: a record still running after that is a stopped run. */
export async function noteRunStart(deliveries: DeliveryStore, key: string, invocationEnd: number | undefined, log: RunLog): Promise<void> {
  const end = invocationEnd !== undefined ? invocationEnd + STOPPED_MARGIN_MS : undefined;
  await noteDelivery(deliveries, key, { state: 'running', ...(end !== undefined ? { activeUntil: new Date(end).toISOString() } : {}) }, log);
}

/** The run's outcome once its report is stored: failed also when the run threw (e.g. the report could not be stored). */
export async function noteRunEnd(deliveries: DeliveryStore, key: string, ok: boolean, log: RunLog): Promise<void> {
  await noteDelivery(deliveries, key, { state: ok ? 'succeeded' : 'failed' }, log);
}

/** Never fails the run: a note that cannot be written is logged. */
async function noteDelivery(deliveries: DeliveryStore, key: string, note: DeliveryNote, log: RunLog): Promise<void> {
  try {
    await deliveries.note(key, note);
  } catch (e) {
    log.warn('delivery outcome not noted', { state: note.state, code: rawCode(e) ?? 'ERROR' });
  }
}
