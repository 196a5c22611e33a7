// Storing a finished refresh run's report where reports go, then republishing the dashboard and notifying.
// Refresh's policy: the run's answer stands either way; a report not stored is logged as an error, a
// dashboard not published as a warning.
import type { OssInvoker } from '../oss/ops/common.ts';
import { storeReportAndDashboard } from '../report/html-publish.ts';
import type { Report } from '../report/model.ts';
import type { NotifyTarget } from '../report/notify.ts';
import type { RunLog } from './run-context.ts';

export interface ReportsSettings {
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`; without it no report is stored. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: where the dashboard's index.html goes (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: a run with failures is notified once. */
  notify?: NotifyTarget;
}

export interface StoreReportOptions {
  settings: ReportsSettings;
  home: OssInvoker;
  report: Report;
  log: RunLog;
}

export async function storeRefreshReport({ settings, home, report, log }: StoreReportOptions): Promise<void> {
  if (!settings.reportsLocation) return;
  try {
    const stored = await storeReportAndDashboard(home, settings.reportsLocation, report, {
      ...(settings.dashboardLocation ? { dashboard: settings.dashboardLocation } : {}), ...(settings.notify ? { notify: settings.notify } : {}),
    });
    if (stored.dashboardError) log.warn('dashboard not published', { message: stored.dashboardError.message });
  } catch (err) {
    log.error('report not stored', { code: (err as { code?: string }).code, message: (err as Error).message });
  }
}
