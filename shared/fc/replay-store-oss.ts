import type { OssInvoker } from '../oss/ops/common.ts';
import { createJson } from './oss-json.ts';
import type { ReplayStore } from './replay-store.ts';

/**
 * Delivery ids remembered across FC instances: one marker object per id, created with
 * `x-oss-forbid-overwrite`, so of two instances seeing the same delivery exactly one accepts it.
 * Markers are never read back: expire them with an OSS lifecycle rule on the prefix.
 */
export function createOssReplayStore(client: OssInvoker, location: { bucket: string; prefix: string }, now: () => number = Date.now): ReplayStore {
  return {
    async remember(id, ttlMs) {
      const key = `${location.prefix}${encodeURIComponent(id)}`;
      return createJson(client, location.bucket, key, { id, seenAt: new Date(now()).toISOString(), keepUntil: new Date(now() + ttlMs).toISOString() });
    },
  };
}
