// One invocation of a warm-up run: resume a parked run of the same list, stop at once outside the window,
// else warm one part and say what comes next: another part (queued by the caller), parking (the window
// closed), or the run's one report.
import type { Report } from '../../report/model.ts';
import { normalizeKeys } from './key-list.ts';
import { park, parkedFor, sourceOf, unpark } from './park.ts';
import { warmReport } from './report.ts';
import { carryOn, runWarmPart, saveKeyList, type WarmCarry, type WarmRunDeps, type WarmRunRequest } from './run.ts';
import { DEFAULT_WARM_MAX_ITEMS } from './engine.ts';
import { parseWindow, windowLeft } from './window.ts';

/** A part that ends this close to the window's end parks instead of queueing a part that could not start. */
const WINDOW_SLACK_MS = 5_000;

export interface WarmInvocation {
  req: WarmRunRequest;
  runId: string;
  part: number;
  carry?: WarmCarry;
}

export type WarmInvocationOutcome =
  | { kind: 'parked'; runId: string; reason: 'OUTSIDE_WINDOW' | 'WINDOW_CLOSED'; resumeAt?: string }
  | { kind: 'continue'; runId: string; part: number; next: WarmRunRequest & { carry: WarmCarry } }
  | { kind: 'done'; runId: string; report: Report; carry: WarmCarry };

export async function runWarmInvocation(inv: WarmInvocation, deps: Omit<WarmRunDeps, 'runId'> & { deadline: number }): Promise<WarmInvocationOutcome> {
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
  const done = await runWarmPart(req, { ...deps, runId: run.runId, deadline: Math.min(deps.deadline, now() + left), maxItems: deps.maxItems ?? DEFAULT_WARM_MAX_ITEMS });
  const sofar = carryOn(run.carry, done.result, deps.maxItems ?? DEFAULT_WARM_MAX_ITEMS);
  if (done.next) {
    if (window && windowLeft(window, now() + WINDOW_SLACK_MS) <= 0) {
      await keep(done.next, run.part + 1, sofar);
      return { kind: 'parked', runId: run.runId, reason: 'WINDOW_CLOSED', resumeAt: done.next.startAt! };
    }
    return { kind: 'continue', runId: run.runId, part: run.part + 1, next: { ...done.next, carry: sofar } };
  }
  if (parked) await unpark(client, state, req.bucket);
  const report = warmReport([{ ...done.result, complete: true, counters: sofar.counters, items: sofar.items, itemsDropped: sofar.itemsDropped }], { runId: run.runId, dryRun: req.dryRun, parts: sofar.parts });
  return { kind: 'done', runId: run.runId, report, carry: sofar };
}
