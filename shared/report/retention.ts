import { deleteMultipleObjects } from '../oss/ops/delete-objects.ts';
import { listObjectsV2 } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { NEW_RUN_ID } from './model.ts';
import { reportKeys } from './store.ts';

/** OSSEDGE_REPORT_RETENTION_DAYS when unset: the run reports of the last 90 days are kept. */
export const DEFAULT_REPORT_RETENTION_DAYS = 90;
/** Per sweep: listing pages of 1,000 keys, and reports deleted; the next run goes on. */
export const DEFAULT_REPORT_SWEEP_PAGES = 5;
export const DEFAULT_REPORT_SWEEP_DELETES = 1000;

export interface ReportRetention {
  /** Run reports last written longer ago are deleted; 0 keeps every report. */
  days: number;
  now?: () => number;
  maxPages?: number;
  maxDeletes?: number;
}


/**
 * Deletes a function's run reports (`<function>/<runId>.json`, run ids as newRunId makes them) older than
 * the retention; `latest.json` is always kept, and nothing below the function's folder is touched. Run ids start with their time,
 * so the listing meets the oldest first and a bounded sweep takes those.
 */
export async function sweepReports(client: OssInvoker, reportsLocation: string, fn: string, retention: ReportRetention): Promise<{ scanned: number; deleted: number }> {
  const result = { scanned: 0, deleted: 0 };
  if (!(retention.days > 0)) return result;
  const { bucket, latestKey } = reportKeys(reportsLocation, fn, 'latest');
  const folder = latestKey.slice(0, -'latest.json'.length);
  const cutoff = (retention.now ?? Date.now)() - retention.days * 24 * 3600_000;
  const maxDeletes = retention.maxDeletes ?? DEFAULT_REPORT_SWEEP_DELETES;
  let pages = 0;
  for await (const page of listObjectsV2(client, { bucket, prefix: folder, maxKeys: 1000 })) {
    result.scanned += page.contents.length;
    const old = page.contents
      .filter((o) => o.key !== latestKey && isRunReport(o.key.slice(folder.length)) && o.lastModified !== undefined && o.lastModified.getTime() < cutoff)
      .map((o) => o.key)
      .slice(0, maxDeletes - result.deleted);
    if (old.length > 0) await deleteMultipleObjects(client, { bucket, objects: old, quiet: true });
    result.deleted += old.length;
    if (++pages >= (retention.maxPages ?? DEFAULT_REPORT_SWEEP_PAGES) || result.deleted >= maxDeletes) break;
  }
  return result;
}

/**
 * Only a name newRunId made is deleted: the reports location may be a whole bucket (`oss://site/`) whose
 * `<function>/` folder holds someone else's `data.json`.
 */
const isRunReport = (name: string): boolean => name.endsWith('.json') && NEW_RUN_ID.test(name.slice(0, -'.json'.length));

/** Longest retention accepted: ten years. */
const MAX_RETENTION_DAYS = 3650;

/** OSSEDGE_REPORT_RETENTION_DAYS: unset or '' is the default; whole days 0..3650 (0 keeps every report); anything else is refused. */
export function retentionDaysFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_REPORT_RETENTION_DAYS;
  const t = value.trim();
  const days = /^\d{1,4}$/.test(t) ? Number(t) : Number.NaN;
  if (!(days <= MAX_RETENTION_DAYS)) throw new RangeError(`OSSEDGE_REPORT_RETENTION_DAYS must be whole days from 0 to ${MAX_RETENTION_DAYS}, not ${JSON.stringify(value.slice(0, 20))}`);
  return days;
}
