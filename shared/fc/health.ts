import type { OssInvoker } from '../oss/ops/common.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import { ossFolder } from '../state/location.ts';
import { createReport, type Report } from '../report/model.ts';
import { readLatestReport } from '../report/store.ts';
import { rawCode } from '../errors/base.ts';

/** The ossedge functions whose latest reports the health check lists. */
export const OSSEDGE_FUNCTIONS = ['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects', 'ossedge-health'] as const;

export interface FunctionStatus {
  lastRunId: string;
  finishedAt: string;
  ok: boolean;
}

export interface HealthStatus {
  ok: boolean;
  service: 'ossedge';
  version: string;
  function: string;
  region?: string;
  time: string;
  oss: { reachable: boolean; latencyMs?: number; error?: string };
  /** Latest report per function (null: never ran or not deployed). */
  functions: Record<string, FunctionStatus | null>;
}

/** Read-only: OSS reachability (one ListObjectsV2 on the reports location) and each function's latest report. */
export async function healthStatus(
  client: OssInvoker, reportsLocation: string | undefined, info: { version: string; function: string; region?: string; now?: () => number },
): Promise<HealthStatus> {
  const now = info.now ?? Date.now;
  const base = { service: 'ossedge' as const, version: info.version, function: info.function, ...(info.region ? { region: info.region } : {}), time: new Date(now()).toISOString() };
  if (!reportsLocation) return { ...base, ok: false, oss: { reachable: false, error: 'OSSEDGE_REPORTS is not set' }, functions: {} };
  const t0 = now();
  const { bucket, key } = ossFolder(reportsLocation);
  try {
    await listObjectsV2Page(client, { bucket, prefix: key, maxKeys: 1 });
  } catch (e) {
    // OSS's own code (SignatureDoesNotMatch): what an operator searches OSS's documentation for
    return { ...base, ok: false, oss: { reachable: false, error: rawCode(e) ?? (e as Error)?.name ?? 'ERROR' }, functions: {} };
  }
  const oss = { reachable: true, latencyMs: now() - t0 };
  const functions: Record<string, FunctionStatus | null> = {};
  await Promise.all(OSSEDGE_FUNCTIONS.map(async (fn) => {
    const r = await readLatestReport(client, reportsLocation, fn);
    functions[fn] = r ? { lastRunId: r.runId, finishedAt: r.finishedAt, ok: r.ok } : null;
  }));
  return { ...base, ok: true, oss, functions };
}

/** The far end of a deep check: proves that an async invocation arrived (the reportStore middleware proves that reports can be written). */
export function heartbeatReport(bucket: string, input: { runId: string; function: string; queuedAt?: string; now?: () => Date }): Report {
  const b = createReport({ function: input.function, runId: input.runId, ...(input.now ? { now: input.now } : {}) });
  b.add({ bucket, code: 'HEARTBEAT', status: 'ok', message: 'async invocation arrived and the report was stored', ...(input.queuedAt ? { data: { queuedAt: input.queuedAt } } : {}) });
  return b.finish();
}
