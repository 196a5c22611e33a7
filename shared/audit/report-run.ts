import type { OssedgeConfig } from '../config/types.ts';
import { createReport, type Report } from '../report/model.ts';
import { sendNotification, type NotifyTarget } from '../report/notify.ts';
import { readLatestReport } from '../report/store.ts';
import { newHighFindings } from './new-findings.ts';
import { AUDIT_FUNCTION, runAudit, type AuditClient } from './run.ts';

export interface AuditRunOptions {
  client: AuditClient;
  /** The connection names an endpoint: every bucket is read there (no per-region clients). */
  explicitEndpoint: boolean;
  buckets?: string[];
  probe: boolean;
  probeKey?: string;
  /** ossedge.yaml, for drift findings. */
  config?: OssedgeConfig;
  /** OSSEDGE_REPORTS: the previous run (read here) says which high findings are new. */
  reportsLocation?: string;
  notify?: NotifyTarget;
  /** Values the report must never show (the notify secret, its URL's query). */
  secrets: ReadonlyArray<string | undefined>;
  deadline?: number;
  concurrency?: number;
  probeTimeoutMs?: number;
}

/**
 * One audit run: findings into a report; with OSSEDGE_REPORTS, the high and critical findings that were
 * not in the previous stored run are counted and notified. Storing the report is the caller's
 * (the function's reportStore middleware, the CLI).
 */
export async function auditRun(o: AuditRunOptions): Promise<Report> {
  const report = createReport({ function: AUDIT_FUNCTION, secrets: o.secrets });
  await runAudit({
    client: o.client, explicitEndpoint: o.explicitEndpoint, probe: o.probe,
    ...(o.buckets ? { buckets: o.buckets } : {}), ...(o.config ? { config: o.config } : {}), ...(o.probeKey ? { probeKey: o.probeKey } : {}),
    ...(o.deadline !== undefined ? { deadline: o.deadline } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.probeTimeoutMs ? { probeTimeoutMs: o.probeTimeoutMs } : {}),
  }, report);
  if (!o.reportsLocation) return report.finish();
  let previous: Report | undefined;
  try {
    previous = await readLatestReport(o.client, o.reportsLocation, AUDIT_FUNCTION);
  } catch (e) {
    report.error(e);
  }
  const fresh = newHighFindings(report.finish(), previous);
  report.count('newHighFindings', fresh.length);
  if (o.notify && fresh.length > 0) {
    try {
      const reportUrl = `${o.reportsLocation.replace(/\/?$/, '/')}${AUDIT_FUNCTION}/${report.runId}.json`;
      await sendNotification(o.notify, report.finish(), fresh, { reportUrl });
      report.count('notified', fresh.length);
    } catch (e) {
      report.error(e);
    }
  }
  return report.finish();
}
