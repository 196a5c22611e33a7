import type { MiddlewareObj } from '@middy/core';
import type { OssInvoker } from '../oss/ops/common.ts';
import { storeReportAndDashboard } from '../report/html-publish.ts';
import { ossFolder } from '../state/location.ts';
import type { NotifyTarget } from '../report/notify.ts';
import { DEFAULT_REPORT_RETENTION_DAYS, sweepReports, type ReportRetention } from '../report/retention.ts';
import { storeReport } from '../report/store.ts';
import { sweepState } from '../state/sweep-state.ts';
import type { FcInput } from './fc-event.ts';
import type { FcHandlerContext } from './handler.ts';
import type { FcContext } from './types.ts';
import { rawCode } from '../errors/base.ts';

export interface ReportStoreOptions {
  /** OSSEDGE_REPORTS; without it nothing is stored. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: the run's new problems are notified before it is stored (notify-problems.ts). */
  notify?: NotifyTarget;
  /** false: stored, not put on the dashboard (heartbeats). */
  publish?: boolean;
  /**
   * OSSEDGE_REPORT_RETENTION_DAYS (default 90, 0 keeps every report): each stored run also sweeps its
   * function's reports past it and the spent state of shared/state (bounded, see retention.ts, sweep-state.ts).
   */
  retentionDays?: number;
  /** The sweeps' clock (tests). */
  now?: () => number;
  /** The client of the reports bucket for this request. */
  client(context: FcHandlerContext): OssInvoker;
}

/**
 * Stores the report left in the context now, under the same policy: for a handler whose run leaves more than one
 * report (apply-config's catch-up round after a push during its run), before it leaves the next.
 */
export interface ReportFlush {
  flush(context: FcHandlerContext): Promise<void>;
}

/** Logs carry the error's own code (OSS's NoSuchBucket), as the other log lines do. */
const codeOf = (e: unknown) => rawCode(e) ?? 'ERROR';

/**
 * Stores the report the handler left in `context.ossedge.report`, then publishes the dashboard, with one
 * policy for every function: a report that cannot be stored fails the run (FC retries an async run, a
 * caller gets a 500); a dashboard that cannot be published, or a sweep that fails, is a logged warning.
 * A run that failed after leaving a report (a refused config) still gets it stored, best effort: the
 * run's own error is what the caller sees.
 */
export function reportStore(options: ReportStoreOptions): MiddlewareObj<FcInput, unknown, Error, FcContext> & ReportFlush {
  const store = async (ctx: FcHandlerContext) => {
    const report = ctx.ossedge.report;
    if (!report || !options.reportsLocation) return;
    ctx.ossedge.report = undefined;
    const client = options.client(ctx);
    const where = options.reportsLocation;
    if (options.publish === false) await storeReport(client, where, report);
    else {
      const stored = await storeReportAndDashboard(client, where, report, { ...(options.dashboardLocation ? { dashboard: options.dashboardLocation } : {}), ...(options.notify ? { notify: options.notify } : {}) });
      if (stored.dashboardError) ctx.ossedge.log.warn('dashboard not published', { code: codeOf(stored.dashboardError), message: stored.dashboardError.message });
    }
    const retention = { days: options.retentionDays ?? DEFAULT_REPORT_RETENTION_DAYS, ...(options.now ? { now: options.now } : {}) };
    await sweep(client, where, report.function, retention, ctx);
  };
  return {
    name: 'reportStore',
    flush: store,
    after: async (request) => {
      await store(request.context as FcHandlerContext);
    },
    onError: async (request) => {
      const ctx = request.context as FcHandlerContext;
      if (!ctx.ossedge?.report) return;
      await store(ctx).catch((e: unknown) => ctx.ossedge.log.error('report not stored', { code: codeOf(e), message: (e as Error).message }));
    },
  };
}

async function sweep(client: OssInvoker, reportsLocation: string, fn: string, retention: ReportRetention, ctx: FcHandlerContext): Promise<void> {
  try {
    const reports = await sweepReports(client, reportsLocation, fn, retention);
    const { bucket, key } = ossFolder(reportsLocation);
    const state = await sweepState(client, { bucket, prefix: key, ...(retention.now ? { now: retention.now } : {}) });
    if (reports.deleted + state.deleted > 0) ctx.ossedge.log.info('old reports and state swept', { reports: reports.deleted, state: state.deleted });
  } catch (e) {
    ctx.ossedge.log.warn('sweep failed', { code: codeOf(e), message: (e as Error).message });
  }
}
