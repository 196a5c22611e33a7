// A bucket's warm-up: keys no Mirror rule covers are reported as unmapped, keys already in the bucket are
// skipped (found by listings), and every other key is fetched once by OSS's own mirroring at the run's
// budget, backing off on the mirror quota's 503s and on origin failures without losing a key.
import { matchRoutingRule, mirrorsMethod } from '../../mirror/index.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';
import type { RoutingRule } from '../../oss/models/website.ts';
import type { ReportItem } from '../../report/model.ts';
import { compareKeys } from '../keys.ts';
import { runBounded } from '../rate.ts';
import { createPacer, DEFAULT_WARM_BYTES_PER_SECOND, DEFAULT_WARM_QPS, type Pacer } from './pacer.ts';
import { findPresent } from './presence.ts';
import { warmKey } from './warm-key.ts';

export const DEFAULT_WARM_CONCURRENCY = 16;
/** A throttled key is tried again this many times (the quota clears; a key is not given up lightly). */
export const MAX_THROTTLED_ATTEMPTS = 30;
/** An origin failure is tried again this many times. */
export const MAX_FAILED_ATTEMPTS = 5;
export const DEFAULT_WARM_MAX_ITEMS = 200;
/** No new key starts this close to the deadline: the run checkpoints instead. */
const DEADLINE_MARGIN_MS = 2_000;

export interface WarmCounters {
  keys: number;
  warmed: number;
  present: number;
  unmapped: number;
  failed: number;
  /** 503 answers (each one a request OSS refused and the run repeated later). */
  throttled: number;
  /** Attempts repeated after an origin failure. */
  retried: number;
  bytes: number;
  /** Keys a dry run would warm. */
  wouldWarm: number;
  ossRequests: number;
  listCalls: number;
}

export const ZERO_WARM_COUNTERS: Readonly<WarmCounters> = Object.freeze({
  keys: 0, warmed: 0, present: 0, unmapped: 0, failed: 0, throttled: 0, retried: 0, bytes: 0, wouldWarm: 0, ossRequests: 0, listCalls: 0,
});

/** Adds `from` into `into` (a counter missing from a stored carry counts as 0). */
export function addWarmCounters(into: WarmCounters, from: Partial<WarmCounters>): WarmCounters {
  for (const k of Object.keys(ZERO_WARM_COUNTERS) as Array<keyof WarmCounters>) into[k] += from[k] ?? 0;
  return into;
}

export interface WarmOptions {
  /** Listings (may retry by itself). */
  client: OssInvoker;
  /** The warm GETs: a client that does not retry, so each 503 is seen, counted and paced. */
  warmClient: OssInvoker;
  bucket: string;
  rules: readonly RoutingRule[];
  /** Validated, de-duplicated, sorted (key-list.ts normalizeKeys). */
  keys: readonly string[];
  qps?: number;
  bytesPerSecond?: number;
  concurrency?: number;
  deadline?: number;
  dryRun?: boolean;
  maxItems?: number;
  now?: () => number;
  /** Keys an earlier part of the run warmed past where it stopped: counted as warmed, not present. */
  warmedEarlier?: ReadonlySet<string>;
  /** Test seam: a pacer with a fake clock. */
  pacer?: Pacer;
}

export interface WarmResult {
  bucket: string;
  /** false: stopped before the deadline; `resumeAt` is the first key not finished. */
  complete: boolean;
  resumeAt?: string;
  /** Keys from `resumeAt` on that this part already warmed (the next part's `warmedEarlier`). */
  warmedAfter?: string[];
  counters: WarmCounters;
  items: ReportItem[];
  itemsDropped: number;
}

/** The Mirror rule OSS would run for a GET of a missing `key` (undefined: warming it cannot work). */
export function mirrorRuleFor(rules: readonly RoutingRule[], key: string): RoutingRule | undefined {
  const rule = matchRoutingRule(rules, { key, httpStatus: 404 });
  return rule && rule.redirect.redirectType === 'Mirror' && mirrorsMethod(rule.redirect, 'GET') ? rule : undefined;
}

export async function warmBucket(o: WarmOptions): Promise<WarmResult> {
  const now = o.now ?? Date.now;
  const counters: WarmCounters = { ...ZERO_WARM_COUNTERS, keys: o.keys.length };
  const result: WarmResult = { bucket: o.bucket, complete: true, counters, items: [], itemsDropped: 0 };
  const maxItems = o.maxItems ?? DEFAULT_WARM_MAX_ITEMS;
  const item = (i: Omit<ReportItem, 'bucket'>) => {
    if (result.items.length < maxItems) result.items.push({ bucket: o.bucket, ...i });
    else result.itemsDropped++;
  };

  const mapped: string[] = [];
  for (const key of o.keys) {
    if (mirrorRuleFor(o.rules, key)) mapped.push(key);
    else {
      counters.unmapped++;
      item({ target: key, code: 'WARM_UNMAPPED', status: 'warn', message: 'no Mirror rule of the bucket covers this key; not warmed' });
    }
  }
  const found = await findPresent(o.client, o.bucket, mapped, o.deadline);
  counters.listCalls += found.listCalls;
  counters.ossRequests += found.listCalls;
  const missing = mapped.filter((_, i) => !found.present[i]);
  const earlier = mapped.filter((k, i) => found.present[i] && o.warmedEarlier?.has(k)).length;
  counters.present = mapped.length - missing.length - earlier;
  counters.warmed += earlier;
  if (o.dryRun) {
    counters.wouldWarm = missing.length;
    return result;
  }

  const pacer = o.pacer ?? createPacer({ qps: o.qps ?? DEFAULT_WARM_QPS, bytesPerSecond: o.bytesPerSecond ?? DEFAULT_WARM_BYTES_PER_SECOND });
  const timeLeft = () => (o.deadline === undefined ? Infinity : o.deadline - now());
  const deferred: string[] = [];
  const outcome = new Map<string, 'warmed' | 'failed'>();

  const warmOne = async (key: string): Promise<void> => {
    let throttled = 0;
    let failures = 0;
    for (;;) {
      if (timeLeft() < DEADLINE_MARGIN_MS) {
        deferred.push(key);
        return;
      }
      await pacer.take();
      counters.ossRequests++;
      const out = await warmKey(o.warmClient, o.bucket, key, o.deadline);
      if (out.kind === 'warmed') {
        counters.warmed++;
        outcome.set(key, 'warmed');
        counters.bytes += out.bytes;
        pacer.spend(out.bytes);
        pacer.ok();
        return;
      }
      if (out.kind === 'failed') {
        counters.failed++;
        outcome.set(key, 'failed');
        item({ target: key, code: out.code === 'ORIGIN_NOT_FOUND' ? 'ORIGIN_NOT_FOUND' : 'WARM_REFUSED', status: 'fail', message: out.message, data: { ossCode: out.code } });
        return;
      }
      if (out.kind === 'throttled') {
        counters.throttled++;
        if (++throttled >= MAX_THROTTLED_ATTEMPTS) {
          counters.failed++;
          outcome.set(key, 'failed');
          item({ target: key, code: 'WARM_THROTTLED', status: 'fail', message: `OSS refused mirroring this key ${throttled} times (503, the mirror quota)`, data: { ossCode: out.code } });
          return;
        }
        pacer.backoff(throttled);
        continue;
      }
      pacer.spend(out.bytes);
      if (++failures >= MAX_FAILED_ATTEMPTS) {
        counters.failed++;
        outcome.set(key, 'failed');
        item({ target: key, code: 'WARM_FAILED', status: 'fail', message: `mirroring failed ${failures} times: ${out.message}`, data: { ossCode: out.code } });
        return;
      }
      counters.retried++;
      pacer.backoff(failures);
    }
  };

  const started = await runBounded(missing, o.concurrency ?? DEFAULT_WARM_CONCURRENCY, () => timeLeft() >= DEADLINE_MARGIN_MS, warmOne);
  const unfinished = [...deferred, ...(started < missing.length ? [missing[started]!] : [])].sort(compareKeys);
  if (unfinished.length) settleBefore(result, unfinished[0]!, o.keys, mapped, found.present, outcome, o.warmedEarlier);
  return result;
}

/**
 * An unfinished part counts only the keys before `resumeAt`: the next part starts there and counts the
 * rest, so the parts add up to the list (a key warmed here past `resumeAt` is `present` next time).
 * Requests, throttles and bytes stay: they happened.
 */
function settleBefore(
  result: WarmResult, resumeAt: string, keys: readonly string[], mapped: readonly string[], present: readonly boolean[],
  outcome: ReadonlyMap<string, 'warmed' | 'failed'>, warmedEarlier: ReadonlySet<string> | undefined,
): void {
  const before = (k: string) => compareKeys(k, resumeAt) < 0;
  const c = result.counters;
  const mappedBefore = mapped.filter(before).length;
  c.keys = keys.filter(before).length;
  c.unmapped = c.keys - mappedBefore;
  const earlierBefore = mapped.filter((k, i) => present[i] && before(k) && warmedEarlier?.has(k)).length;
  c.present = mapped.filter((k, i) => present[i] && before(k)).length - earlierBefore;
  c.warmed = earlierBefore;
  c.failed = 0;
  result.warmedAfter = [];
  for (const [k, v] of outcome) {
    if (before(k)) c[v]++;
    else if (v === 'warmed') result.warmedAfter.push(k);
  }
  result.items = result.items.filter((i) => i.target === undefined || before(i.target));
  result.complete = false;
  result.resumeAt = resumeAt;
}
