// Drift holds: after `ossedge rollback`, each rolled-back bucket is on hold for drift correction — the drift
// timer reports its drift and does not correct it — until the next apply from the config or
// `ossedge hold release BUCKET`. One small JSON object per held bucket in the reports bucket:
// `<prefix>holds/apply-config/<bucket>.json`. Not under `_state/`: the lifecycle rule of docs/deploy.md expires
// that folder, and a hold is an operator's decision that lasts until it is released, not short-lived state.
import { isBucketName, validateBucketName } from '../oss/endpoint.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { OssedgeError } from '../errors/base.ts';
import { TooLargeError } from './capped-read.ts';
import { deleteQuietly, readJsonObject, writeJson } from './oss-json.ts';

/** Under the reports prefix: the folder of apply-config's drift holds. */
export const HOLDS_FOLDER = 'holds/apply-config/';
/** A hold record is a few hundred bytes; anything far larger was not written by ossedge. */
export const MAX_HOLD_BYTES = 64 * 1024;
/** Listing bound: 100 pages of 1000 holds. */
export const MAX_HOLD_PAGES = 100;

/** More holds than one listing reads: refused, never a partial list (a held bucket left out would look free). */
export class TooManyHoldsError extends OssedgeError<'TOO_MANY_HOLDS'> {
  override readonly name = 'TooManyHoldsError';
  constructor(folder: string, pages: number) {
    super('TOO_MANY_HOLDS', `more than ${pages} pages of drift holds under ${folder}; release holds (ossedge hold release BUCKET) or list the folder yourself`);
  }
}
const PLAIN = /^[\w.:+-]{1,128}$/;

export interface HoldRecord {
  bucket: string;
  /** The run that put the bucket on hold (a rollback). */
  runId: string;
  /** The run that rollback undid. */
  rollbackOf?: string;
  /** ISO 8601 UTC. */
  since: string;
}

/** Where drift holds are kept, and what drift runs, rollbacks and applies do with them. */
export interface HoldStore {
  /** The bucket's hold, or undefined when it is not held (an unreadable record still holds it). */
  get(bucket: string): Promise<HoldRecord | undefined>;
  /** Every bucket on hold (one listing). */
  held(): Promise<Set<string>>;
  place(record: HoldRecord): Promise<void>;
  /**
   * Ends the bucket's hold; what it ended, or undefined when there was none. With `only`, ends it only while
   * it is that hold (same run, same time): a newer rollback's hold stays. (OSS deletes unconditionally: a hold
   * placed between this read and the delete is still lost, a window of one request instead of a whole run.)
   */
  release(bucket: string, only?: HoldRecord): Promise<HoldRecord | undefined>;
}

/** `<prefix>holds/apply-config/<bucket>.json`; refuses a name that is not a bucket name (no path tricks). */
export function holdKey(prefix: string, bucket: string): string {
  validateBucketName(bucket);
  return `${prefix}${HOLDS_FOLDER}${bucket}.json`;
}

/** A record as read: only plain values are kept (it is shown on terminals and in reports). */
function recordOf(bucket: string, value: unknown): HoldRecord {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const plain = (x: unknown): string | undefined => (typeof x === 'string' && PLAIN.test(x) ? x : undefined);
  const rollbackOf = plain(v.rollbackOf);
  return { bucket, runId: plain(v.runId) ?? 'unknown', ...(rollbackOf ? { rollbackOf } : {}), since: plain(v.since) ?? 'unknown' };
}

const sameHold = (a: HoldRecord, b: HoldRecord): boolean => a.runId === b.runId && a.since === b.since && a.rollbackOf === b.rollbackOf;

/** The drift holds under the reports folder `{bucket, key}` (as shared/report/location.ts's ossFolder gives it: key '' or ending in '/'). */
export function createOssHoldStore(client: OssInvoker, reports: { bucket: string; key: string }, options: { maxPages?: number } = {}): HoldStore {
  const maxPages = options.maxPages ?? MAX_HOLD_PAGES;
  const at = { bucket: reports.bucket, prefix: reports.key };
  const folder = `${at.prefix}${HOLDS_FOLDER}`;
  const store: HoldStore = {
    async get(bucket) {
      // a record too large to read was not written by ossedge, and still holds its bucket: were it an error,
      // neither `hold release` nor an apply could ever end that hold
      const o = await readJsonObject<unknown>(client, at.bucket, holdKey(at.prefix, bucket), MAX_HOLD_BYTES)
        .catch((e: unknown) => { if (e instanceof TooLargeError) return { found: true as const, value: undefined }; throw e; });
      return o.found ? recordOf(bucket, o.value) : undefined;
    },
    async held() {
      const names = new Set<string>();
      let token: string | undefined;
      for (let page = 0; ; page++) {
        if (page === maxPages) throw new TooManyHoldsError(folder, maxPages);
        const res = await listObjectsV2Page(client, { bucket: at.bucket, prefix: folder, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
        for (const o of res.contents) {
          const name = o.key.slice(folder.length).replace(/\.json$/, '');
          // a key that names no bucket is not a hold (planted): asking for it would fail the whole listing
          if (`${folder}${name}.json` === o.key && isBucketName(name)) names.add(name);
        }
        if (!res.isTruncated || !res.nextContinuationToken) return names;
        token = res.nextContinuationToken;
      }
    },
    async place(record) {
      await writeJson(client, at.bucket, holdKey(at.prefix, record.bucket), record);
    },
    async release(bucket, only) {
      const held = await store.get(bucket);
      if (!held || (only && !sameHold(held, only))) return undefined;
      await deleteQuietly(client, at.bucket, holdKey(at.prefix, bucket));
      return held;
    },
  };
  return store;
}
