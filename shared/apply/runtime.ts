// What an apply-config run needs from the function instance and the invocation (the function builds it
// once per invocation; the CLI's in-process run too), and who is handed a finished run's report.
import type { Report } from '../report/model.ts';
import { refusedRunReport } from '../report/refused-run.ts';
import type { ClientCache } from '../state/oss-clients.ts';
import type { ApplyReport } from './report.ts';
import type { Preflight } from './types.ts';

export interface ApplyRuntime {
  clients: ClientCache;
  region: string | undefined;
  /** Values of the `${env:OSSEDGE_SECRET_*}` references a config may make (never the whole environment). */
  env: Readonly<Record<string, string | undefined>>;
  reportsLocation?: string;
  owner: string;
  deadline?: number;
  /** When the invocation ends (FC stops it at its timeout): a bucket's lease lasts until then plus a margin. */
  invocationEnd?: number;
  concurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** A fixed lease TTL instead of the invocation's remaining time (the CLI's default). */
  leaseTtlMs?: number;
  preflight?: Preflight;
  /**
   * Takes every finished run's report to be stored (the function's reportStore middleware stores it after
   * the run, with the dashboard, retention and one error policy); without it nothing is stored.
   */
  keepReport?: (report: Report) => Promise<void>;
  /** Told about every finished run (the function logs a one-line summary). */
  onReport?: (report: ApplyReport) => void;
}

/** Hands a run's report on to be stored, then tells `onReport`. */
export async function keepRunReport(report: ApplyReport, runtime: ApplyRuntime): Promise<void> {
  if (runtime.reportsLocation) await runtime.keepReport?.(report);
  runtime.onReport?.(report);
}

/**
 * An authenticated delivery whose config was refused is a run of its own (its report lists the issues) so the
 * dashboard shows it; then the refusal goes on to the caller (the report is stored best effort on that path).
 * Other errors pass through unrecorded.
 */
export async function recordRefusal(error: unknown, runtime: ApplyRuntime): Promise<never> {
  const report = runtime.reportsLocation ? refusedRunReport('apply-config', error, { source: 'webhook' }) : undefined;
  if (report) await runtime.keepReport?.(report);
  throw error;
}
