// Looking at and breaking leases (`ossedge lease show | list | break`). A run killed while it holds a lease
// blocks its job on that bucket until the lease expires; breaking ends exactly the generation that was read
// and never a lease that a new run took in the meantime.
import { randomBytes } from 'node:crypto';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { isLeaseActive, leaseGenerationKey, leaseGenerations, type LeaseRecord } from './lease.ts';
import { createJson, readJsonObject } from './oss-json.ts';

/** Where one lease lives: its folder of generation objects. */
export interface LeaseAt {
  bucket: string;
  /** Ends with "/". */
  prefix: string;
}

/** The newest generation of a lease: 0 when none was ever taken; `record` absent when it is not readable JSON. */
export interface LeaseState {
  generation: number;
  record?: LeaseRecord;
  held: boolean;
}

export type BreakResult =
  | { broken: true; generation: number; record?: LeaseRecord }
  /** NOT_HELD: nothing to break; LEASE_CHANGED: another run took the lease after it was read (left alone). */
  | { broken: false; reason: 'NOT_HELD' | 'LEASE_CHANGED'; state: LeaseState };

const READ_ROUNDS = 4;
const MAX_FOLDER_PAGES = 100;

/** Reads the newest generation (listed again when it vanished between the listing and the read). */
export async function readLeaseState(client: OssInvoker, at: LeaseAt, now: number = Date.now()): Promise<LeaseState> {
  for (let round = 0; round < READ_ROUNDS; round++) {
    const top = (await leaseGenerations(client, at.bucket, at.prefix)).at(-1) ?? 0;
    if (top === 0) return { generation: 0, held: false };
    const got = await readJsonObject<LeaseRecord>(client, at.bucket, leaseGenerationKey(at.prefix, top));
    if (!got.found) continue;
    return { generation: top, ...(got.value ? { record: got.value } : {}), held: isLeaseActive(got.value, now) };
  }
  return { generation: 0, held: false };
}

export interface BreakOptions {
  /** Who breaks it (recorded in the breaking generation). */
  by: string;
  /** Break only this generation (what the operator was shown); default the one read now. */
  generation?: number;
  now?: () => number;
}

/**
 * Ends the lease's current generation N by creating N+1, already released, with forbid-overwrite: when a new
 * run took the lease after N was read, it owns N+1 and the create fails, so that run keeps its lease. A holder
 * that is still alive learns it lost the lease at its next renewal (LeaseLostError).
 */
export async function breakLease(client: OssInvoker, at: LeaseAt, options: BreakOptions): Promise<BreakResult> {
  const now = options.now ?? Date.now;
  const state = await readLeaseState(client, at, now());
  if (options.generation !== undefined && state.generation !== options.generation) return { broken: false, reason: 'LEASE_CHANGED', state };
  if (!state.held) return { broken: false, reason: 'NOT_HELD', state };
  const t = new Date(now()).toISOString();
  const marker: LeaseRecord = {
    owner: options.by, token: randomBytes(12).toString('hex'), generation: state.generation + 1,
    acquiredAt: t, expiresAt: t, released: true, breaks: state.generation,
  };
  if (!(await createJson(client, at.bucket, leaseGenerationKey(at.prefix, marker.generation), marker))) {
    return { broken: false, reason: 'LEASE_CHANGED', state: await readLeaseState(client, at, now()) };
  }
  return { broken: true, generation: state.generation, ...(state.record ? { record: state.record } : {}) };
}

/** The lease folders directly under `parent` (one per bucket, or per bucket range), sorted. */
export async function leaseFolders(client: OssInvoker, bucket: string, parent: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_FOLDER_PAGES; page++) {
    const res = await listObjectsV2Page(client, { bucket, prefix: parent, delimiter: '/', maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
    out.push(...res.commonPrefixes);
    if (!res.isTruncated || !res.nextContinuationToken) break;
    token = res.nextContinuationToken;
  }
  return out.sort();
}
