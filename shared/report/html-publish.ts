import type { OssInvoker } from '../oss/ops/common.ts';
import { listObjectsV2 } from '../oss/ops/list.ts';
import { addRunToBucket, emptyBucketState, isBucketState, type BucketState } from './bucket-state.ts';
import { renderBucketPage } from './html-bucket.ts';
import { renderDashboard } from './html-dashboard.ts';
import { isArchiveState, renderArchivePage, type ArchiveState } from './html-history.ts';
import { ARCHIVE_PAGE_RUNS, bucketPagePath, historyPagePath } from './html-links.ts';
import { renderRunPages } from './html-run.ts';
import { addRunToIndex, DASHBOARD_FUNCTIONS, emptyIndexState, INDEX_RUNS, isIndexState, type IndexState } from './index-state.ts';
import { ossFolder } from '../state/location.ts';
import type { Report } from './model.ts';
import type { NotifyTarget } from './notify.ts';
import { notifyNewProblems } from './notify-problems.ts';
import { readStateComment, stateComment } from './page-state.ts';
import { mapLimit } from '../concurrency/map-limit.ts';
import { readText, writePage } from './publish-io.ts';
import { touchedBuckets } from './run-facts.ts';
import { runRowOf } from './state-rows.ts';
import { storeReport, type StoredReport } from './store.ts';

const CONCURRENCY = 4;
/** How long after writing the index it is read back (half to one and a half times this). */
export const INDEX_VERIFY_DELAY_MS = 200;
const MAX_INDEX_WRITES = 3;
const REBUILD_CONCURRENCY = 8;
const RUN_KEY = /^[A-Za-z0-9_.:-]{1,128}\.json$/;

export interface PublishOptions {
  /** OSSEDGE_DASHBOARD (oss://bucket/prefix/); default `<reports>dashboard/`. */
  dashboard?: string;
  now?: () => Date;
  /** Default INDEX_VERIFY_DELAY_MS. */
  indexVerifyDelayMs?: number;
  /** OSSEDGE_NOTIFY_URL...: storeReportAndDashboard notifies the run's new problems before storing it. */
  notify?: NotifyTarget;
}

export interface PublishResult {
  bucket: string;
  /** The index page's key. */
  key: string;
  bytes: number;
  /** Keys written, in order. */
  written: string[];
  /** true when the pages were rebuilt from the stored reports (no usable index state). */
  rebuilt: boolean;
}

/** Where the pages go: `OSSEDGE_DASHBOARD` (oss://bucket/prefix/) or `<OSSEDGE_REPORTS>dashboard/`; the index is `index.html`. */
export function dashboardFolder(reportsLocation: string, dashboard?: string): { bucket: string; prefix: string } {
  const d = dashboard ? ossFolder(dashboard) : ossFolder(reportsLocation);
  return { bucket: d.bucket, prefix: dashboard ? d.key : `${d.key}dashboard/` };
}

export function dashboardLocation(reportsLocation: string, dashboard?: string): { bucket: string; key: string } {
  const f = dashboardFolder(reportsLocation, dashboard);
  return { bucket: f.bucket, key: `${f.prefix}index.html` };
}

class PageWriter {
  readonly written: string[] = [];
  constructor(private readonly client: OssInvoker, private readonly bucket: string, private readonly prefix: string) {}
  async write(path: string, body: string): Promise<void> {
    await writePage(this.client, this.bucket, `${this.prefix}${path}`, body);
    this.written.push(`${this.prefix}${path}`);
  }
}

/**
 * Publishes one more stored run: its run page(s), its function's current archive page, the touched bucket
 * pages and the index. Reads only the pages it rewrites (their state is in them, see page-state.ts), each
 * right before writing it; without a usable index it rebuilds everything from the stored reports.
 */
export async function publishRun(client: OssInvoker, reportsLocation: string, report: Report, options: PublishOptions = {}): Promise<PublishResult> {
  const { bucket, prefix } = dashboardFolder(reportsLocation, options.dashboard);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const indexText = await readText(client, bucket, `${prefix}index.html`);
  const previous = indexText === undefined ? undefined : readStateComment(indexText);
  const folded = isIndexState(previous) ? tryFold(() => addRunToIndex(previous, report, now)) : undefined;
  // no index yet, or one whose state cannot be read or folded (an old page, a damaged one): rebuild
  if (!folded) return rebuildDashboard(client, reportsLocation, options);
  const { state, seq, again } = folded;
  const out = new PageWriter(client, bucket, prefix);
  for (const p of renderRunPages(report)) await out.write(p.path, p.body);
  const page = seq < 0 ? -1 : Math.floor(seq / ARCHIVE_PAGE_RUNS);
  if (page >= 0) {
    const text = seq % ARCHIVE_PAGE_RUNS === 0 && !again ? undefined : await readText(client, bucket, `${prefix}${historyPagePath(report.function, page)}`);
    const old = text === undefined ? undefined : readStateComment(text);
    const archive: ArchiveState = isArchiveState(old, report.function, page) ? old : { v: 1, fn: report.function, page, runs: [] };
    const row = runRowOf(report);
    archive.runs = archive.runs.some((r) => r.id === row.id) ? archive.runs.map((r) => (r.id === row.id ? row : r)) : [...archive.runs, row];
    const a = renderArchivePage(archive, now, stateComment(archive));
    await out.write(a.path, a.body);
  }
  await mapLimit(touchedBuckets(report), CONCURRENCY, async (b) => {
    const text = await readText(client, bucket, `${prefix}${bucketPagePath(b)}`);
    const old = text === undefined ? undefined : readStateComment(text);
    const next = (isBucketState(old, b) ? tryFold(() => addRunToBucket(old, report)) : undefined) ?? addRunToBucket(emptyBucketState(b), report);
    const p = renderBucketPage(next, now, stateComment(next));
    await out.write(p.path, p.body);
  });
  const index = await writeIndex(out, client, bucket, prefix, state, report, now, options.indexVerifyDelayMs ?? INDEX_VERIFY_DELAY_MS);
  return { bucket, key: `${prefix}index.html`, bytes: Buffer.byteLength(index), written: out.written, rebuilt: false };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A fold over a state read back from a page, or undefined when that state is damaged in a way its shape check missed. */
function tryFold<T>(fold: () => T): T | undefined {
  try {
    return fold();
  } catch {
    return undefined;
  }
}

/** Whether an index state shows the run (or the run is too old to be among its function's latest rows). */
function shows(s: IndexState, report: Report): boolean {
  const rows = s.runs[report.function]?.latest ?? [];
  return rows.some((r) => r.id === report.runId) || (rows.length >= INDEX_RUNS && rows[rows.length - 1]!.at > report.finishedAt);
}

/**
 * OSS has no conditional PUT: two functions publishing at once (timers at start-up) could each write an
 * index without the other's run. So the index is read back a moment after it is written and, when a later
 * writer dropped this run, the run is folded into that newer state and written again (a few times at most).
 */
async function writeIndex(out: PageWriter, client: OssInvoker, bucket: string, prefix: string, first: IndexState, report: Report, now: string, delayMs: number): Promise<string> {
  let state = first;
  for (let attempt = 1; ; attempt++) {
    const body = renderDashboard(state, stateComment(state));
    await out.write('index.html', body);
    if (attempt >= MAX_INDEX_WRITES) return body;
    await sleep(delayMs / 2 + Math.random() * delayMs);
    const text = await readText(client, bucket, `${prefix}index.html`);
    const fresh = text === undefined ? undefined : readStateComment(text);
    if (!isIndexState(fresh) || shows(fresh, report)) return body;
    state = addRunToIndex(fresh, report, now).state;
  }
}

/** Every stored run report of the dashboard's functions (`<fn>/<runId>.json`, not latest.json), oldest first. */
async function storedRuns(client: OssInvoker, reportsLocation: string): Promise<Report[]> {
  const { bucket, key } = ossFolder(reportsLocation);
  const keys: string[] = [];
  for (const fn of DASHBOARD_FUNCTIONS) {
    const prefix = `${key}${fn}/`;
    for await (const page of listObjectsV2(client, { bucket, prefix, maxKeys: 1000 })) {
      for (const o of page.contents) {
        const name = o.key.slice(prefix.length);
        if (name !== 'latest.json' && RUN_KEY.test(name)) keys.push(o.key);
      }
    }
  }
  const got = await mapLimit(keys, REBUILD_CONCURRENCY, async (k) => {
    const text = await readText(client, bucket, k);
    try {
      const r = text === undefined ? undefined : (JSON.parse(text) as Report);
      return r && typeof r.runId === 'string' && typeof r.finishedAt === 'string' && Array.isArray(r.items) && Array.isArray(r.errors) ? r : undefined;
    } catch {
      return undefined;
    }
  });
  return got.filter((r): r is Report => r !== undefined).sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.runId.localeCompare(b.runId));
}

/** Renders every page from all stored reports (first publish, or when the index state is gone). */
export async function rebuildDashboard(client: OssInvoker, reportsLocation: string, options: PublishOptions = {}): Promise<PublishResult> {
  const { bucket, prefix } = dashboardFolder(reportsLocation, options.dashboard);
  const now = (options.now ?? (() => new Date()))().toISOString();
  const runs = await storedRuns(client, reportsLocation);
  let state: IndexState = emptyIndexState();
  state.generatedAt = now;
  const archives = new Map<string, ArchiveState>();
  const buckets = new Map<string, BucketState>();
  for (const r of runs) {
    const next = addRunToIndex(state, r, now, { inPlace: true });
    state = next.state;
    if (!next.again) {
      const page = Math.floor(next.seq / ARCHIVE_PAGE_RUNS);
      const id = `${r.function}/${page}`;
      const a = archives.get(id) ?? { v: 1 as const, fn: r.function, page, runs: [] };
      a.runs.push(runRowOf(r));
      archives.set(id, a);
    }
    for (const b of touchedBuckets(r)) buckets.set(b, addRunToBucket(buckets.get(b) ?? emptyBucketState(b), r, { inPlace: true }));
  }
  const out = new PageWriter(client, bucket, prefix);
  await mapLimit(runs, REBUILD_CONCURRENCY, async (r) => {
    for (const p of renderRunPages(r)) await out.write(p.path, p.body);
  });
  await mapLimit([...archives.values()], REBUILD_CONCURRENCY, async (a) => {
    const p = renderArchivePage(a, now, stateComment(a));
    await out.write(p.path, p.body);
  });
  await mapLimit([...buckets.values()], REBUILD_CONCURRENCY, async (s) => {
    const p = renderBucketPage(s, now, stateComment(s));
    await out.write(p.path, p.body);
  });
  const index = renderDashboard(state, stateComment(state));
  await out.write('index.html', index);
  return { bucket, key: `${prefix}index.html`, bytes: Buffer.byteLength(index), written: out.written, rebuilt: true };
}

/** Publishes the whole dashboard from the stored reports (start-up, or after reports were stored elsewhere). */
export const publishDashboard = rebuildDashboard;

/**
 * (With `notify`: new problems notified first, see notify-problems.ts.)
 * `storeReport` then `publishRun`, for any function's run: a dashboard failure does not fail the run (the
 * report is stored first); it comes back as `dashboardError` for the caller to log.
 */
export async function storeReportAndDashboard(
  client: OssInvoker, reportsLocation: string, report: Report, options: PublishOptions = {},
): Promise<StoredReport & { dashboard?: PublishResult; dashboardError?: Error }> {
  const final = options.notify ? await notifyNewProblems(client, reportsLocation, report, options.notify) : report;
  const stored = await storeReport(client, reportsLocation, final);
  try {
    return { ...stored, dashboard: await publishRun(client, reportsLocation, final, options) };
  } catch (e) {
    return { ...stored, dashboardError: e as Error };
  }
}
