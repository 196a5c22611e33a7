// One range of one bucket: stream ListObjectsV2 pages (one page in memory), judge each copy against its
// origin with bounded concurrency, write the manifest a segment per page, and checkpoint before the
// deadline. Resumes from a stored checkpoint; a range scanned to its end commits its manifest and
// clears the checkpoint.
import { createOriginSession } from '../net/index.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { ReportItem } from '../report/model.ts';
import { checkpointKey, clearCheckpoint, readCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.ts';
import { compareKeys, rangeId } from './keys.ts';
import { currentGeneration, manifestFolder, ManifestReader, ManifestWriter, type ManifestEntry } from './manifest.ts';
import { refreshObject, type ObjectContext } from './object.ts';
import { createHeadMemory, originTargetFor } from './origin.ts';
import { createRateLimiter, runBounded } from './rate.ts';
import { TEMP_PREFIX } from './temp.ts';
import { ZERO_COUNTERS, type RangeResult, type RefreshRunOptions } from './types.ts';
import { codeOf } from '../errors/codes.ts';

export const DEFAULT_PAGE_SIZE = 1000;
export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_MAX_ITEMS = 200;
export const DEFAULT_CONFIRM_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_OBJECT_BYTES = 1024 * 1024 * 1024;

/** A run's caps with their defaults (the scan's and on-demand refresh's alike). */
export function capsOf(limits: { maxObjects?: number; maxBytes?: number; confirmMaxBytes?: number; maxObjectBytes?: number }): ObjectContext['caps'] {
  return {
    maxObjects: limits.maxObjects ?? Infinity, maxBytes: limits.maxBytes ?? Infinity,
    confirmMaxBytes: limits.confirmMaxBytes ?? DEFAULT_CONFIRM_MAX_BYTES, maxObjectBytes: limits.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
  };
}
export const DEFAULT_ORIGIN_BUDGET_MS = 10_000;
export const DEFAULT_REFETCH_BUDGET_MS = 120_000;
/** How often a long range stores its checkpoint even before the deadline. */
export const CHECKPOINT_EVERY_MS = 60_000;

export async function refreshRange(opts: RefreshRunOptions): Promise<RangeResult> {
  const { client, range } = opts;
  const stateClient = opts.stateClient ?? client;
  const now = opts.now ?? Date.now;
  const limits = opts.limits ?? {};
  const id = rangeId(range);
  const cpKey = checkpointKey(opts.state.prefix, id);
  const folder = manifestFolder(opts.state.prefix, id);
  const found = await readCheckpoint(stateClient, opts.state.bucket, cpKey);
  const previousGen = await currentGeneration(stateClient, opts.state.bucket, folder);
  // a checkpoint of the committed generation is one a finished run could not delete: nothing to resume
  const saved = found && found.generation !== previousGen ? found : undefined;
  let checkpointed = found !== undefined;
  const generation = saved?.generation ?? opts.generation ?? opts.runId;
  const counters = { ...ZERO_COUNTERS, ...saved?.counters };
  const items: ReportItem[] = saved?.items ?? [];
  let dropped = saved?.itemsDropped ?? 0;
  const maxItems = limits.maxItems ?? DEFAULT_MAX_ITEMS;
  const reader = new ManifestReader(stateClient, opts.state.bucket, folder, previousGen === generation ? undefined : previousGen);
  const writer = new ManifestWriter(stateClient, opts.state.bucket, folder, generation, saved?.seq ?? 0);
  const concurrency = limits.concurrency ?? DEFAULT_CONCURRENCY;
  // as many connections per origin as objects run at once: requests that hang must not hold the pool while
  // the other objects of that origin time out in its queue (a caller's own `net.connectionsPerOrigin` wins)
  const session = createOriginSession({ ...opts.net, connectionsPerOrigin: opts.net?.connectionsPerOrigin ?? concurrency, budgetMs: opts.originBudgetMs ?? DEFAULT_ORIGIN_BUDGET_MS });
  const ossLimiter = createRateLimiter(limits.ossQps);
  const ctx: ObjectContext = {
    bucket: range.bucket, strategy: opts.strategy ?? 'refetch', dryRun: opts.dryRun === true, counters,
    origin: { session, limiter: createRateLimiter(limits.originQps), budgetMs: opts.originBudgetMs ?? DEFAULT_ORIGIN_BUDGET_MS, countRequest: () => void (counters.originRequests += 1), headMemory: createHeadMemory() },
    oss: { client, limiter: ossLimiter, countHead: () => void (counters.ossHeads += 1) },
    item: (i) => {
      if (items.length < maxItems) items.push({ bucket: range.bucket, ...i });
      else dropped += 1;
    },
    caps: capsOf(limits),
    reserved: { objects: 0, bytes: 0 },
    tempPrefix: TEMP_PREFIX, runId: opts.runId, refetchBudgetMs: opts.refetchBudgetMs ?? DEFAULT_REFETCH_BUDGET_MS,
    timeLeft: () => (opts.deadline === undefined ? Infinity : opts.deadline - now()),
  };
  const beforeDeadline = () => opts.deadline === undefined || now() < opts.deadline;
  let lastKey = saved?.lastKey;
  // ListObjectsV2 has only an exclusive start-after: start just below startAt and drop what sorts before it
  let listFrom = lastKey ?? (range.startAt ? range.startAt.slice(0, -1) || undefined : undefined);
  let complete = false;
  const checkpoint = async (): Promise<void> => {
    const cp: Checkpoint = {
      v: 1, runId: saved?.runId ?? opts.runId, ...(lastKey !== undefined ? { lastKey } : {}), generation, seq: writer.seq,
      counters, items, itemsDropped: dropped, savedAt: new Date(now()).toISOString(),
    };
    await saveCheckpoint(stateClient, opts.state.bucket, cpKey, cp);
    checkpointed = true;
  };
  let lastSaved = now();
  try {
    for (let pages = 0; pages < 1_000_000; pages++) {
      if (!beforeDeadline()) break;
      await ossLimiter.take();
      counters.listCalls += 1;
      const page = await listObjectsV2Page(client, {
        bucket: range.bucket, prefix: range.prefix, maxKeys: opts.pageSize ?? DEFAULT_PAGE_SIZE, ...(listFrom !== undefined ? { startAfter: listFrom } : {}),
      });
      const listed = page.contents;
      const all = range.startAt !== undefined && lastKey === undefined ? listed.filter((o) => compareKeys(o.key, range.startAt!) >= 0) : listed;
      const end = range.endBefore === undefined ? all.length : firstAtOrAfter(all, range.endBefore);
      const inRange = end === all.length ? all : all.slice(0, end);
      const entries: Array<ManifestEntry | undefined> = new Array(inRange.length);
      const lookups: Array<ManifestEntry | undefined> = [];
      for (const o of inRange) lookups.push(await reader.lookup(o.key));
      const started = await runBounded(inRange, concurrency, beforeDeadline, async (o, i) => {
        counters.scanned += 1;
        if (o.key.startsWith(TEMP_PREFIX) || (opts.state.bucket === range.bucket && o.key.startsWith(opts.state.prefix))) {
          counters.skipped += 1;
          return;
        }
        const target = originTargetFor(opts.rules, o.key);
        if (!target) {
          counters.skipped += 1;
          return;
        }
        entries[i] = await refreshObject(ctx, { key: o.key, size: o.size, ...(o.etag ? { etag: o.etag } : {}), ...(o.lastModified ? { lastModified: o.lastModified } : {}) }, target, lookups[i]);
      });
      for (let i = 0; i < started; i++) if (entries[i]) writer.add(entries[i]!);
      if (started > 0) lastKey = inRange[started - 1]!.key;
      listFrom = lastKey ?? listed.at(-1)?.key ?? listFrom;
      await writer.flush();
      if (started < inRange.length) break; // deadline
      if (end < all.length || !page.isTruncated) {
        complete = true;
        break;
      }
      // a periodic checkpoint bounds what a hard stop (the runtime killing the instance) can lose
      if (now() - lastSaved >= CHECKPOINT_EVERY_MS) {
        await checkpoint();
        lastSaved = now();
      }
    }
  } catch (err) {
    // an OSS failure mid-run: keep the progress so a retry resumes after the last finished key
    await checkpoint().catch(() => undefined);
    throw err;
  } finally {
    await session.close();
  }
  // the work is done: a failure from here on is reported beside the items, never instead of them
  const quietly = async (code: string, consequence: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (err) {
      ctx.item({ target: range.prefix, code, status: 'warn', message: `${consequence} (${codeOf(err)}: ${(err as Error).message})` });
    }
  };
  if (complete) {
    await quietly('MANIFEST_NOT_COMMITTED', 'the manifest of this run was not committed; the next run judges without it', async () => {
      const { notPruned } = await writer.commit();
      if (notPruned > 0) ctx.item({ target: range.prefix, code: 'MANIFEST_NOT_PRUNED', status: 'warn', message: `${notPruned} segment(s) of older manifest generations were not deleted; the next commit tries again` });
    });
    if (checkpointed) await quietly('CHECKPOINT_NOT_CLEARED', 'the checkpoint was not removed; the next run ignores it once the manifest is committed', () => clearCheckpoint(stateClient, opts.state.bucket, cpKey));
  } else {
    await quietly('CHECKPOINT_NOT_SAVED', 'progress was not saved; the next run scans this range again', checkpoint);
  }
  return { range, complete, resumed: saved !== undefined, counters, items, itemsDropped: dropped };
}


function firstAtOrAfter(list: ReadonlyArray<{ key: string }>, bound: string): number {
  for (let i = 0; i < list.length; i++) if (compareKeys(list[i]!.key, bound) >= 0) return i;
  return list.length;
}
