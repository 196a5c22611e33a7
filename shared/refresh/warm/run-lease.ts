// One warm-up run per bucket at a time: two runs would each GET every missing key (twice the origin
// requests, twice the share of the account's mirror quota) and neither's budget would hold. A run holds
// a lease at `<state>leases/<bucket>~warm/` (shared/state/lease.ts) from its first invocation to its
// report. The lease record names the run, so every invocation of that run (its continuation parts, its
// fan-out shards) joins it and extends it to its own end plus the wait of a queued continuation; any
// other run finds the bucket busy. `ossedge lease show|break --job refresh-stale-objects --bucket B` sees it.
import { acquireLease, isLeaseActive, leaseGenerationKey, leaseGenerations, type LeaseRecord } from '../../state/lease.ts';
import { readJsonObject, writeJson } from '../../state/oss-json.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';
import type { StateLocation } from '../types.ts';
import { ZERO_WARM_COUNTERS, type WarmResult } from './engine.ts';

/** How long a lease outlives the invocation that last extended it: a queued continuation starts within it. */
export const WARM_LEASE_GAP_MS = 5 * 60_000;
const ROUNDS = 8;

export const warmLeasePrefix = (state: StateLocation, bucket: string): string => `${state.prefix}leases/${bucket}~warm/`;

export type WarmLeaseEntry = { held: true } | { held: false; holder?: LeaseRecord };

export interface WarmLeaseOptions {
  bucket: string;
  runId: string;
  /** The invocation's request id. */
  owner: string;
  /** Until when (ms since epoch) this invocation needs the bucket: its deadline plus WARM_LEASE_GAP_MS. */
  until: number;
  now?: () => number;
}

async function newest(client: OssInvoker, state: StateLocation, prefix: string): Promise<LeaseRecord | undefined> {
  const top = (await leaseGenerations(client, state.bucket, prefix)).at(-1);
  if (top === undefined) return undefined;
  const r = await readJsonObject<LeaseRecord>(client, state.bucket, leaseGenerationKey(prefix, top));
  return r.found ? r.value : undefined;
}

/** Takes the bucket's warm-up lease for run `runId`, or joins (and extends) the one the run already holds. */
export async function enterWarmLease(client: OssInvoker, state: StateLocation, o: WarmLeaseOptions): Promise<WarmLeaseEntry> {
  const now = o.now ?? Date.now;
  const prefix = warmLeasePrefix(state, o.bucket);
  for (let round = 0; round < ROUNDS; round++) {
    const got = await acquireLease(client, { bucket: state.bucket, prefix, owner: o.owner, runId: o.runId, ttlMs: Math.max(0, o.until - now()), now });
    if (got.acquired) return { held: true };
    if (!got.holder) continue; // lost a race for the next generation: look again
    if (got.holder.runId !== o.runId) return { held: false, holder: got.holder };
    // the run's own lease (an earlier part, a sibling shard): make it last at least to this invocation's end.
    // Shards extend it side by side; one that wrote a later expiry than ours is read back and kept.
    const key = leaseGenerationKey(prefix, got.holder.generation);
    let record: LeaseRecord | undefined = got.holder;
    for (let tries = 0; tries < 3 && record && Date.parse(record.expiresAt) < o.until; tries++) {
      await writeJson(client, state.bucket, key, { ...record, expiresAt: new Date(o.until).toISOString() });
      const back = await readJsonObject<LeaseRecord>(client, state.bucket, key);
      record = back.found ? back.value : undefined;
    }
    const current = await newest(client, state, prefix);
    if (current?.runId === o.runId && isLeaseActive(current, now())) return { held: true };
    if (current && isLeaseActive(current, now())) return { held: false, holder: current };
  }
  return { held: false };
}

/** Ends run `runId`'s lease (its last invocation); a lease another run holds is left alone. */
export async function leaveWarmLease(client: OssInvoker, state: StateLocation, bucket: string, runId: string): Promise<void> {
  const prefix = warmLeasePrefix(state, bucket);
  const current = await newest(client, state, prefix);
  if (!current || current.runId !== runId || current.released) return;
  await writeJson(client, state.bucket, leaseGenerationKey(prefix, current.generation), { ...current, released: true });
}

/** What a run that found the bucket held by another warm-up did: nothing, and one item saying why. */
export function busyResult(bucket: string, holder: LeaseRecord | undefined): WarmResult {
  const by = holder?.runId ? ` (${holder.runId}, until ${holder.expiresAt})` : '';
  return {
    bucket, complete: true, counters: { ...ZERO_WARM_COUNTERS }, itemsDropped: 0,
    items: [{ bucket, code: 'BUCKET_BUSY', status: 'warn', message: `another warm-up run${by} holds this bucket; not warmed` }],
  };
}
