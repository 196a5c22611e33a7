// What a run does with drift holds (the store: shared/state/holds.ts). A rollback puts each of its buckets
// on hold before touching it, so the drift timer reports that bucket's drift and does not undo the rollback;
// drift correction asks, under the bucket's lease, whether it is held; an apply from the config (the fix of
// record: a revert in git, then its apply) ends the hold of every bucket it brought equal to the config.
import { messageOf } from '../errors/base.ts';
import type { HoldRecord, HoldStore } from '../state/holds.ts';
import type { BucketOutcome, RunMode } from './types.ts';

export type HoldAction =
  | { kind: 'none' }
  | { kind: 'check'; store: HoldStore }
  | { kind: 'place'; store: HoldStore; record: (bucket: string) => HoldRecord }
  | { kind: 'release'; store: HoldStore; held?: Set<string> };

/** What this run does with holds; a release lists them once (unlistable: every bucket is asked). */
export async function holdAction(
  o: { mode: RunMode; holds?: HoldStore; runId?: string; rollbackOf?: string }, write: boolean, now: () => Date = () => new Date(),
): Promise<HoldAction> {
  const store = o.holds;
  if (!store || !write) return { kind: 'none' };
  if (o.mode === 'drift') return { kind: 'check', store };
  if (o.rollbackOf) {
    const runId = o.runId ?? 'unknown';
    return { kind: 'place', store, record: (bucket) => ({ bucket, runId, rollbackOf: o.rollbackOf!, since: now().toISOString() }) };
  }
  const held = await store.held().catch(() => undefined);
  return { kind: 'release', store, ...(held ? { held } : {}) };
}


const SETTLED = new Set<BucketOutcome['status']>(['applied', 'unchanged']);

/** Runs one bucket with the run's hold action around it (`run` gets the drift run's hold check). */
export async function withHold(
  action: HoldAction, bucket: string, run: (holdCheck?: () => Promise<HoldRecord | undefined>) => Promise<BucketOutcome>,
): Promise<BucketOutcome> {
  if (action.kind === 'none') return run();
  if (action.kind === 'check') return run(() => action.store.get(bucket));
  if (action.kind === 'place') {
    const record = action.record(bucket);
    try {
      await action.store.place(record);
    } catch (e) {
      // a rollback the next drift run would undo is no rollback: nothing is written to this bucket
      return { bucket, status: 'failed', sections: [], attempts: 0, error: { code: 'HOLD_NOT_STORED', message: `${bucket}: nothing restored, its drift hold could not be stored (${messageOf(e)})` } };
    }
    return { ...(await run()), holdPlaced: record };
  }
  if (action.held && !action.held.has(bucket)) return run();
  // the hold this apply may end is the one there before it touched the bucket: a rollback that puts the bucket
  // on hold while the apply runs (after its lease is let go) keeps its hold, or the drift timer would undo it
  const before = await action.store.get(bucket).then((h) => ({ h }), (e: unknown) => ({ e }));
  const outcome = await run();
  if (!SETTLED.has(outcome.status)) return outcome;
  if ('e' in before) return { ...outcome, holdNotReleased: messageOf(before.e) };
  if (!before.h) return outcome;
  try {
    const released = await action.store.release(bucket, before.h);
    return released ? { ...outcome, holdReleased: released } : outcome;
  } catch (e) {
    return { ...outcome, holdNotReleased: messageOf(e) };
  }
}
