import type { OssedgeConfig } from '../config/index.ts';
import { bucketLocator, placedByFile } from '../state/oss-clients.ts';
import type { OssInvoker } from '../oss/index.ts';
import { mapLimit } from '../concurrency/map-limit.ts';

/**
 * DESIGN.md connection rules: without an explicit endpoint each bucket is reached at its own region's
 * endpoint, so a bucket whose region neither the file nor `defaults` gives is located first
 * (GetBucketLocation, one request; shared/fc/oss-clients.ts `placedByFile` / `bucketLocator`). Returns a
 * copy with the regions filled; a bucket that cannot be located keeps no region (its run then fails on
 * its own, naming the error).
 */
export async function resolveBucketRegions(config: OssedgeConfig, lookup: OssInvoker, concurrency = 16): Promise<OssedgeConfig> {
  if (config.defaults.region || config.defaults.endpoint) return config;
  const locator = bucketLocator(lookup);
  const buckets = await mapLimit(config.buckets, concurrency, async (b) => {
    if (placedByFile(config, b)) return b;
    const region = await locator.locate(b.name);
    return region ? { ...b, region } : b;
  });
  return { ...config, buckets };
}
