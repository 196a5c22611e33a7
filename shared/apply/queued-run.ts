// A run the webhook queued (an async invocation): it runs once per run id whatever FC's async retries
// deliver, and notes its outcome on the delivery that queued it (a redelivery answers from that).
import { ossFolder } from '../report/location.ts';
import type { DeliveryNote } from '../state/delivery-store.ts';
import { runOnce } from '../state/idempotency.ts';
import { invocationsFolder } from '../state/keys.ts';
import { leaseTtlUntil } from '../state/lease.ts';
import type { ApplyInvocation } from './invocation.ts';
import { rawCode } from '../errors/index.ts';

/** The once-lease of a queued apply when the invocation's end is not known. */
const ONCE_TTL_MS = 15 * 60_000;
/** After the invocation's end, how long before a delivery still running counts as stopped. */
const STOPPED_MARGIN_MS = 5_000;

export interface QueuedRunOptions<T extends { ok: boolean }> {
  invocation: ApplyInvocation;
  /** The payload's source and run id: `webhook` with a run id is a queued run. */
  source?: string;
  runId?: string;
  /** The delivery that queued the run, when a webhook did. */
  deliveryKey?: string;
  run: () => Promise<T>;
}

/** The run's answer; a queued run's answer is `{runId, ran, ok | running}` (the report is stored, not returned). */
export async function runQueued<T extends { ok: boolean }>(o: QueuedRunOptions<T>): Promise<T | { runId: string; ran: boolean; ok?: boolean; running?: boolean }> {
  const inv = o.invocation;
  const run = () => withNotes(inv, o.deliveryKey, o.run);
  const reports = inv.settings.reportsLocation;
  if (o.source !== 'webhook' || o.runId === undefined || !reports) return run();
  const { bucket, key } = ossFolder(reports);
  const once = await runOnce(inv.clients.home(inv.region), {
    bucket, prefix: invocationsFolder(key, 'apply-config'), invocationId: `apply-${o.runId}`, owner: inv.owner,
    // an invocation FC stopped at its timeout must not make FC's retry of it find the run "running"
    ttlMs: inv.invocationEnd !== undefined ? leaseTtlUntil(inv.invocationEnd, Date.now()) : ONCE_TTL_MS,
  }, async () => (await run()).ok);
  return { runId: o.runId, ran: once.ran, ...(once.ran || once.reason === 'done' ? { ok: once.value } : { running: true }) };
}

/**
 * The run's outcome on the delivery that queued it: running, then succeeded or failed — failed also when
 * the run throws (e.g. its report could not be stored).
 */
async function withNotes<T extends { ok: boolean }>(inv: ApplyInvocation, key: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!key) return run();
  // FC stops the invocation at its timeout: a record still running after that is a stopped run
  const end = inv.invocationEnd !== undefined ? inv.invocationEnd + STOPPED_MARGIN_MS : undefined;
  await noteDelivery(inv, key, { state: 'running', ...(end !== undefined ? { activeUntil: new Date(end).toISOString() } : {}) });
  const report = await run().catch(async (e: unknown) => {
    await noteDelivery(inv, key, { state: 'failed' });
    throw e;
  });
  await noteDelivery(inv, key, { state: report.ok ? 'succeeded' : 'failed' });
  return report;
}

/** Never fails the run: a note that cannot be written is logged. */
async function noteDelivery(inv: ApplyInvocation, key: string, note: DeliveryNote): Promise<void> {
  try {
    await inv.deliveries().note(key, note);
  } catch (e) {
    inv.log.warn('delivery outcome not noted', { state: note.state, code: rawCode(e) ?? 'ERROR' });
  }
}
