// On-demand refresh: exactly the named keys, now, through the scan's own per-object path (refreshObject:
// the same evidence, confirmation, verified refetch or delete, caps) under the same bucket lease as the
// scan. Copies are found by listings of their prefixes; a key that is not in the bucket or that no
// Mirror rule covers is reported and left alone.
import { acquireLease } from '../state/lease.ts';
import { refreshLeasesFolder } from '../state/keys.ts';
import { createOriginSession } from '../net/index.ts';
import type { ReportItem } from '../report/model.ts';
import { refreshObject, type ObjectContext } from './object.ts';
import { createHeadMemory, originTargetFor } from './origin.ts';
import { createRateLimiter, runBounded } from './rate.ts';
import { DEFAULT_LEASE_TTL_MS, liveRules, type BucketResult } from './run.ts';
import {
  capsOf, DEFAULT_CONCURRENCY, DEFAULT_MAX_ITEMS, DEFAULT_ORIGIN_BUDGET_MS, DEFAULT_REFETCH_BUDGET_MS,
} from './scan.ts';
import { TEMP_PREFIX } from './temp.ts';
import { ZERO_COUNTERS, type RefreshRunOptions } from './types.ts';
import { findPresent } from './warm/presence.ts';

export interface RefreshKeysOptions extends Omit<RefreshRunOptions, 'range' | 'rules' | 'generation' | 'pageSize'> {
  bucket: string;
  /** Validated, de-duplicated, sorted (warm/key-list.ts normalizeKeys). */
  keys: readonly string[];
  rules?: RefreshRunOptions['rules'];
  owner: string;
}

export async function refreshKeys(o: RefreshKeysOptions): Promise<BucketResult> {
  const counters = { ...ZERO_COUNTERS };
  const result: BucketResult = { bucket: o.bucket, complete: true, ranges: [], counters, items: [], itemsDropped: 0 };
  const now = o.now ?? Date.now;
  const limits = o.limits ?? {};
  const maxItems = limits.maxItems ?? DEFAULT_MAX_ITEMS;
  const item = (i: Omit<ReportItem, 'bucket'>) => {
    if (result.items.length < maxItems) result.items.push({ bucket: o.bucket, ...i });
    else result.itemsDropped += 1;
  };
  const stateClient = o.stateClient ?? o.client;
  const got = await acquireLease(stateClient, { bucket: o.state.bucket, prefix: `${refreshLeasesFolder(o.state.prefix)}${o.bucket}/`, owner: o.owner, runId: o.runId, ttlMs: DEFAULT_LEASE_TTL_MS });
  if (!got.acquired) return { ...result, complete: false, busy: got.holder ?? true };
  const concurrency = limits.concurrency ?? DEFAULT_CONCURRENCY;
  // as many connections per origin as keys run at once (like the scan): hung requests cannot starve the others
  const session = createOriginSession({ ...o.net, connectionsPerOrigin: o.net?.connectionsPerOrigin ?? concurrency, budgetMs: o.originBudgetMs ?? DEFAULT_ORIGIN_BUDGET_MS });
  try {
    const rules = o.rules ?? (await liveRules(o.client, o.bucket));
    const found = await findPresent(o.client, o.bucket, o.keys, o.deadline);
    counters.listCalls += found.listCalls;
    const ctx: ObjectContext = {
      bucket: o.bucket, strategy: o.strategy ?? 'refetch', dryRun: o.dryRun === true, counters,
      origin: { session, limiter: createRateLimiter(limits.originQps), budgetMs: o.originBudgetMs ?? DEFAULT_ORIGIN_BUDGET_MS, countRequest: () => void (counters.originRequests += 1), headMemory: createHeadMemory() },
      oss: { client: o.client, limiter: createRateLimiter(limits.ossQps), countHead: () => void (counters.ossHeads += 1) },
      item,
      caps: capsOf(limits),
      reserved: { objects: 0, bytes: 0 },
      tempPrefix: TEMP_PREFIX, runId: o.runId, refetchBudgetMs: o.refetchBudgetMs ?? DEFAULT_REFETCH_BUDGET_MS,
      timeLeft: () => (o.deadline === undefined ? Infinity : o.deadline - now()),
    };
    const indices = o.keys.map((_, i) => i);
    const beforeDeadline = () => o.deadline === undefined || now() < o.deadline;
    const started = await runBounded(indices, concurrency, beforeDeadline, async (i) => {
      const key = o.keys[i]!;
      const copy = found.objects[i];
      counters.scanned += 1;
      // ossedge's own objects (temporary copies, state kept in this bucket) are never refreshed, as in the scan:
      // a catch-all Mirror rule would otherwise let the origin's bytes replace a lease, checkpoint or parked run
      if (key.startsWith(TEMP_PREFIX) || (o.state.bucket === o.bucket && key.startsWith(o.state.prefix))) {
        counters.skipped += 1;
        item({ target: key, code: 'OSSEDGE_OBJECT', status: 'warn', message: 'an object ossedge keeps for itself (state or a temporary copy); left as it is' });
        return;
      }
      const target = originTargetFor(rules, key);
      if (!copy || !target) {
        counters.skipped += 1;
        item(copy
          ? { target: key, code: 'NOT_MIRRORED', status: 'warn', message: 'no Mirror rule of the bucket covers this key; left as it is' }
          : { target: key, code: 'KEY_NOT_IN_BUCKET', status: 'warn', message: 'no copy in the bucket; nothing to refresh (the next GET mirrors it)' });
        return;
      }
      await refreshObject(ctx, { key, size: copy.size, ...(copy.etag ? { etag: copy.etag } : {}), ...(copy.lastModified ? { lastModified: copy.lastModified } : {}) }, target, undefined);
    });
    if (started < indices.length) {
      // named keys are few: a run that cannot finish them says so and fails rather than checkpointing
      counters.skipped += indices.length - started;
      item({ code: 'RUN_STOPPED', status: 'fail', message: `the deadline came before ${indices.length - started} of the keys; run them again` });
    }
  } finally {
    await session.close();
    await got.lease.release();
  }
  return result;
}
