// One apply-config run: plan / apply / drift, its report handed on to be stored under OSSEDGE_REPORTS (when
// set, with the dashboard). The webhook, the timer, GitOps, rollback and the CLI all end here.
import { secretEnvNames, type OssedgeConfig } from '../config/index.ts';
import { newRunId, type ReportItem } from '../report/model.ts';
import { ossFolder } from '../state/location.ts';
import { createOssHoldStore } from '../state/holds.ts';
import { bucketLease } from './bucket-lease.ts';
import { runConfig } from './engine.ts';
import { createJournal, runReportWriter } from './journal.ts';
import { resolveBucketRegions } from './regions.ts';
import { buildRunReport, type ApplyReport } from './report.ts';
import { keepRunReport, type ApplyRuntime } from './runtime.ts';
import type { DriftAction, RunMode } from './types.ts';

export interface RunApplyOptions {
  config: OssedgeConfig;
  mode: RunMode;
  driftAction?: DriftAction;
  buckets?: string[];
  runId?: string;
  source?: string;
  rollbackOf?: string;
  /** Items added to the report as they are (warnings of the caller). */
  notes?: ReportItem[];
  /** Where the run came from in git (`git: {provider, repository, ref, sha, ...}`), stored with the report. */
  git?: Record<string, unknown>;
  runtime: ApplyRuntime;
}

/** Plans / applies / checks drift, builds the report and hands it on to be stored (`runtime.keepReport`). */
export async function runApply(o: RunApplyOptions): Promise<ApplyReport> {
  const rt = o.runtime;
  const runId = o.runId ?? newRunId();
  const startedAt = new Date();
  const lease = o.mode === 'plan' ? undefined : bucketLease(rt, runId);
  // before the first write, the run's report keeps the before-states: a killed run can still be rolled back
  const journal = o.mode === 'plan' || !rt.reportsLocation ? undefined : createJournal({
    runId, mode: o.mode, startedAt, store: runReportWriter(rt.clients.home(rt.region), rt.reportsLocation),
    ...(o.source ? { source: o.source } : {}), ...(o.rollbackOf ? { rollbackOf: o.rollbackOf } : {}),
  });
  const config = rt.clients.locatesBuckets() ? await resolveBucketRegions(o.config, rt.clients.home(rt.region)) : o.config;
  const result = await runConfig(config, {
    mode: o.mode,
    ...(o.driftAction ? { driftAction: o.driftAction } : {}),
    clientFor: (b) => rt.clients.forBucket(config, b, rt.region),
    env: rt.env,
    ...(o.buckets?.length ? { buckets: o.buckets } : {}),
    ...(lease ? { lease } : {}),
    ...(journal ? { journal } : {}),
    ...(rt.preflight ? { preflight: rt.preflight } : {}),
    ...(rt.concurrency ? { concurrency: rt.concurrency } : {}),
    ...(rt.maxAttempts ? { maxAttempts: rt.maxAttempts } : {}),
    ...(rt.backoffMs !== undefined ? { backoffMs: rt.backoffMs } : {}),
    ...(rt.deadline ? { call: { deadline: rt.deadline } } : {}),
    ...(rt.reportsLocation ? { holds: createOssHoldStore(rt.clients.home(rt.region), ossFolder(rt.reportsLocation)), runId, ...(o.rollbackOf ? { rollbackOf: o.rollbackOf } : {}) } : {}),
  });
  const secrets = secretEnvNames(o.config).map((n) => rt.env[n]);
  const report = buildRunReport(result, {
    secrets,
    runId,
    startedAt,
    ...(o.source ? { source: o.source } : {}),
    ...(o.rollbackOf ? { rollbackOf: o.rollbackOf } : {}),
  });
  for (const n of o.notes ?? []) {
    report.items.push(n);
    if (n.status) report.summary[n.status] = (report.summary[n.status] ?? 0) + 1;
  }
  report.summary.items = report.items.length;
  if (o.git) Object.assign(report, { git: o.git });
  await keepRunReport(report, rt);
  return report;
}
