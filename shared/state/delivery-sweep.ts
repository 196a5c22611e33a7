import { deleteMultipleObjects } from '../oss/ops/delete-objects.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { DELIVERIES_FOLDER } from './keys.ts';

/** One sweep looks at no more than this many listing pages (1,000 keys each); the next sweep goes on. */
export const DEFAULT_SWEEP_PAGES = 10;

export interface SweepDeliveriesOptions {
  bucket: string;
  /** The reports prefix ('' or ending in '/'). */
  prefix: string;
  /**
   * Records last written longer ago than this are deleted. Must be at least the longest TTL any record
   * was claimed with: a record deleted before its expiry would let its delivery be accepted again.
   */
  keepMs: number;
  now?: () => number;
  maxPages?: number;
}

export interface SweepResult {
  scanned: number;
  deleted: number;
}

/**
 * Deletes delivery records past `keepMs` (judged by LastModified from the listing, so no record is read).
 * Only the store's own folder is listed; a partial sweep is fine, the next one continues.
 */
export async function sweepDeliveries(client: OssInvoker, options: SweepDeliveriesOptions): Promise<SweepResult> {
  const now = options.now ?? Date.now;
  const cutoff = now() - options.keepMs;
  const folder = `${options.prefix}${DELIVERIES_FOLDER}`;
  const result: SweepResult = { scanned: 0, deleted: 0 };
  let token: string | undefined;
  for (let page = 0; page < (options.maxPages ?? DEFAULT_SWEEP_PAGES); page++) {
    const listed = await listObjectsV2Page(client, { bucket: options.bucket, prefix: folder, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
    result.scanned += listed.contents.length;
    const old = listed.contents.filter((o) => o.lastModified !== undefined && o.lastModified.getTime() < cutoff).map((o) => o.key);
    if (old.length > 0) {
      await deleteMultipleObjects(client, { bucket: options.bucket, objects: old, quiet: true });
      result.deleted += old.length;
    }
    if (!listed.isTruncated || !listed.nextContinuationToken) break;
    token = listed.nextContinuationToken;
  }
  return result;
}
