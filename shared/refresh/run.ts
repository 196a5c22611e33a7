// A bucket's refresh run: the mirror rules (live website configuration unless given), the ranges to scan
// (the given prefix, or every Mirror rule's prefix), one run per bucket at a time (a lease in OSS), and the
// ranges scanned in order until the deadline.
import { acquireLease, type LeaseRecord } from '../state/lease.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';
import { getBucketWebsite } from '../oss/ops/website.ts';
import { refreshLeasesFolder } from '../state/keys.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { ReportItem } from '../report/model.ts';
import { refreshRange } from './scan.ts';
import { cleanLeftovers, TEMP_PREFIX } from './temp.ts';
import { ZERO_COUNTERS, type KeyRange, type RangeResult, type RefreshCounters, type RefreshRunOptions } from './types.ts';
import { codeOf } from '../errors/codes.ts';

export const DEFAULT_LEASE_TTL_MS = 20 * 60_000;

export interface RefreshBucketOptions extends Omit<RefreshRunOptions, 'range' | 'rules'> {
  bucket: string;
  /** Only this prefix; default every Mirror rule's prefix. */
  prefix?: string;
  /** Explicit key ranges (a fan-out shard); override `prefix`. */
  ranges?: KeyRange[];
  rules?: readonly RoutingRule[];
  /** Lease owner (the invocation's request id). */
  owner: string;
  leaseTtlMs?: number;
  /** Lease folder name (default the bucket; shards use their own). */
  leaseName?: string;
}

export interface BucketResult {
  bucket: string;
  complete: boolean;
  ranges: RangeResult[];
  counters: RefreshCounters;
  items: ReportItem[];
  itemsDropped: number;
  /** An OSS failure that ended the run after some ranges were reported. */
  errors?: Array<{ code: string; message: string }>;
  /** Set when another run holds the bucket's lease (nothing was done). */
  busy?: LeaseRecord | true;
}

/** The live routing rules of a bucket ([] without a website configuration). */
export async function liveRules(client: OssInvoker, bucket: string): Promise<RoutingRule[]> {
  try {
    return (await getBucketWebsite(client, { bucket })).routingRules ?? [];
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchWebsiteConfiguration')) return [];
    throw e;
  }
}

/** The key prefixes Mirror rules cover, without overlaps ('' when a rule has no prefix condition). */
export function mirrorPrefixes(rules: readonly RoutingRule[]): string[] {
  const all = rules.filter((r) => r.redirect.redirectType === 'Mirror').map((r) => r.condition?.keyPrefixEquals ?? '');
  const sorted = [...new Set(all)].sort();
  return sorted.filter((p, i) => !sorted.some((q, j) => j !== i && p.startsWith(q) && q !== p));
}

export function sumCounters(into: RefreshCounters, add: Partial<RefreshCounters>): RefreshCounters {
  for (const k of Object.keys(ZERO_COUNTERS) as Array<keyof RefreshCounters>) into[k] += add[k] ?? 0;
  return into;
}

export async function refreshBucket(opts: RefreshBucketOptions): Promise<BucketResult> {
  const stateClient = opts.stateClient ?? opts.client;
  const result: BucketResult = { bucket: opts.bucket, complete: true, ranges: [], counters: { ...ZERO_COUNTERS }, items: [], itemsDropped: 0 };
  const now = opts.now ?? Date.now;
  const ttl = opts.leaseTtlMs ?? (opts.deadline !== undefined ? Math.max(60_000, opts.deadline - now() + 60_000) : DEFAULT_LEASE_TTL_MS);
  const got = await acquireLease(stateClient, {
    bucket: opts.state.bucket, prefix: `${refreshLeasesFolder(opts.state.prefix)}${opts.leaseName ?? opts.bucket}/`, owner: opts.owner, runId: opts.runId, ttlMs: ttl,
  });
  if (!got.acquired) return { ...result, complete: false, busy: got.holder ?? true };
  try {
    if (!opts.ranges && !opts.dryRun) await removeLeftovers(opts.client, opts.bucket, now(), result);
    const rules = opts.rules ?? (await liveRules(opts.client, opts.bucket));
    const ranges: KeyRange[] = opts.ranges ?? (opts.prefix !== undefined ? [opts.prefix] : mirrorPrefixes(rules)).map((prefix) => ({ bucket: opts.bucket, prefix }));
    for (const range of ranges) {
      let r: RangeResult;
      try {
        r = await refreshRange({ ...opts, range, rules });
      } catch (err) {
        // nothing reported yet: fail as a whole (a shard's retry resumes from the range's checkpoint)
        if (result.ranges.length === 0 && result.items.length === 0) throw err;
        // ranges finished before keep their items; the failed range's are in its checkpoint for the next run
        (result.errors ??= []).push({ code: codeOf(err), message: (err as Error).message });
        result.complete = false;
        break;
      }
      result.ranges.push(r);
      sumCounters(result.counters, r.counters);
      result.items.push(...r.items);
      result.itemsDropped += r.itemsDropped;
      if (!r.complete) {
        result.complete = false;
        break;
      }
    }
    if (result.ranges.length < ranges.length) result.complete = false;
  } finally {
    try {
      await got.lease.release();
    } catch (err) {
      // the copies are refreshed whatever happens to the lease: report it with them, never instead of them
      result.items.push({ bucket: opts.bucket, code: 'LEASE_NOT_RELEASED', status: 'warn', message: `the bucket's lease was not released (${codeOf(err)}); other runs wait until it expires at ${got.lease.record.expiresAt}` });
    }
  }
  return result;
}

/** Temporary objects earlier runs could not remove (whole-bucket runs only: one cleaner per bucket at a time). */
async function removeLeftovers(client: OssInvoker, bucket: string, now: number, result: BucketResult): Promise<void> {
  const r = await cleanLeftovers(client, bucket, now);
  result.counters.tempCleaned += r.cleaned;
  if (r.cleaned > 0) result.items.push({ bucket, code: 'TEMP_CLEANED', status: 'ok', message: `removed ${r.cleaned} temporary object(s) left by earlier runs under ${TEMP_PREFIX}` });
  if (r.failed > 0 || r.error !== undefined) {
    result.items.push({ bucket, code: 'TEMP_LEFT', status: 'warn', message: `temporary objects left by earlier runs under ${TEMP_PREFIX} were not all removed (${r.failed} failed${r.error !== undefined ? `, listing: ${codeOf(r.error)}` : ''}); the next run tries again` });
  }
}

