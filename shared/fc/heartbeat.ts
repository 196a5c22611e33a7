// What an ossedge-health invocation asks for, and where a heartbeat's once-marker goes: the timer (or
// `{check:'deep'}`) queues a heartbeat through FC's async invocation, and that invocation stores it, once.
import { ossFolder } from '../state/location.ts';
import { newRunId } from '../report/model.ts';
import { invocationsFolder } from '../state/keys.ts';
import { BadRequestError } from './errors.ts';
import type { FcInput } from './fc-event.ts';
import type { Invoker } from './invoker.ts';
import { requestFields } from './payload.ts';

/** A heartbeat invocation holds its id this long against a concurrent duplicate. */
const HEARTBEAT_TTL_MS = 60_000;

export type HealthCheck =
  | { check: 'status' }
  | { check: 'heartbeat'; heartbeat: { runId: string; queuedAt?: string } }
  | { check: 'queue' };

/**
 * A timer's or direct invocation's check: `status` (read-only, what GET answers), `heartbeat` (store the one
 * a run queued; needs OSSEDGE_REPORTS and a runId), or queue a heartbeat (the timer, `deep`). Anything else is a 400.
 */
export function healthCheckOf(input: Exclude<FcInput, { kind: 'http' }>, reportsLocation: string | undefined): HealthCheck {
  const p = requestFields(input);
  if (input.kind === 'invoke' && p.check === 'status') return { check: 'status' };
  if (!reportsLocation) throw new BadRequestError('OSSEDGE_REPORTS is not set', { code: 'NOT_CONFIGURED' });
  if (p.check === 'heartbeat') {
    if (typeof p.runId !== 'string') throw new BadRequestError('heartbeat needs a runId');
    return { check: 'heartbeat', heartbeat: { runId: p.runId, ...(typeof p.queuedAt === 'string' ? { queuedAt: p.queuedAt } : {}) } };
  }
  if (input.kind !== 'timer' && p.check !== 'deep') throw new BadRequestError('unknown check: expected "status", "deep" or "heartbeat"');
  return { check: 'queue' };
}

/** What a duplicate heartbeat invocation answers (the first one stored it). */
export const duplicateHeartbeat = (input: FcInput) => ({ heartbeat: requestFields(input).runId, stored: false });

/** A heartbeat invocation's once-marker, under the function's invocations folder; undefined for any other input. */
export function heartbeatOnce(input: FcInput, reportsLocation: string | undefined, functionName: string) {
  if (!reportsLocation || input.kind !== 'invoke' || requestFields(input).check !== 'heartbeat') return undefined;
  const { bucket, key } = ossFolder(reportsLocation);
  return { bucket, prefix: invocationsFolder(key, functionName), ttlMs: HEARTBEAT_TTL_MS };
}

/** Queues a heartbeat: an async invocation of the function itself (`heartbeat-<runId>`: FC takes it once). */
export async function queueHeartbeat(invoker: Pick<Invoker, 'invokeAsync'>, functionName: string) {
  const runId = newRunId();
  const queued = await invoker.invokeAsync(functionName, { check: 'heartbeat', runId, queuedAt: new Date().toISOString() }, { invocationId: `heartbeat-${runId}` });
  return { queued: runId, ...queued };
}
