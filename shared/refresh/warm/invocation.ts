// One invocation of a warm-up run: resume a parked run of the same list, stop at once outside the window,
// else warm one part and say what comes next: another part (queued by the caller), parking (the window
// closed), or the run's one report.
import type { Report } from '../../report/model.ts';
import { normalizeKeys } from './key-list.ts';
import { park, parkedFor, sourceOf, unpark } from './park.ts';
import { warmReport } from './report.ts';
import { carryOn, runWarmPart, saveKeyList, type WarmCarry, type WarmRunDeps, type WarmRunRequest } from './run.ts';
import { DEFAULT_WARM_MAX_ITEMS, type WarmResult } from './engine.ts';
import { busyResult, type WarmLeaseEntry } from './run-lease.ts';
import { parseWindow, windowLeft } from './window.ts';

/** A part that ends this close to the window's end parks instead of queueing a part that could not start. */
const WINDOW_SLACK_MS = 5_000;

export interface WarmInvocation {
  req: WarmRunRequest;
  runId: string;
  part: number;
  carry?: WarmCarry;
}

/** The bucket's warm-up lease as one invocation sees it (run-lease.ts); absent, the run takes none (tests). */
export interface WarmLeaseHooks {
  /** Takes or joins the lease for the run (a resumed parked run is entered under its own run id). */
  enter(runId: string): Promise<WarmLeaseEntry>;
  /** Ends the run's lease: its report is written, or it parks, or this invocation failed. */
  leave(runId: string): Promise<void>;
}

export type WarmInvocationOutcome =
  | { kind: 'parked'; runId: string; reason: 'OUTSIDE_WINDOW' | 'WINDOW_CLOSED'; resumeAt?: string }
  | { kind: 'continue'; runId: string; part: number; next: WarmRunRequest & { carry: WarmCarry } }
  | { kind: 'done'; runId: string; report: Report; carry: WarmCarry };

export async function runWarmInvocation(inv: WarmInvocation, deps: Omit<WarmRunDeps, 'runId'> & { deadline: number; lease?: WarmLeaseHooks }): Promise<WarmInvocationOutcome> {
  const now = deps.now ?? Date.now;
  const { client, state } = deps;
  const listSource = inv.req.listSource ?? sourceOf(inv.req);
  const parked = inv.part === 0 && inv.req.window ? await parkedFor(client, state, inv.req.bucket, listSource) : undefined;
  const run: WarmInvocation = parked ? { req: parked.req, runId: parked.runId, part: parked.part, ...(parked.carry ? { carry: parked.carry } : {}) } : inv;
  // the window and pace are this invocation's (a timer's current settings), the position the parked run's
  const { window: _w, timeZone: _z, ...position } = run.req;
  const pace = { ...(inv.req.window ? { window: inv.req.window } : {}), ...(inv.req.timeZone ? { timeZone: inv.req.timeZone } : {}), ...(inv.req.qps ? { qps: inv.req.qps } : {}) };
  const req: WarmRunRequest = { ...position, ...pace, ...(listSource !== undefined ? { listSource } : {}) };
  const window = req.window ? parseWindow(req.window, req.timeZone) : undefined;
  const left = window ? windowLeft(window, now()) : Infinity;
  const keep = async (r: WarmRunRequest, part: number, carry: WarmCarry | undefined) => {
    // an explicit list is kept as an object: the parked record stays small
    const { keys, ...rest } = r;
    const kept = keys ? { ...rest, keysFrom: await saveKeyList(client, state, run.runId, normalizeKeys(keys)) } : rest;
    await park(client, state, { source: listSource ?? '', runId: run.runId, part, req: kept, ...(carry ? { carry } : {}) });
  };
  if (left <= 0) {
    await keep(req, run.part, run.carry);
    return { kind: 'parked', runId: run.runId, reason: 'OUTSIDE_WINDOW' };
  }
  const maxItems = deps.maxItems ?? DEFAULT_WARM_MAX_ITEMS;
  const finish = (result: WarmResult, sofar: WarmCarry): WarmInvocationOutcome => ({
    kind: 'done', runId: run.runId, carry: sofar,
    report: warmReport([{ ...result, complete: true, counters: sofar.counters, items: sofar.items, itemsDropped: sofar.itemsDropped }], { runId: run.runId, dryRun: req.dryRun, parts: sofar.parts }),
  });
  const entry = deps.lease ? await deps.lease.enter(run.runId) : { held: true as const };
  if (!entry.held) {
    // another run warms this bucket: this one ends here with what its earlier parts did (nothing resumes it)
    const busy = busyResult(req.bucket, entry.holder);
    return finish(busy, carryOn(run.carry, busy, maxItems));
  }
  let outcome: WarmInvocationOutcome;
  try {
    const done = await runWarmPart(req, { ...deps, runId: run.runId, deadline: Math.min(deps.deadline, now() + left), maxItems });
    const sofar = carryOn(run.carry, done.result, maxItems);
    if (done.next && window && windowLeft(window, now() + WINDOW_SLACK_MS) <= 0) {
      await keep(done.next, run.part + 1, sofar);
      outcome = { kind: 'parked', runId: run.runId, reason: 'WINDOW_CLOSED', resumeAt: done.next.startAt! };
    } else if (done.next) {
      // the lease stays with the run: the queued part joins it
      return { kind: 'continue', runId: run.runId, part: run.part + 1, next: { ...done.next, carry: sofar } };
    } else {
      if (parked) await unpark(client, state, req.bucket);
      const released = await leaveQuietly(deps.lease, run.runId);
      // the keys are warmed whatever happens to the lease: report it with them, never instead of them
      const kept: WarmResult = released ? done.result : { ...done.result, items: [...done.result.items, { bucket: req.bucket, code: 'LEASE_NOT_RELEASED', status: 'warn', message: `the bucket's warm-up lease was not released (an OSS request failed); other warm-ups wait until it expires` }] };
      return finish(kept, carryOn(run.carry, kept, maxItems));
    }
  } catch (e) {
    // FC retries a failed invocation: its retry takes the lease again unless another run did meanwhile
    await leaveQuietly(deps.lease, run.runId);
    throw e;
  }
  await leaveQuietly(deps.lease, run.runId);
  return outcome;
}

/** true when the lease was ended (or there is none), false when OSS refused. */
async function leaveQuietly(lease: WarmLeaseHooks | undefined, runId: string): Promise<boolean> {
  try {
    await lease?.leave(runId);
    return true;
  } catch {
    return false;
  }
}
