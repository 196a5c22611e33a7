import type { OssInvoker } from '../oss/ops/common.ts';
import type { Report, ReportItem } from './model.ts';
import { sendNotification, type NotifyTarget } from './notify.ts';
import { findingKey } from './state-rows.ts';
import { readLatestReport } from './store.ts';
import { codeOf, messageOf, rawCode } from '../errors/index.ts';

/** Origin health items of validate-mirror-origin (one per mirror rule). */
const RULE_PREFIX = 'MIRROR_RULE_';

/**
 * A run's problems: a failed apply or drift correction (apply-config items that fail, plans excluded: they
 * write nothing), an origin that fails its checks (validate-mirror-origin's rule items), a refresh with
 * failures (failing items), and any run's errors. audit-referer notifies its findings on its own.
 */
export function problemsOf(report: Report): ReportItem[] {
  const mode = (report as { mode?: unknown }).mode;
  if (report.function === 'audit-referer' || mode === 'plan') return [];
  const failing = report.items.filter((i) => i.status === 'fail' && (report.function !== 'validate-mirror-origin' || i.code.startsWith(RULE_PREFIX)));
  const errors = report.errors.filter((e) => e.code !== 'NOTIFY_FAILED').map((e) => ({ bucket: e.bucket ?? '', code: e.code, status: 'fail' as const, message: e.message }));
  // an error a failing item already tells (apply's BUCKET_FAILED carries its error) is said once
  const told = new Set(failing.map((i) => i.bucket));
  return [...failing, ...errors.filter((e) => !told.has(e.bucket) || e.bucket === '')];
}

/** Problems of `current` that `previous` (the function's run before) did not have: each problem is told once. */
export function newProblems(current: Report, previous: Report | undefined): ReportItem[] {
  const before = new Set((previous ? problemsOf(previous) : []).map(findingKey));
  return problemsOf(current).filter((p) => !before.has(findingKey(p)));
}

/**
 * Before `report` is stored: compares it with the function's latest stored run and notifies the new
 * problems. A failed notification becomes a NOTIFY_FAILED error of the report (the run is stored anyway).
 */
export async function notifyNewProblems(client: OssInvoker, reportsLocation: string, report: Report, target: NotifyTarget): Promise<Report> {
  if (problemsOf(report).length === 0) return report;
  try {
    const fresh = newProblems(report, await readLatestReport(client, reportsLocation, report.function));
    if (fresh.length === 0) return report;
    const reportUrl = `${reportsLocation.replace(/\/?$/, '/')}${report.function}/${report.runId}.json`;
    await sendNotification(target, report, fresh, { reportUrl, topic: 'problems' });
    return { ...report, summary: { ...report.summary, notified: fresh.length } };
  } catch (e) {
    const code = rawCode(e) === undefined ? 'NOTIFY_FAILED' : codeOf(e);
    return { ...report, ok: false, errors: [...report.errors, { code, message: messageOf(e) }], summary: { ...report.summary, errors: (report.summary.errors ?? 0) + 1 } };
  }
}
