// Fan-out: a coordinator splits one bucket prefix into contiguous key ranges from a sample of the
// listing (common prefixes under a "/" delimiter, or keys), then each shard runs as its own async
// invocation. A shard stores its result under the run's folder; whoever stores the last one writes the
// aggregate (created with forbid-overwrite: exactly one writer).
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { createJson, readJson } from '../fc/oss-json.ts';
import { compareKeys } from './keys.ts';
import type { BucketResult } from './run.ts';
import { sumCounters } from './run.ts';
import { ZERO_COUNTERS, type KeyRange, type StateLocation } from './types.ts';

export const DEFAULT_SAMPLE_PAGES = 5;

export interface ShardPlan {
  runId: string;
  bucket: string;
  ranges: KeyRange[];
  createdAt: string;
}

/**
 * Up to `shards` ranges covering `prefix` exactly once. Boundaries come from a sample: the first
 * `samplePages` pages listed with delimiter "/" (common prefixes and keys, in order); keys past the sample
 * fall into the last range.
 */
export async function planShards(client: OssInvoker, input: { bucket: string; prefix: string; shards: number; samplePages?: number }): Promise<KeyRange[]> {
  const sample: string[] = [];
  let token: string | undefined;
  for (let p = 0; p < (input.samplePages ?? DEFAULT_SAMPLE_PAGES); p++) {
    const page = await listObjectsV2Page(client, { bucket: input.bucket, prefix: input.prefix, delimiter: '/', maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
    sample.push(...page.commonPrefixes, ...page.contents.map((o) => o.key));
    if (!page.isTruncated || !page.nextContinuationToken) break;
    token = page.nextContinuationToken;
  }
  sample.sort(compareKeys);
  const n = Math.max(1, Math.min(input.shards, sample.length));
  const bounds: string[] = [];
  for (let k = 1; k < n; k++) {
    const b = sample[Math.floor((k * sample.length) / n)]!;
    if (bounds.at(-1) !== b) bounds.push(b);
  }
  const ranges: KeyRange[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    ranges.push({
      bucket: input.bucket, prefix: input.prefix,
      ...(i > 0 ? { startAt: bounds[i - 1]! } : {}),
      ...(i < bounds.length ? { endBefore: bounds[i]! } : {}),
    });
  }
  return ranges;
}

const runFolder = (state: StateLocation, runId: string) => `${state.prefix}runs/${runId}/`;
const shardKey = (state: StateLocation, runId: string, index: number) => `${runFolder(state, runId)}shard-${String(index).padStart(4, '0')}.json`;

export async function savePlan(client: OssInvoker, state: StateLocation, plan: ShardPlan): Promise<void> {
  await createJson(client, state.bucket, `${runFolder(state, plan.runId)}plan.json`, plan);
}

export async function readPlan(client: OssInvoker, state: StateLocation, runId: string): Promise<ShardPlan | undefined> {
  return readJson<ShardPlan>(client, state.bucket, `${runFolder(state, runId)}plan.json`);
}

/** Stores a finished shard's result (once); returns every shard's result when all are in, else undefined. */
export async function recordShard(client: OssInvoker, state: StateLocation, runId: string, index: number, result: BucketResult, total: number): Promise<BucketResult[] | undefined> {
  await createJson(client, state.bucket, shardKey(state, runId, index), result);
  const all: BucketResult[] = [];
  for (let i = 0; i < total; i++) {
    const r = await readJson<BucketResult>(client, state.bucket, shardKey(state, runId, i));
    if (!r) return undefined;
    all.push(r);
  }
  return all;
}

/** True for exactly one caller per run: the one that may write the aggregate report. */
export async function claimAggregate(client: OssInvoker, state: StateLocation, runId: string): Promise<boolean> {
  return createJson(client, state.bucket, `${runFolder(state, runId)}aggregated.json`, { runId, at: new Date().toISOString() });
}

/** One bucket result from the shards' results. */
export function mergeShards(bucket: string, shards: readonly BucketResult[], maxItems: number): BucketResult {
  const out: BucketResult = { bucket, complete: shards.every((s) => s.complete), ranges: [], counters: { ...ZERO_COUNTERS }, items: [], itemsDropped: 0 };
  for (const s of shards) {
    sumCounters(out.counters, s.counters);
    out.ranges.push(...s.ranges);
    out.itemsDropped += s.itemsDropped;
    for (const item of s.items) {
      if (out.items.length < maxItems) out.items.push(item);
      else out.itemsDropped += 1;
    }
  }
  return out;
}
