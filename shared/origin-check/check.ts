import { NetError, isNetError } from '../net/errors.ts';
import type { CheckName, CheckResult, CheckStatus, Verdict } from './types.ts';

/** What a check body returns; timing is added by `runCheck`. */
export type CheckOutcome = Omit<CheckResult, 'check' | 'startedAt' | 'finishedAt' | 'ms'>;

const RANK: Record<CheckStatus, number> = { skip: 0, ok: 1, warn: 2, fail: 3 };

/** Runs one check and stamps its start, end and duration; a thrown NetError becomes a failed check with its hint. */
export async function runCheck(check: CheckName, body: () => Promise<CheckOutcome> | CheckOutcome, now: () => number = Date.now): Promise<CheckResult> {
  const start = now();
  const t0 = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await body();
  } catch (err) {
    outcome = failureOf(err);
  }
  const ms = Math.round((performance.now() - t0) * 10) / 10;
  return { check, ...outcome, startedAt: new Date(start).toISOString(), finishedAt: new Date(Math.max(now(), start)).toISOString(), ms };
}

/** A failed outcome for any error: NetError keeps its code and hint; anything else is reported as it is. */
export function failureOf(err: unknown, prefix = ''): CheckOutcome {
  if (isNetError(err)) return { status: 'fail', code: err.code, message: `${prefix}${err.message}`, hint: err.hint };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 'fail', code: 'CHECK_ERROR', message: `${prefix}${message}` };
}

export function skipped(check: CheckName, why: string, now: () => number = Date.now): CheckResult {
  const at = new Date(now()).toISOString();
  return { check, status: 'skip', code: 'SKIPPED', message: `skipped: ${why}`, startedAt: at, finishedAt: at, ms: 0 };
}

/** The worst status of a list (skips count for nothing; nothing at all is ok). */
export function worst(statuses: Iterable<CheckStatus>): Verdict {
  let out: CheckStatus = 'ok';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out === 'skip' ? 'ok' : out;
}

export function isNet(err: unknown, ...codes: string[]): err is NetError {
  return err instanceof NetError && codes.includes(err.code);
}

export function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}
