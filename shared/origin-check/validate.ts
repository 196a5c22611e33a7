import type { OssedgeConfig } from '../config/types.ts';
import { createReport, type Report } from '../report/model.ts';
import { bucketClients, type ClientCache } from '../state/oss-clients.ts';
import { collectTargets } from './collect.ts';
import { addRuleItems, VALIDATE_FUNCTION } from './report.ts';
import { checkRules } from './run.ts';
import type { OriginCheckOptions } from './types.ts';

/** Time kept back from the deadline for the report and its storing. */
const REPORT_MARGIN_MS = 2_000;
const MIN_CHECK_MS = 1_000;

export interface ValidateOriginsRun {
  /** The instance's clients, credentials already set for this invocation. */
  clients: ClientCache;
  /** The function's region (FC context): buckets nothing else places are looked up from here. */
  region?: string;
  /** The file, when there is one: its rules (and sampleKeys) win for the buckets it names; the rest are read live. */
  config?: OssedgeConfig;
  /** Only these buckets; without them, the file's buckets or (no file) every visible bucket. */
  buckets?: string[];
  allowPrivate: boolean;
  /** Budgets, concurrency, resolver, dialer, trusted CAs (tests and local runs). */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
  /** Epoch ms by which checking must stop. */
  deadline: number;
}

/** validate-mirror-origin's run: every mirror rule's origin checked for sample keys, as one report. */
export async function validateOrigins(o: ValidateOriginsRun): Promise<Report> {
  const home = o.clients.home(o.region);
  if (o.config) o.clients.admit(o.config);
  const report = createReport({ function: VALIDATE_FUNCTION });
  // each bucket read through its own region's endpoint unless an endpoint (or region) is forced
  const perBucket = bucketClients(o.clients, { ...(o.config ? { config: o.config } : {}), ...(o.region ? { fallbackRegion: o.region } : {}), lookup: home });
  const collected = await collectTargets({
    ...(o.config ? { config: o.config } : {}), ...(o.buckets ? { buckets: o.buckets } : {}), home,
    clientFor: (bucket) => perBucket.clientFor(bucket), learnRegion: (bucket, region) => perBucket.learn(bucket, region),
    ...(o.check?.maxSampleKeys ? { maxSampleKeys: o.check.maxSampleKeys } : {}),
  });
  for (const e of collected.errors) report.error(e.error, e.bucket);
  const remaining = Math.max(MIN_CHECK_MS, o.deadline - Date.now() - REPORT_MARGIN_MS);
  const run = await checkRules(collected.targets, { ...o.check, allowPrivate: o.allowPrivate, signal: AbortSignal.timeout(remaining) });
  addRuleItems(report, run);
  report.count('buckets', collected.buckets.length);
  return report.finish();
}
