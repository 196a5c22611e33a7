// The warm-up's report: refresh-stale-objects' report with `mode: warm` counts (keys, warmed, present,
// unmapped, failed, throttled, bytes, requests) and one item per unmapped or failed key.
import { createReport, type Report } from '../../report/model.ts';
import { countResult, REFRESH_FUNCTION } from '../report.ts';
import type { WarmResult } from './engine.ts';

export interface WarmReportContext {
  runId: string;
  dryRun: boolean;
  /** Continuation parts this report covers (1 without a timeout). */
  parts?: number;
  /** Fan-out slices merged into this report. */
  shards?: number;
}

export function warmReport(results: readonly WarmResult[], ctx: WarmReportContext, errors: ReadonlyArray<{ error: unknown; bucket?: string }> = []): Report {
  const report = createReport({ function: REFRESH_FUNCTION, runId: ctx.runId });
  report.count('warm', 1);
  report.count('dryRun', ctx.dryRun ? 1 : 0);
  if (ctx.parts) report.count('parts', ctx.parts);
  if (ctx.shards) report.count('shards', ctx.shards);
  for (const r of results) {
    countResult(report, r);
    if (!r.complete) {
      report.add({ bucket: r.bucket, code: 'RUN_CHECKPOINTED', status: 'ok', message: 'stopped before the deadline; the warm-up resumes from the first key not finished', ...(r.resumeAt !== undefined ? { target: r.resumeAt } : {}) });
    }
  }
  for (const e of errors) report.error(e.error, e.bucket);
  return report.finish();
}
