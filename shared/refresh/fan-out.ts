// A large bucket's scan fanned out: its key space cut into ranges (a plan saved in the state folder), each
// range queued as its own shard invocation; the shards scan, continue and aggregate (run-shard.ts).
import { savePlan, planShards } from './shards.ts';
import { shardInvocationId, shardPayload, type RunRequest } from './request.ts';
import type { RunContext, ScanClients } from './run-context.ts';

export interface FanOutOptions {
  req: RunRequest;
  bucket: string;
  runId: string;
  run: RunContext;
  clients: ScanClients;
}

export interface FanOutResult {
  runId: string;
  shards: number;
  queued: true;
}

export async function fanOut({ req, bucket, runId, run, clients }: FanOutOptions): Promise<FanOutResult> {
  const state = run.stateFor(bucket);
  const { client, stateClient } = await clients.of(bucket);
  const ranges = await planShards(client, { bucket, prefix: req.prefix ?? '', shards: req.shards });
  await savePlan(stateClient, state, { runId, bucket, ranges, createdAt: new Date().toISOString() });
  // shards are told the bucket's region: no shard asks GetBucketLocation again
  const region = client.region;
  for (const [index, range] of ranges.entries()) {
    const shard = { runId, index, total: ranges.length, range, region, dryRun: req.dryRun, strategy: req.strategy, part: 0 };
    await run.queue(shardPayload(shard), shardInvocationId(shard));
  }
  run.log.info('refresh fanned out', { runId, bucket, shards: ranges.length });
  return { runId, shards: ranges.length, queued: true };
}
