import { mapLimit } from '../apply/pool.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { listObjectsV2 } from '../oss/ops/list.ts';
import { getObject, putObject } from '../oss/ops/object.ts';
import { DASHBOARD_FUNCTIONS, renderDashboard, type DashboardData, type DashboardFunction } from './html-dashboard.ts';
import { ossFolder } from './location.ts';
import type { Report } from './model.ts';
import { readLatestReport, storeReport, type StoredReport } from './store.ts';
import { readCapped } from '../state/capped-read.ts';

/** Functions whose recent runs the dashboard shows (refresh chart, apply/drift history). */
const HISTORY_FUNCTIONS: readonly DashboardFunction[] = ['apply-config', 'refresh-stale-objects'];
export const DEFAULT_HISTORY_DAYS = 30;
export const DEFAULT_HISTORY_RUNS = 30;
const MAX_HISTORY_PAGES = 20;
const READ_CONCURRENCY = 4;
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

export interface DashboardSourceOptions {
  now?: () => Date;
  historyDays?: number;
  historyRuns?: number;
  deadline?: number;
}

async function readJson(client: OssInvoker, bucket: string, key: string): Promise<Report | undefined> {
  const res = await getObject(client, { bucket, key });
  if (res.notModified) return undefined;
  try {
    const bytes = await readCapped(res.body, { limit: MAX_REPORT_BYTES, source: `oss://${bucket}/${key}`, ...(res.contentLength !== undefined ? { declaredLength: res.contentLength } : {}) });
    return JSON.parse(bytes.toString('utf8')) as Report;
  } catch {
    // too large or not JSON: the dashboard leaves that run out
    return undefined;
  }
}

/** `<fn>/<runId>.json` of the last `runs` runs within `days` (run ids sort by time), oldest first. */
async function history(client: OssInvoker, reports: string, fn: string, o: Required<Pick<DashboardSourceOptions, 'historyDays' | 'historyRuns'>> & { now: Date }): Promise<Report[]> {
  const { bucket, key } = ossFolder(reports);
  const prefix = `${key}${fn}/`;
  const since = new Date(o.now.getTime() - o.historyDays * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const keys: string[] = [];
  let pages = 0;
  for await (const page of listObjectsV2(client, { bucket, prefix, startAfter: `${prefix}${since}`, maxKeys: 1000 })) {
    for (const obj of page.contents) if (/^\d{8}T\d{6}Z[^/]*\.json$/.test(obj.key.slice(prefix.length))) keys.push(obj.key);
    if (++pages >= MAX_HISTORY_PAGES) break;
  }
  const last = keys.sort().slice(-o.historyRuns);
  const got = await mapLimit(last, READ_CONCURRENCY, (k) => readJson(client, bucket, k).catch(() => undefined));
  return got.filter((r): r is Report => r !== undefined);
}

/** Reads what the dashboard shows: each function's latest report, and recent runs of apply-config and refresh-stale-objects. */
export async function loadDashboardData(client: OssInvoker, reportsLocation: string, options: DashboardSourceOptions = {}): Promise<DashboardData> {
  const now = (options.now ?? (() => new Date()))();
  const o = { now, historyDays: options.historyDays ?? DEFAULT_HISTORY_DAYS, historyRuns: options.historyRuns ?? DEFAULT_HISTORY_RUNS };
  const latest: DashboardData['latest'] = {};
  const hist: DashboardData['history'] = {};
  await Promise.all(DASHBOARD_FUNCTIONS.map(async (fn) => {
    const r = await readLatestReport(client, reportsLocation, fn);
    if (r) latest[fn] = r;
  }));
  await Promise.all(HISTORY_FUNCTIONS.map(async (fn) => {
    hist[fn] = await history(client, reportsLocation, fn, o);
  }));
  return { generatedAt: now.toISOString(), latest, history: hist };
}

/** Where the page goes: `OSSEDGE_DASHBOARD` (oss://bucket/prefix/) or `<OSSEDGE_REPORTS>dashboard/`; the object is `index.html`. */
export function dashboardLocation(reportsLocation: string, dashboard?: string): { bucket: string; key: string } {
  if (dashboard) {
    const d = ossFolder(dashboard);
    return { bucket: d.bucket, key: `${d.key}index.html` };
  }
  const r = ossFolder(reportsLocation);
  return { bucket: r.bucket, key: `${r.key}dashboard/index.html` };
}

/** Renders the dashboard from the stored reports and writes it as one self-contained HTML object. */
export async function publishDashboard(client: OssInvoker, reportsLocation: string, options: DashboardSourceOptions & { dashboard?: string } = {}): Promise<{ bucket: string; key: string; bytes: number }> {
  const page = renderDashboard(await loadDashboardData(client, reportsLocation, options));
  const where = dashboardLocation(reportsLocation, options.dashboard);
  await putObject(client, {
    ...where, body: page, contentType: 'text/html; charset=utf-8', contentMd5: true,
    headers: { 'cache-control': 'no-cache' },
  });
  return { ...where, bytes: Buffer.byteLength(page) };
}

/**
 * `storeReport` then `publishDashboard`, for any function's run: a dashboard failure does not fail the
 * run (the report is stored first); it comes back as `dashboardError` for the caller to log.
 */
export async function storeReportAndDashboard(
  client: OssInvoker, reportsLocation: string, report: Report, options: DashboardSourceOptions & { dashboard?: string } = {},
): Promise<StoredReport & { dashboard?: { bucket: string; key: string; bytes: number }; dashboardError?: Error }> {
  const stored = await storeReport(client, reportsLocation, report);
  try {
    return { ...stored, dashboard: await publishDashboard(client, reportsLocation, options) };
  } catch (e) {
    return { ...stored, dashboardError: e as Error };
  }
}
