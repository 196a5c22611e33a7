import { exportConfig, secretEnvNames, type OssedgeConfig } from '../config/index.ts';
import { acquireLease, leaseTtlUntil } from '../state/lease.ts';
import { readJson } from '../state/oss-json.ts';
import {
  buildRunReport, createJournal, mapLimit, runReportWriter, readLiveSettings, resolveBucketRegions, rollbackConfig, rollbackSecretGaps, runConfig,
  ApplyInputError, type AcquireLease, type ApplyReport, type DriftAction, type Preflight, type RunMode,
} from './index.ts';
import { listBuckets, type OssInvoker } from '../oss/index.ts';
import { ossFolder } from '../report/location.ts';
import { createReport, newRunId, type Report, type ReportItem } from '../report/model.ts';
import { storeReportAndDashboard } from '../report/html-publish.ts';
import { reportKeys } from '../report/store.ts';
import type { ClientCache } from '../state/oss-clients.ts';
import type { NotifyTarget } from '../report/notify.ts';
import { refusedRunReport } from '../report/refused-run.ts';

/** A bucket's lease when the invocation's end is not known (the CLI passes its own default). */
export const DEFAULT_LEASE_TTL_MS = 10 * 60_000;
const RELEASE_TRIES = 3;

/** What a run needs from the function instance and the invocation. */
export interface RunDeps {
  clients: ClientCache;
  region: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: where the dashboard goes (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  notify?: NotifyTarget;
  owner: string;
  deadline?: number;
  /** When the invocation ends (FC stops it at its timeout): a bucket's lease lasts until then plus a margin. */
  invocationEnd?: number;
  concurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  /** A fixed lease TTL instead of the invocation's remaining time (the CLI's default). */
  leaseTtlMs?: number;
  preflight?: Preflight;
  /** Told about every finished run (the function logs a one-line summary). */
  onReport?: (report: ApplyReport) => void;
  /** Told when the stored run's dashboard could not be published (the run itself stands). */
  onDashboardError?: (error: Error) => void;
}

/** The folder of apply-config's per-bucket leases under the reports prefix `key` (also read by `ossedge lease`). */
export function applyLeaseParent(key: string): string {
  return `${key}_state/leases/apply-config/`;
}

const applyLeasePrefix = (key: string, bucket: string): string => `${applyLeaseParent(key)}${bucket}/`;

function leaseTtl(deps: RunDeps): number {
  if (deps.leaseTtlMs) return deps.leaseTtlMs;
  return deps.invocationEnd !== undefined ? leaseTtlUntil(deps.invocationEnd, Date.now()) : DEFAULT_LEASE_TTL_MS;
}

/** Per-bucket lease in the reports bucket (`<prefix>_state/leases/apply-config/<bucket>/`); none without OSSEDGE_REPORTS. */
export function bucketLease(deps: RunDeps, runId?: string): AcquireLease | undefined {
  if (!deps.reportsLocation) return undefined;
  const { bucket, key } = ossFolder(deps.reportsLocation);
  const client = deps.clients.home(deps.region);
  return async (target) => {
    const got = await acquireLease(client, { bucket, prefix: applyLeasePrefix(key, target), owner: deps.owner, ...(runId ? { runId } : {}), ttlMs: leaseTtl(deps) });
    if (!got.acquired) return { busy: { ...(got.holder?.runId ? { runId: got.holder.runId } : {}), ...(got.holder?.expiresAt ? { expiresAt: got.holder.expiresAt } : {}) } };
    return {
      async release() {
        for (let i = 1; ; i++) {
          try {
            return await got.lease.release();
          } catch (e) {
            if (i >= RELEASE_TRIES) throw e;
          }
        }
      },
    };
  };
}

export interface RunRequest {
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
}

/** Stores a report built outside `runAndReport` (a run refused before it started), then the dashboard. */
export async function storeRunReport(report: ApplyReport, deps: RunDeps): Promise<void> {
  if (deps.reportsLocation) {
    const stored = await storeReportAndDashboard(deps.clients.home(deps.region), deps.reportsLocation, report, deps.dashboardLocation ? { dashboard: deps.dashboardLocation } : {});
    if (stored.dashboardError) deps.onDashboardError?.(stored.dashboardError);
  }
  deps.onReport?.(report);
}

/** Plans / applies / checks drift, builds the report and stores it under OSSEDGE_REPORTS (when set), then republishes the dashboard. */
export async function runAndReport(req: RunRequest, deps: RunDeps): Promise<ApplyReport> {
  const runId = req.runId ?? newRunId();
  const startedAt = new Date();
  const lease = req.mode === 'plan' ? undefined : bucketLease(deps, runId);
  // before the first write, the run's report keeps the before-states: a killed run can still be rolled back
  const journal = req.mode === 'plan' || !deps.reportsLocation ? undefined : createJournal({
    runId, mode: req.mode, startedAt, store: runReportWriter(deps.clients.home(deps.region), deps.reportsLocation),
    ...(req.source ? { source: req.source } : {}), ...(req.rollbackOf ? { rollbackOf: req.rollbackOf } : {}),
  });
  const config = deps.clients.locatesBuckets() ? await resolveBucketRegions(req.config, deps.clients.home(deps.region)) : req.config;
  const result = await runConfig(config, {
    mode: req.mode,
    ...(req.driftAction ? { driftAction: req.driftAction } : {}),
    clientFor: (b) => deps.clients.forBucket(config, b, deps.region),
    env: deps.env,
    ...(req.buckets?.length ? { buckets: req.buckets } : {}),
    ...(lease ? { lease } : {}),
    ...(journal ? { journal } : {}),
    ...(deps.preflight ? { preflight: deps.preflight } : {}),
    ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
    ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
    ...(deps.backoffMs !== undefined ? { backoffMs: deps.backoffMs } : {}),
    ...(deps.deadline ? { call: { deadline: deps.deadline } } : {}),
  });
  const secrets = secretEnvNames(req.config).map((n) => deps.env[n]);
  const report = buildRunReport(result, {
    secrets,
    runId,
    startedAt,
    ...(req.source ? { source: req.source } : {}),
    ...(req.rollbackOf ? { rollbackOf: req.rollbackOf } : {}),
  });
  for (const n of req.notes ?? []) {
    report.items.push(n);
    if (n.status) report.summary[n.status] = (report.summary[n.status] ?? 0) + 1;
  }
  report.summary.items = report.items.length;
  if (req.git) Object.assign(report, { git: req.git });
  if (deps.reportsLocation) {
    // the dashboard (latest reports of every function, apply/drift history) follows each stored run
    const stored = await storeReportAndDashboard(deps.clients.home(deps.region), deps.reportsLocation, report, { ...(deps.dashboardLocation ? { dashboard: deps.dashboardLocation } : {}), ...(deps.notify ? { notify: deps.notify } : {}) });
    if (stored.dashboardError) deps.onDashboardError?.(stored.dashboardError);
  }
  deps.onReport?.(report);
  return report;
}

/**
 * An authenticated delivery whose config was refused is a run of its own (its report lists the issues) so the
 * dashboard shows it; then the refusal goes on to the caller. Other errors pass through unrecorded.
 */
export async function recordRefusal(error: unknown, deps: RunDeps): Promise<never> {
  const report = deps.reportsLocation ? refusedRunReport('apply-config', error, { source: 'webhook' }) : undefined;
  if (report) {
    const stored = await storeReportAndDashboard(deps.clients.home(deps.region), deps.reportsLocation!, report, deps.dashboardLocation ? { dashboard: deps.dashboardLocation } : {}).catch(() => undefined);
    if (stored?.dashboardError) deps.onDashboardError?.(stored.dashboardError);
  }
  throw error;
}

/** `ossedge rollback RUN_ID`: restores every section that run wrote to its recorded before-state. */
/** `dryRun`: the plan of the rollback (what it would restore), nothing written. */
export async function rollbackRun(runId: string, deps: RunDeps, options: { dryRun?: boolean } = {}): Promise<ApplyReport> {
  if (!deps.reportsLocation) throw new ApplyInputError('NOT_CONFIGURED', 'rollback needs the reports location (OSSEDGE_REPORTS or --reports)');
  let keys;
  try {
    keys = reportKeys(deps.reportsLocation, 'apply-config', runId);
  } catch {
    throw new ApplyInputError('BAD_RUN_ID', `not a run id: ${JSON.stringify(runId)}`);
  }
  const stored = await readJson<Report>(deps.clients.home(deps.region), keys.bucket, keys.runKey);
  if (!stored) throw new ApplyInputError('NOT_FOUND', `no report for run ${runId}`, { reason: 'not-found' });
  let config: OssedgeConfig;
  try {
    config = rollbackConfig(stored);
  } catch (e) {
    throw new ApplyInputError((e as { code?: string }).code ?? 'ROLLBACK_REFUSED', (e as Error).message);
  }
  const notes: ReportItem[] = rollbackSecretGaps(config).map((gap) => ({
    bucket: gap.bucket, target: `website.routingRules[ruleNumber=${gap.rule}]`, code: 'ROLLBACK_SECRET_NOT_RESTORED', status: 'warn',
    message: 'the mirror auth secret of this rule cannot be restored (OSS never returns it): put it again',
  }));
  return runAndReport({ config, mode: options.dryRun ? 'plan' : 'apply', source: 'rollback', rollbackOf: runId, notes }, deps);
}

export interface ExportResult extends Report {
  /** The ossedge.yaml text. */
  config: string;
}

/** `ossedge export`: the live settings of the named buckets (every visible bucket when none) as ossedge.yaml. */
export async function exportBuckets(names: string[] | undefined, deps: RunDeps): Promise<ExportResult> {
  const b = createReport({ function: 'apply-config' });
  const home: OssInvoker = deps.clients.home(deps.region);
  const regions = new Map<string, string | undefined>((names ?? []).map((n) => [n, undefined]));
  if (regions.size === 0) {
    for await (const page of listBuckets(home)) for (const x of page.buckets) regions.set(x.name, x.region);
  }
  const targets = [...regions.keys()].sort();
  const none = { defaults: {} };
  const live = await mapLimit(targets, deps.concurrency ?? 16, async (name) => {
    const region = regions.get(name);
    try {
      return { name, ...(await readLiveSettings(deps.clients.forBucket(none, region ? { region } : {}, deps.region), name)) };
    } catch (e) {
      b.error(e, name);
      return undefined;
    }
  });
  const ok = live.filter((x) => x !== undefined);
  for (const x of ok) b.add({ bucket: x.name, code: 'BUCKET_EXPORTED', status: 'ok', message: `website ${x.website ? 'set' : 'none'}, CORS ${x.cors ? 'set' : 'none'}` });
  return { ...b.finish(), config: await exportConfig(ok) };
}
