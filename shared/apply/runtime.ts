// What an apply-config run needs from the function instance and the invocation (the function builds it
// once per invocation; the CLI's in-process run too), and where a finished run's report goes.
import type { NotifyTarget } from '../report/notify.ts';
import { storeReportAndDashboard } from '../report/html-publish.ts';
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
  /** OSSEDGE_DASHBOARD: where the dashboard goes (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  notify?: NotifyTarget;
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
  /** Told about every finished run (the function logs a one-line summary). */
  onReport?: (report: ApplyReport) => void;
  /** Told when the stored run's dashboard could not be published (the run itself stands). */
  onDashboardError?: (error: Error) => void;
}

/** Stores a report built outside `runApply` (a run refused before it started), then the dashboard. */
export async function storeRunReport(report: ApplyReport, runtime: ApplyRuntime): Promise<void> {
  if (runtime.reportsLocation) {
    const stored = await storeReportAndDashboard(runtime.clients.home(runtime.region), runtime.reportsLocation, report, runtime.dashboardLocation ? { dashboard: runtime.dashboardLocation } : {});
    if (stored.dashboardError) runtime.onDashboardError?.(stored.dashboardError);
  }
  runtime.onReport?.(report);
}

/**
 * An authenticated delivery whose config was refused is a run of its own (its report lists the issues) so the
 * dashboard shows it; then the refusal goes on to the caller. Other errors pass through unrecorded.
 */
export async function recordRefusal(error: unknown, runtime: ApplyRuntime): Promise<never> {
  const report = runtime.reportsLocation ? refusedRunReport('apply-config', error, { source: 'webhook' }) : undefined;
  if (report) {
    const stored = await storeReportAndDashboard(runtime.clients.home(runtime.region), runtime.reportsLocation!, report, runtime.dashboardLocation ? { dashboard: runtime.dashboardLocation } : {}).catch(() => undefined);
    if (stored?.dashboardError) runtime.onDashboardError?.(stored.dashboardError);
  }
  throw error;
}
