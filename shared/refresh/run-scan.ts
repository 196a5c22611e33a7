// A scan run: the named buckets with their live rules, or for a timer without names every bucket of
// ossedge.yaml with Mirror rules; each refreshed in turn into one report, or one bucket fanned out over
// shards (fan-out.ts).
import type { OssedgeConfig } from '../config/index.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import { newRunId, type Report } from '../report/model.ts';
import { RefreshRequestError } from './errors.ts';
import { fanOut, type FanOutResult } from './fan-out.ts';
import { refreshReport } from './report.ts';
import type { RunRequest } from './request.ts';
import type { RunContext } from './run-context.ts';
import { refreshBucket, type BucketResult } from './run.ts';

export interface ScanOptions {
  req: RunRequest;
  run: RunContext;
  /** A timer's run without buckets takes OSSEDGE_CONFIG's. */
  timer: boolean;
}

type ScanTarget = { name: string; rules?: RoutingRule[] };

/** Named buckets use their live rules; a timer run without names takes ossedge.yaml's buckets and rules. */
async function bucketsOf({ req, run, timer }: ScanOptions): Promise<{ buckets: ScanTarget[]; config?: OssedgeConfig }> {
  if (req.buckets?.length) return { buckets: req.buckets.map((name) => ({ name })) };
  if (!timer || !run.config) throw new RefreshRequestError('NO_BUCKET', 'name a bucket (bucket=...)');
  const config = await run.config();
  const buckets = config.buckets
    .map((b) => ({ name: b.name, rules: b.website?.config.routingRules ?? [] }))
    .filter((b) => b.rules.some((r) => r.redirect.redirectType === 'Mirror'));
  return { buckets, config };
}

export async function runScan(options: ScanOptions): Promise<Report | FanOutResult> {
  const { req, run } = options;
  const runId = newRunId();
  const { buckets, config } = await bucketsOf(options);
  const clients = run.scanClients(config);
  if (req.shards > 1) return fanOut({ req, bucket: buckets[0]!.name, runId, run, clients });
  const results: BucketResult[] = [];
  const errors: Array<{ error: unknown; bucket: string }> = [];
  for (const { name: bucket, rules } of buckets) {
    try {
      results.push(await refreshBucket({
        ...(await clients.of(bucket)), state: run.stateFor(bucket), bucket, ...(rules ? { rules } : {}), ...(req.prefix !== undefined ? { prefix: req.prefix } : {}),
        strategy: req.strategy, dryRun: req.dryRun, ...run.common(runId),
      }));
    } catch (error) {
      errors.push({ error, bucket });
    }
  }
  const report = refreshReport(results, { runId, dryRun: req.dryRun, strategy: req.strategy }, errors);
  await run.store(report);
  return report;
}
