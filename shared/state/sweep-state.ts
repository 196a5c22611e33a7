import { deleteMultipleObjects } from '../oss/ops/delete-objects.ts';
import { listObjectsV2 } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { TooLargeError } from './capped-read.ts';
import { DONE_MARKER } from './idempotency.ts';
import { sweptFolders } from './keys.ts';
import { isLeaseActive, type LeaseRecord } from './lease.ts';
import { readJson } from './oss-json.ts';

const DAY_MS = 24 * 3600_000;
/** FC 3.0 delivers an async event until it is `maxAsyncEventAgeInSeconds` old: at most 604800 s (7 days, default 1 day). */
export const FC_MAX_ASYNC_EVENT_AGE_MS = 7 * DAY_MS;
/**
 * A done marker outlives every retry FC may still deliver of its invocation: the longest event age plus a day
 * (Last-Modified is OSS's clock, `now` the function's; a marker is written after its event was queued).
 */
export const DONE_KEEP_MS = FC_MAX_ASYNC_EVENT_AGE_MS + DAY_MS;
/** A bucket lease that is not held has its older generations deleted after this long idle (`ossedge lease` shows them meanwhile). */
export const IDLE_LEASE_KEEP_MS = DAY_MS;
/** Per sweep: listing pages (1,000 keys each) per folder, and objects deleted in all. The next run goes on. */
export const DEFAULT_SWEEP_PAGES = 5;
export const DEFAULT_SWEEP_DELETES = 1000;

export interface SweepStateOptions {
  bucket: string;
  /** The reports prefix ('' or ending in '/'). */
  prefix: string;
  now?: () => number;
  doneKeepMs?: number;
  idleLeaseKeepMs?: number;
  maxPages?: number;
  maxDeletes?: number;
}

export interface StateSweepResult {
  scanned: number;
  deleted: number;
}

interface Listed {
  key: string;
  at: number;
}

const GENERATION = /^\d{12}\.json$/;
/** The most of a lease record the sweep reads. */
const MAX_LEASE_RECORD_BYTES = 64 * 1024;

/**
 * Deletes what shared/state owns and no longer needs (keys.ts `sweptFolders`): idempotency markers past
 * their window, the lease chains of those invocations, and the superseded generations of bucket leases
 * that nobody holds (the newest generation released or expired, last written before the idle window; the
 * newest itself stays). A held lease is never deleted: its newest generation is read first, and only
 * generations listed before that read are deleted (a contender's newer one is never among them, and it
 * wins the lease regardless, see lease.ts). Bounded: `maxPages` per folder, `maxDeletes` in all.
 */
export async function sweepState(client: OssInvoker, options: SweepStateOptions): Promise<StateSweepResult> {
  // 'r' would sweep `r_state/...`, someone else's keys: only a folder is a reports prefix
  if (options.prefix !== '' && !options.prefix.endsWith('/')) throw new TypeError('the reports prefix must be \'\' or end with /');
  const now = (options.now ?? Date.now)();
  const maxDeletes = options.maxDeletes ?? DEFAULT_SWEEP_DELETES;
  const result: StateSweepResult = { scanned: 0, deleted: 0 };
  const remove = async (keys: string[]) => {
    const some = keys.slice(0, maxDeletes - result.deleted);
    for (let i = 0; i < some.length; i += 1000) await deleteMultipleObjects(client, { bucket: options.bucket, objects: some.slice(i, i + 1000), quiet: true });
    result.deleted += some.length;
  };
  const doneKeepMs = options.doneKeepMs ?? DONE_KEEP_MS;
  for (const folder of sweptFolders(options.prefix)) {
    if (result.deleted >= maxDeletes) break;
    const listed = await listFolder(client, options.bucket, folder, options.maxPages ?? DEFAULT_SWEEP_PAGES);
    result.scanned += listed.length;
    await remove(listed.filter((o) => o.key.endsWith(`/${DONE_MARKER}`) && o.at < now - doneKeepMs).map((o) => o.key));
    // An invocation's lease chain goes whole once FC can no longer deliver that invocation. A bucket lease
    // keeps its newest generation for good: were the chain deleted, a run that listed it a moment before
    // would create the next generation while another run, listing the empty folder, starts again at 1,
    // and both would hold the lease (lease.ts only compares against newer generations).
    const whole = folder.endsWith('invocations/');
    const idleMs = whole ? doneKeepMs : (options.idleLeaseKeepMs ?? IDLE_LEASE_KEEP_MS);
    for (const gens of leaseFolders(listed).values()) {
      if (result.deleted >= maxDeletes) break;
      const top = gens.at(-1)!;
      if (top.at >= now - idleMs || (!whole && gens.length === 1)) continue;
      // a lease record is a few hundred bytes: a larger one was planted, and is kept without stopping the sweep
      const record = await readJson<LeaseRecord>(client, options.bucket, top.key, MAX_LEASE_RECORD_BYTES).then((r) => ({ r }), (e: unknown) => {
        if (e instanceof TooLargeError) return undefined;
        throw e;
      });
      if (record && !isLeaseActive(record.r, now)) await remove((whole ? gens : gens.slice(0, -1)).map((g) => g.key));
    }
  }
  return result;
}

async function listFolder(client: OssInvoker, bucket: string, prefix: string, maxPages: number): Promise<Listed[]> {
  const out: Listed[] = [];
  let pages = 0;
  for await (const page of listObjectsV2(client, { bucket, prefix, maxKeys: 1000 })) {
    for (const o of page.contents) if (o.lastModified) out.push({ key: o.key, at: o.lastModified.getTime() });
    if (++pages >= maxPages) break;
  }
  return out;
}

/** Lease generations grouped by lease folder, oldest first (keys sort by their zero-padded number). */
function leaseFolders(listed: readonly Listed[]): Map<string, Listed[]> {
  const folders = new Map<string, Listed[]>();
  for (const o of listed) {
    const folder = o.key.slice(0, o.key.lastIndexOf('/') + 1);
    if (!GENERATION.test(o.key.slice(folder.length))) continue;
    const gens = folders.get(folder) ?? [];
    gens.push(o);
    folders.set(folder, gens);
  }
  for (const gens of folders.values()) gens.sort((a, b) => (a.key < b.key ? -1 : 1));
  return folders;
}
