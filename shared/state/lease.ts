import { randomBytes } from 'node:crypto';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { createJson, deleteQuietly, readJson, readJsonObject, writeJson } from './oss-json.ts';
import { OssedgeError } from '../errors/base.ts';
import { OssClientError, OssServiceError } from '../oss/errors.ts';

/**
 * A lease is a chain of generation objects `<prefix><000000000001>.json`, each created with
 * `x-oss-forbid-overwrite`. The holder is the newest generation while it is neither released nor
 * expired. Taking over an expired or released generation N means creating N+1: OSS lets exactly one
 * creator win. A creator then lists once more and backs off if a newer generation exists (a contender
 * that acted on a stale listing), so two runs never both hold the lease. Only the holder writes its
 * own generation (renew, release); old generations are deleted by the next winner (best effort: one that
 * cannot be deleted is left for a later winner, it never holds the lease). A chain whose newest generations
 * were deleted (a lifecycle rule) can start again at 1 beside a run creating the old chain's next number:
 * a winner also backs off from a lower generation written after the one it took over and still held. Breaking a lease
 * (lease-break.ts) is winning the next generation already released.
 */
export interface LeaseRecord {
  owner: string;
  /** The run holding it (shown by `ossedge lease`), when the job has one. */
  runId?: string;
  token: string;
  generation: number;
  acquiredAt: string;
  expiresAt: string;
  released?: boolean;
  /** Set on a generation written by `breakLease`: the generation it ended. */
  breaks?: number;
}

export interface LeaseOptions {
  bucket: string;
  /** Folder of this lease, e.g. `_ossedge/leases/refresh-stale-objects/<bucket>/`. */
  prefix: string;
  owner: string;
  runId?: string;
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

export class LeaseLostError extends OssedgeError<'LEASE_LOST'> {
  override readonly name = 'LeaseLostError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('LEASE_LOST', message, options);
  }
}

const GEN_DIGITS = 12;
const MAX_ROUNDS = 4;
const GEN_KEY = /(\d{12})\.json$/;

/** How long a lease outlives the end of the invocation holding it: clock skew between the holder and the next run. */
export const LEASE_EXPIRY_MARGIN_MS = 30_000;

/**
 * A TTL that ends when the holding invocation must have ended (FC stops it at its timeout), plus the margin:
 * a killed or timed-out run blocks the next one no longer than that, and a live one is never overtaken.
 */
export function leaseTtlUntil(invocationEnd: number, now: number, marginMs = LEASE_EXPIRY_MARGIN_MS): number {
  return Math.max(0, invocationEnd - now) + marginMs;
}

/** The key of generation `gen` of the lease at `prefix`. */
export function leaseGenerationKey(prefix: string, gen: number): string {
  return `${prefix}${String(gen).padStart(GEN_DIGITS, '0')}.json`;
}

/** The generations of the lease at `prefix`, oldest first. */
export async function leaseGenerations(client: OssInvoker, bucket: string, prefix: string): Promise<number[]> {
  return (await listedGenerations(client, bucket, prefix)).map((g) => g.gen);
}

interface Listed {
  gen: number;
  /** Last-Modified (ms). */
  at: number;
}

async function listedGenerations(client: OssInvoker, bucket: string, prefix: string): Promise<Listed[]> {
  const gens: Listed[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await listObjectsV2Page(client, { bucket, prefix, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
    for (const o of res.contents) {
      const m = GEN_KEY.exec(o.key);
      if (m && o.key === leaseGenerationKey(prefix, Number(m[1]))) gens.push({ gen: Number(m[1]), at: o.lastModified?.getTime() ?? 0 });
    }
    if (!res.isTruncated || !res.nextContinuationToken) break;
    token = res.nextContinuationToken;
  }
  return gens.sort((a, b) => a.gen - b.gen);
}

/**
 * A holder below `gen` in a chain that started again: its newest generations were deleted (the _state/
 * lifecycle rule expires them), a run that had listed the old chain created the next number of it, and
 * another, listing the emptied folder, took 1. Such a generation is either far below the one taken over
 * (`top`) or was written after it; the generation just below `top` (kept by the last winner, superseded
 * before `top` was written) is neither, so a usual acquisition reads nothing more.
 */
async function restartedHolder(client: OssInvoker, bucket: string, prefix: string, after: Listed[], taken: { gen: number; top: number; topAt: number; token: string; now: number }): Promise<LeaseRecord | undefined> {
  const { gen, top, topAt, token, now } = taken;
  for (const low of after.filter((g) => g.gen < gen && g.gen !== top && (g.gen < top - 1 || g.at >= topAt))) {
    const r = await readJson<LeaseRecord>(client, bucket, leaseGenerationKey(prefix, low.gen));
    if (r && r.token !== token && isLeaseActive(r, now)) return r;
  }
  return undefined;
}

/** Whether a generation holds the lease at `now` (neither released nor expired). */
export function isLeaseActive(r: LeaseRecord | undefined, now: number): boolean {
  return !!r && !r.released && Date.parse(r.expiresAt) > now;
}

/** A failure that does not say whether the server acted: no answer, or a 5xx. */
const answerLost = (e: unknown): boolean => (e instanceof OssClientError && (e.code === 'NETWORK' || e.code === 'TIMEOUT')) || (e instanceof OssServiceError && e.status >= 500);

/**
 * Creates a generation; true when this record is the one OSS holds. A create whose answer was lost (the
 * connection dropped, a timeout) may have taken effect: the record is read back and its token, drawn at
 * random per attempt, says whether it is ours — else the run would find its own lease and report itself
 * busy until the lease expired. Read back absent, it never took effect: false, and the next round of
 * acquireLease tries again (the client does not resend a create whose outcome it cannot know).
 */
async function createGeneration(client: OssInvoker, bucket: string, key: string, record: LeaseRecord): Promise<boolean> {
  try {
    return await createJson(client, bucket, key, record);
  } catch (e) {
    const back = await readJsonObject<LeaseRecord>(client, bucket, key).catch(() => undefined);
    if (back?.found) return back.value?.token === record.token;
    if (back && answerLost(e)) return false;
    throw e;
  }
}

export async function acquireLease(client: OssInvoker, options: LeaseOptions): Promise<LeaseResult> {
  const { bucket, prefix } = options;
  const now = options.now ?? Date.now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const listed = await listedGenerations(client, bucket, prefix);
    const top = listed.at(-1)?.gen ?? 0;
    const topAt = listed.at(-1)?.at ?? 0;
    if (top > 0) {
      const current = await readJsonObject<LeaseRecord>(client, bucket, leaseGenerationKey(prefix, top));
      if (!current.found) continue; // cleaned up between list and read: look again
      // an unreadable record (not JSON) holds nothing: the next generation takes over
      if (isLeaseActive(current.value, now())) return { acquired: false, holder: current.value! };
    }
    const gen = top + 1;
    const t = now();
    const record: LeaseRecord = {
      owner: options.owner, ...(options.runId ? { runId: options.runId } : {}), token: randomBytes(12).toString('hex'), generation: gen,
      acquiredAt: new Date(t).toISOString(), expiresAt: new Date(t + options.ttlMs).toISOString(),
    };
    if (!(await createGeneration(client, bucket, leaseGenerationKey(prefix, gen), record))) continue; // another run won gen
    const listedAfter = await listedGenerations(client, bucket, prefix);
    const after = listedAfter.map((g) => g.gen);
    const newer = after.filter((g) => g > gen);
    const restarted = newer.length > 0 || top === 0 ? undefined : await restartedHolder(client, bucket, prefix, listedAfter, { gen, top, topAt, token: record.token, now: now() });
    if (newer.length > 0 || restarted) {
      await writeJson(client, bucket, leaseGenerationKey(prefix, gen), { ...record, released: true });
      const holder = restarted ?? (await readJson<LeaseRecord>(client, bucket, leaseGenerationKey(prefix, newer.at(-1)!)));
      return holder ? { acquired: false, holder } : { acquired: false };
    }
    // best effort: an old generation left behind holds nothing (only the newest one counts) and the next winner
    // tries again; a failing DeleteObject must not keep the bucket from ever being leased
    for (const old of after.filter((g) => g < gen - 1)) await deleteQuietly(client, bucket, leaseGenerationKey(prefix, old)).catch(() => undefined);
    return { acquired: true, lease: heldLease(client, options, record) };
  }
  return { acquired: false };
}

function heldLease(client: OssInvoker, options: LeaseOptions, initial: LeaseRecord): Lease {
  const now = options.now ?? Date.now;
  const key = leaseGenerationKey(options.prefix, initial.generation);
  let record = initial;
  return {
    get record() {
      return record;
    },
    async renew(ttlMs = options.ttlMs) {
      const next = { ...record, expiresAt: new Date(now() + ttlMs).toISOString() };
      await writeJson(client, options.bucket, key, next);
      const gens = await leaseGenerations(client, options.bucket, options.prefix);
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
