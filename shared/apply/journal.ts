// An apply's before-states, stored in its report before the first write: a run killed mid-way (FC timeout,
// SIGKILL, a crash) leaves `<runId>.json` marked running, and `ossedge rollback RUN_ID` restores from it.
import { putObject } from '../oss/ops/object.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import type { ReportItem } from '../report/model.ts';
import { reportKeys } from '../report/store.ts';
import { BeforeStateError } from './errors.ts';
import { APPLY_FUNCTION, sectionData, type ApplyReport } from './report.ts';
import type { Journal, RunMode, SectionOutcome } from './types.ts';

/** Item code of a section the run is about to write (only in a report that is still running). */
export const SECTION_WRITING = 'SECTION_WRITING';
/** Error code of a report whose run has not finished. */
export const RUN_INCOMPLETE = 'RUN_INCOMPLETE';

export interface JournalOptions {
  runId: string;
  mode: RunMode;
  startedAt: Date;
  source?: string;
  rollbackOf?: string;
  /** Overwrites the run's report object (never `latest.json`: that stays the last finished run). */
  store: (report: ApplyReport) => Promise<void>;
  now?: () => Date;
}

/** The running report: one SECTION_WRITING item per recorded section, and a RUN_INCOMPLETE error, so it reads as failed until the run completes it. */
export function runningReport(o: JournalOptions, planned: ReadonlyMap<string, readonly SectionOutcome[]>): ApplyReport {
  const items: ReportItem[] = [];
  for (const [bucket, sections] of planned) {
    for (const s of sections) {
      items.push({
        bucket, target: s.section, code: SECTION_WRITING, status: 'warn',
        message: `${s.section}: ${s.action} being written (if this run was killed: ossedge rollback ${o.runId})`,
        data: { ...sectionData(s), writing: true },
      });
    }
  }
  const now = (o.now ?? (() => new Date()))();
  return {
    function: APPLY_FUNCTION, runId: o.runId, startedAt: o.startedAt.toISOString(), finishedAt: now.toISOString(), ok: false,
    running: true, mode: o.mode, changesPending: false,
    ...(o.source ? { source: o.source } : {}), ...(o.rollbackOf ? { rollbackOf: o.rollbackOf } : {}),
    summary: { items: items.length, ok: 0, warn: items.length, fail: 0, errors: 1, sectionsWriting: items.length },
    items,
    errors: [{ code: RUN_INCOMPLETE, message: 'the run has not finished: it is still running, or it was killed; the before-state of every section it writes is kept here for rollback' }],
  };
}

/**
 * A journal for one run. Buckets record concurrently; stores run one at a time, each writing everything
 * recorded when it starts, and records that arrive meanwhile share the next store (so a run of n buckets
 * does not rewrite its growing report n times). A record resolves once a store holding it succeeded.
 */
export function createJournal(options: JournalOptions): Journal {
  const planned = new Map<string, readonly SectionOutcome[]>();
  let last: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  const schedule = (): Promise<void> => {
    if (queued) return queued;
    const store = last.catch(() => undefined).then(() => {
      queued = undefined; // what is recorded from now on needs a later store
      return options.store(runningReport(options, planned));
    });
    queued = store;
    last = store;
    return store;
  };
  return (bucket, sections) => {
    planned.set(bucket, sections.map((s) => ({ ...s })));
    return schedule().catch((e: unknown) => {
      throw new BeforeStateError(bucket, e);
    });
  };
}

/** Writes a running report to `<function>/<runId>.json` under OSSEDGE_REPORTS. */
export function runReportWriter(client: OssInvoker, reportsLocation: string): (report: ApplyReport) => Promise<void> {
  return async (report) => {
    const keys = reportKeys(reportsLocation, report.function, report.runId);
    await putObject(client, { bucket: keys.bucket, key: keys.runKey, body: `${JSON.stringify(report, null, 2)}\n`, contentType: 'application/json; charset=utf-8', contentMd5: true });
  };
}
