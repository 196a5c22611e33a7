// Fan-out of a large warm-up over FC: the sorted list is cut into contiguous slices, each saved as its own
// list and run as its own warm-up (with its share of the run's budget, so the whole run keeps it); every
// slice records its counts when done, and the one that completes the set (claimed by create-if-absent)
// merges them into the run's one report.
import { createJson, readJson, writeJson } from '../../state/oss-json.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';
import type { Report } from '../../report/model.ts';
import type { StateLocation } from '../types.ts';
import { addWarmCounters, ZERO_WARM_COUNTERS, type WarmCounters } from './engine.ts';
import { warmReport } from './report.ts';
import { saveKeyList, type WarmCarry, type WarmRunRequest } from './run.ts';

export const MAX_WARM_SHARDS = 64;

const shardFolder = (state: StateLocation, runId: string) => `${state.prefix}warm/${runId}/shards/`;

/** The shard requests of a run: slices of `keys` (sorted), each with qps / shards. */
export async function planWarmShards(client: OssInvoker, state: StateLocation, runId: string, req: WarmRunRequest, keys: readonly string[], shards: number): Promise<WarmRunRequest[]> {
  const n = Math.max(1, Math.min(shards, MAX_WARM_SHARDS, keys.length));
  const out: WarmRunRequest[] = [];
  const { keys: _k, sitemap: _s, ...rest } = req;
  for (let i = 0; i < n; i++) {
    const slice = keys.slice(Math.floor((i * keys.length) / n), Math.floor(((i + 1) * keys.length) / n));
    const keysFrom = await saveKeyList(client, state, `${runId}/s${i}`, slice);
    out.push({ ...rest, keysFrom, listSource: keysFrom, ...(req.qps ? { qps: req.qps / n } : {}), ...(req.bytesPerSecond ? { bytesPerSecond: req.bytesPerSecond / n } : {}) });
  }
  return out;
}

/** Records shard `index` of `total`; the report when this shard completed the set (exactly one shard gets it). */
export async function recordWarmShard(client: OssInvoker, state: StateLocation, bucket: string, runId: string, shard: { index: number; total: number }, carry: WarmCarry, dryRun: boolean): Promise<Report | undefined> {
  const { index, total } = shard;
  const folder = shardFolder(state, runId);
  await writeJson(client, state.bucket, `${folder}${index}.json`, carry);
  const all: WarmCarry[] = [];
  for (let i = 0; i < total; i++) {
    const c = await readJson<WarmCarry>(client, state.bucket, `${folder}${i}.json`);
    if (!c) return undefined;
    all.push(c);
  }
  if (!(await createJson(client, state.bucket, `${folder}aggregate.json`, { by: index }))) return undefined;
  const counters: WarmCounters = { ...ZERO_WARM_COUNTERS };
  for (const c of all) addWarmCounters(counters, c.counters);
  const items = all.flatMap((c) => c.items).slice(0, 200);
  const dropped = all.reduce((s, c) => s + c.itemsDropped + c.items.length, 0) - items.length;
  const report = warmReport([{ bucket, complete: true, counters, items, itemsDropped: dropped }], { runId, dryRun, parts: all.reduce((s, c) => s + c.parts, 0), shards: total });
  return report;
}
