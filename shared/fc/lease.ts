import { randomBytes } from 'node:crypto';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { createJson, deleteQuietly, readJson, readJsonObject, writeJson } from './oss-json.ts';

/**
 * A lease is a chain of generation objects `<prefix><000000000001>.json`, each created with
 * `x-oss-forbid-overwrite`. The holder is the newest generation while it is neither released nor
 * expired. Taking over an expired or released generation N means creating N+1: OSS lets exactly one
 * creator win. A creator then lists once more and backs off if a newer generation exists (a contender
 * that acted on a stale listing), so two runs never both hold the lease. Only the holder writes its
 * own generation (renew, release); old generations are deleted by the next winner.
 */
export interface LeaseRecord {
  owner: string;
  token: string;
  generation: number;
  acquiredAt: string;
  expiresAt: string;
  released?: boolean;
}

export interface LeaseOptions {
  bucket: string;
  /** Folder of this lease, e.g. `_ossedge/leases/refresh-stale-objects/<bucket>/`. */
  prefix: string;
  owner: string;
  ttlMs: number;
  now?: () => number;
}

export interface Lease {
  readonly record: LeaseRecord;
  /** Extends the expiry; throws LeaseLostError when another run took over meanwhile. */
  renew(ttlMs?: number): Promise<void>;
  release(): Promise<void>;
}

export type LeaseResult = { acquired: true; lease: Lease } | { acquired: false; holder?: LeaseRecord };

export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  readonly code = 'LEASE_LOST';
}

const GEN_DIGITS = 12;
const MAX_ROUNDS = 4;
const GEN_KEY = /(\d{12})\.json$/;

function genKey(prefix: string, gen: number): string {
  return `${prefix}${String(gen).padStart(GEN_DIGITS, '0')}.json`;
}

async function generations(client: OssInvoker, bucket: string, prefix: string): Promise<number[]> {
  const gens: number[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await listObjectsV2Page(client, { bucket, prefix, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
    for (const o of res.contents) {
      const m = GEN_KEY.exec(o.key);
      if (m && o.key === genKey(prefix, Number(m[1]))) gens.push(Number(m[1]));
    }
    if (!res.isTruncated || !res.nextContinuationToken) break;
    token = res.nextContinuationToken;
  }
  return gens.sort((a, b) => a - b);
}

function active(r: LeaseRecord | undefined, now: number): boolean {
  return !!r && !r.released && Date.parse(r.expiresAt) > now;
}

export async function acquireLease(client: OssInvoker, options: LeaseOptions): Promise<LeaseResult> {
  const { bucket, prefix } = options;
  const now = options.now ?? Date.now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const gens = await generations(client, bucket, prefix);
    const top = gens.at(-1) ?? 0;
    if (top > 0) {
      const current = await readJsonObject<LeaseRecord>(client, bucket, genKey(prefix, top));
      if (!current.found) continue; // cleaned up between list and read: look again
      // an unreadable record (not JSON) holds nothing: the next generation takes over
      if (active(current.value, now())) return { acquired: false, holder: current.value! };
    }
    const gen = top + 1;
    const t = now();
    const record: LeaseRecord = {
      owner: options.owner, token: randomBytes(12).toString('hex'), generation: gen,
      acquiredAt: new Date(t).toISOString(), expiresAt: new Date(t + options.ttlMs).toISOString(),
    };
    if (!(await createJson(client, bucket, genKey(prefix, gen), record))) continue; // another run won gen
    const after = await generations(client, bucket, prefix);
    const newer = after.filter((g) => g > gen);
    if (newer.length > 0) {
      await writeJson(client, bucket, genKey(prefix, gen), { ...record, released: true });
      const holder = await readJson<LeaseRecord>(client, bucket, genKey(prefix, newer.at(-1)!));
      return holder ? { acquired: false, holder } : { acquired: false };
    }
    for (const old of after.filter((g) => g < gen - 1)) await deleteQuietly(client, bucket, genKey(prefix, old));
    return { acquired: true, lease: heldLease(client, options, record) };
  }
  return { acquired: false };
}

function heldLease(client: OssInvoker, options: LeaseOptions, initial: LeaseRecord): Lease {
  const now = options.now ?? Date.now;
  const key = genKey(options.prefix, initial.generation);
  let record = initial;
  return {
    get record() {
      return record;
    },
    async renew(ttlMs = options.ttlMs) {
      const next = { ...record, expiresAt: new Date(now() + ttlMs).toISOString() };
      await writeJson(client, options.bucket, key, next);
      const gens = await generations(client, options.bucket, options.prefix);
      if (gens.some((g) => g > record.generation)) throw new LeaseLostError(`lease ${options.prefix} was taken over`);
      record = next;
    },
    async release() {
      record = { ...record, released: true };
      await writeJson(client, options.bucket, key, record);
    },
  };
}

export type WithLeaseResult<T> = { ran: true; value: T } | { ran: false; holder?: LeaseRecord };

/** Runs `work` while holding the lease (released afterwards, also on error), or reports who holds it. */
export async function withLease<T>(client: OssInvoker, options: LeaseOptions, work: (lease: Lease) => Promise<T>): Promise<WithLeaseResult<T>> {
  const got = await acquireLease(client, options);
  if (!got.acquired) return got.holder ? { ran: false, holder: got.holder } : { ran: false };
  try {
    return { ran: true, value: await work(got.lease) };
  } finally {
    await got.lease.release();
  }
}
