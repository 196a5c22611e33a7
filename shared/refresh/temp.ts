// Temporary objects a refetch could not remove (DeleteObject failing) are reported by the run that left
// them and removed by a later whole-bucket run. Only keys of the exact shape refetch writes
// (`<TEMP_PREFIX><runId>/<32 hex>`) and older than TEMP_LEFTOVER_AGE_MS are touched, so nothing a user
// stored and no temporary object of a refetch in flight is removed. Even so, removing one in use cannot
// harm a copy: the CopyObject that reads it is conditional on its ETag and fails, leaving the copy.
import { deleteQuietly } from '../state/oss-json.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';

/** Keys under this prefix are ossedge's own temporary objects and never scanned. */
export const TEMP_PREFIX = '.ossedge-tmp/refresh/';
/** Far longer than any refetch holds its temporary key (one refetch budget, 120 s by default). */
export const TEMP_LEFTOVER_AGE_MS = 60 * 60_000;
/** Leftovers removed per run at most (the rest wait for the next run). */
export const MAX_TEMP_CLEANED_PER_RUN = 1_000;

const TEMP_NAME = /^[0-9A-Za-z_-]{1,64}\/[0-9a-f]{32}$/;

export const isTempKey = (key: string): boolean => key.startsWith(TEMP_PREFIX) && TEMP_NAME.test(key.slice(TEMP_PREFIX.length));

export interface CleanResult {
  cleaned: number;
  /** Leftovers whose DeleteObject failed. */
  failed: number;
  /** The listing failed (what was cleaned before still counts). */
  error?: unknown;
}

export async function cleanLeftovers(client: OssInvoker, bucket: string, now: number, max = MAX_TEMP_CLEANED_PER_RUN): Promise<CleanResult> {
  const out: CleanResult = { cleaned: 0, failed: 0 };
  const before = now - TEMP_LEFTOVER_AGE_MS;
  let token: string | undefined;
  try {
    for (let page = 0; page < 100 && out.cleaned + out.failed < max; page++) {
      const res = await listObjectsV2Page(client, { bucket, prefix: TEMP_PREFIX, maxKeys: 1000, ...(token ? { continuationToken: token } : {}) });
      for (const o of res.contents) {
        if (out.cleaned + out.failed >= max) break;
        if (!isTempKey(o.key) || !o.lastModified || o.lastModified.getTime() >= before) continue;
        try {
          await deleteQuietly(client, bucket, o.key);
          out.cleaned += 1;
        } catch {
          out.failed += 1;
        }
      }
      if (!res.isTruncated || !res.nextContinuationToken) break;
      token = res.nextContinuationToken;
    }
  } catch (err) {
    out.error = err;
  }
  return out;
}
