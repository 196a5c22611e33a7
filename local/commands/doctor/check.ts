// One line of `ossedge doctor`: a check that passed, failed (with what to do about it) or did not apply.
import { explain } from '../explain.ts';

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** What was found (pass, fail) or why the check did not run (skip). */
  message: string;
  /** What to fix (fail). */
  hint?: string;
  /** Further lines under the check: config warnings and problems. */
  details?: string[];
}

export const pass = (name: string, message: string, details?: string[]): CheckResult => ({ name, status: 'pass', message, ...(details?.length ? { details } : {}) });
export const fail = (name: string, message: string, hint?: string, details?: string[]): CheckResult => ({ name, status: 'fail', message, ...(hint ? { hint } : {}), ...(details?.length ? { details } : {}) });
export const skip = (name: string, why: string): CheckResult => ({ name, status: 'skip', message: why });

/** A failed check from an error: its explained code and hint when there is one (never the error's internals). */
export function failFrom(name: string, error: unknown, fallbackHint?: string): CheckResult {
  const x = explain(error);
  const message = String((error as { message?: unknown } | null)?.message ?? error).slice(0, 500);
  return fail(name, x ? `${x.code}: ${message}` : message, x?.hint ?? fallbackHint);
}
