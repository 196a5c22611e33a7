// Fan-out: a coordinator splits one bucket prefix into contiguous key ranges from a sample of the
// listing (common prefixes under a "/" delimiter, or keys), then each shard runs as its own async
// invocation. A shard stores its result under the run's folder; whoever stores the last one writes the
// aggregate (claimed with forbid-overwrite: exactly one writer, or that writer's own retry).
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { createJson, readJson } from '../state/oss-json.ts';
import { compareKeys } from './keys.ts';
import type { BucketResult } from './run.ts';
import { sumCounters } from './run.ts';
import { ZERO_COUNTERS, type KeyRange, type StateLocation } from './types.ts';

export const DEFAULT_SAMPLE_PAGES = 5;
/** Flat sampling reads at most this many pages (1,000 keys each: a million keys) for page-start boundaries. */
export const DEFAULT_MAX_FLAT_SAMPLE_PAGES = 1_000;

export interface ShardPlan {
  runId: string;
  bucket: string;
  ranges: KeyRange[];
  createdAt: string;
}

export interface PlanShardsInput {
  bucket: string;
  prefix: string;
  shards: number;
  /** Pages listed with delimiter "/" (default 5). */
  samplePages?: number;
  /** Pages of the flat listing read when the delimiter sample is too small or truncated (default 1,000). */
  maxFlatPages?: number;
  /** Keys per sample page (default 1,000). */
  pageSize?: number;
}

/**
 * Up to `shards` ranges covering `prefix` exactly once. Boundaries come from a sample: the common prefixes
 * and keys of a listing with delimiter "/" when it is complete and has enough entries; otherwise a few
 * keys spread over each page of the flat listing (four kept per page), spaced evenly.
 * Keys past a truncated flat sample fall into the last range.
 */
export async function planShards(client: OssInvoker, input: PlanShardsInput): Promise<KeyRange[]> {
  const pageSize = input.pageSize ?? 1000;
  const grouped: string[] = [];
  let token: string | undefined;
  let truncated = false;
  for (let p = 0; p < (input.samplePages ?? DEFAULT_SAMPLE_PAGES); p++) {
    const page = await listObjectsV2Page(client, { bucket: input.bucket, prefix: input.prefix, delimiter: '/', maxKeys: pageSize, ...(token ? { continuationToken: token } : {}) });
    grouped.push(...page.commonPrefixes, ...page.contents.map((o) => o.key));
    truncated = page.isTruncated && !!page.nextContinuationToken;
    if (!truncated) break;
    token = page.nextContinuationToken;
  }
  let sample = grouped.sort(compareKeys);
  if (truncated || sample.length < input.shards) {
    const starts: string[] = [];
    let next: string | undefined;
    for (let p = 0; p < (input.maxFlatPages ?? DEFAULT_MAX_FLAT_SAMPLE_PAGES); p++) {
      const page = await listObjectsV2Page(client, { bucket: input.bucket, prefix: input.prefix, maxKeys: pageSize, ...(next ? { continuationToken: next } : {}) });
      for (let i = 0; i < page.contents.length; i += Math.max(1, Math.floor(pageSize / 4))) starts.push(page.contents[i]!.key);
      if (!page.isTruncated || !page.nextContinuationToken) break;
      next = page.nextContinuationToken;
    }
    if (starts.length >= input.shards || starts.length > sample.length) sample = starts;
  }
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
/** The result shard `index` recorded, if it did: a retry of its invocation finds its range already done. */
export async function recordedShard(client: OssInvoker, state: StateLocation, runId: string, index: number): Promise<BucketResult | undefined> {
  return readJson<BucketResult>(client, state.bucket, shardKey(state, runId, index));
}

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

/**
 * True for exactly one invocation per run, FC's retries of it included: the one that writes the aggregate
 * report. A retry whose first attempt claimed it but failed before its report was stored takes it again.
 */
export async function claimAggregate(client: OssInvoker, state: StateLocation, runId: string, invocationId: string): Promise<boolean> {
  const key = `${runFolder(state, runId)}aggregated.json`;
  if (await createJson(client, state.bucket, key, { runId, invocationId, at: new Date().toISOString() })) return true;
  return (await readJson<{ invocationId?: unknown }>(client, state.bucket, key))?.invocationId === invocationId;
}

/** One bucket result from the shards' results. */
export function mergeShards(bucket: string, shards: readonly BucketResult[], maxItems: number): BucketResult {
  const out: BucketResult = { bucket, complete: shards.every((s) => s.complete), ranges: [], counters: { ...ZERO_COUNTERS }, items: [], itemsDropped: 0 };
  for (const s of shards) {
    sumCounters(out.counters, s.counters);
    out.ranges.push(...s.ranges);
    out.itemsDropped += s.itemsDropped;
    if (s.errors?.length) (out.errors ??= []).push(...s.errors);
    for (const item of s.items) {
      if (out.items.length < maxItems) out.items.push(item);
      else out.itemsDropped += 1;
    }
  }
  return out;
}
