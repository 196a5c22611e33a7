import type { OssedgeConfig } from '../config/types.ts';
import type { Logger } from '../fc/logger.ts';
import { AUDIT_FUNCTION, newHighFindings, runAudit, type AuditClient } from './index.ts';
import { publishRun } from '../report/html-publish.ts';
import { createReport, type Report } from '../report/model.ts';
import { sendNotification, type NotifyTarget } from '../report/notify.ts';
import { readLatestReport, storeReport } from '../report/store.ts';

export interface AuditRunDeps {
  client: AuditClient;
  explicitEndpoint: boolean;
  reportsLocation?: string;
  /** oss://bucket/prefix/ for dashboard/index.html (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  notify?: NotifyTarget;
  secrets: ReadonlyArray<string | undefined>;
  deadline?: number;
  concurrency?: number;
  probeTimeoutMs?: number;
  log?: Logger;
}

export interface AuditRequest {
  buckets?: string[];
  probe: boolean;
  probeKey?: string;
  config?: OssedgeConfig;
}

/**
 * One audit run: findings into a report; with OSSEDGE_REPORTS the report is stored (run + latest),
 * new high/critical findings since the previous stored run are notified, and the dashboard is re-published.
 */
export async function auditAndReport(req: AuditRequest, deps: AuditRunDeps): Promise<Report> {
  const report = createReport({ function: AUDIT_FUNCTION, secrets: deps.secrets });
  await runAudit({
    client: deps.client, explicitEndpoint: deps.explicitEndpoint, probe: req.probe,
    ...(req.buckets ? { buckets: req.buckets } : {}), ...(req.config ? { config: req.config } : {}), ...(req.probeKey ? { probeKey: req.probeKey } : {}),
    ...(deps.deadline !== undefined ? { deadline: deps.deadline } : {}), ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
    ...(deps.probeTimeoutMs ? { probeTimeoutMs: deps.probeTimeoutMs } : {}),
  }, report);
  if (!deps.reportsLocation) return report.finish();
  const home = deps.client;
  let previous: Report | undefined;
  try {
    previous = await readLatestReport(home, deps.reportsLocation, AUDIT_FUNCTION);
  } catch (e) {
    report.error(e);
  }
  const fresh = newHighFindings(report.finish(), previous);
  report.count('newHighFindings', fresh.length);
  if (deps.notify && fresh.length > 0) {
    try {
      const reportUrl = `${deps.reportsLocation.replace(/\/?$/, '/')}${AUDIT_FUNCTION}/${report.runId}.json`;
      await sendNotification(deps.notify, report.finish(), fresh, { reportUrl });
      report.count('notified', fresh.length);
    } catch (e) {
      report.error(e);
    }
  }
  const final = report.finish();
  await storeReport(home, deps.reportsLocation, final);
  try {
    const page = await publishRun(home, deps.reportsLocation, final, deps.dashboardLocation ? { dashboard: deps.dashboardLocation } : {});
    deps.log?.info('dashboard published', { bucket: page.bucket, key: page.key, bytes: page.bytes });
  } catch (e) {
    deps.log?.warn('dashboard not published', { code: (e as { code?: string }).code ?? 'ERROR', message: (e as Error).message });
  }
  return final;
}
