// The run report (DESIGN.md Reports): counts of scanned, unchanged, stale, refreshed, deleted, failed,
// gone, capped, bytes moved and requests, plus the capped list of items for each change and failure.
import { createReport, type Report, type ReportBuilder, type ReportItem } from '../report/model.ts';
import type { BucketResult } from './run.ts';

export const REFRESH_FUNCTION = 'refresh-stale-objects';

export interface ReportContext {
  runId: string;
  dryRun: boolean;
  strategy: string;
  /** Shards aggregated into this report (fan-out). */
  shards?: number;
}

/** Adds one run result's counters, dropped and incomplete counts and items to the report (scan and warm-up alike). */
export function countResult(report: ReportBuilder, r: { counters: object; itemsDropped: number; complete: boolean; items: readonly ReportItem[] }): void {
  for (const [k, v] of Object.entries(r.counters) as Array<[string, number]>) report.count(k, v);
  report.count('itemsDropped', r.itemsDropped);
  report.count('incomplete', r.complete ? 0 : 1);
  for (const item of r.items) report.add(item);
}

export function refreshReport(results: readonly BucketResult[], ctx: ReportContext, errors: ReadonlyArray<{ error: unknown; bucket?: string }> = []): Report {
  const report = createReport({ function: REFRESH_FUNCTION, runId: ctx.runId });
  report.count('buckets', results.length);
  report.count('dryRun', ctx.dryRun ? 1 : 0);
  if (ctx.shards) report.count('shards', ctx.shards);
  for (const r of results) {
    countResult(report, r);
    if (r.busy) {
      const holder = r.busy === true ? undefined : r.busy;
      report.add({ bucket: r.bucket, code: 'BUCKET_BUSY', status: 'warn', message: `another refresh run holds this bucket${holder ? ` (since ${holder.acquiredAt}, until ${holder.expiresAt})` : ''}; skipped` });
    } else if (r.errors?.length) {
      for (const e of r.errors) report.error(e, r.bucket);
    } else if (!r.complete) {
      report.add({ bucket: r.bucket, code: 'RUN_CHECKPOINTED', status: 'ok', message: 'stopped before the deadline; a checkpoint is stored and the next run resumes from it' });
    }
  }
  for (const e of errors) report.error(e.error, e.bucket);
  return report.finish();
}
