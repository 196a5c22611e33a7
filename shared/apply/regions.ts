import type { OssedgeConfig } from '../config/index.ts';
import { getBucketLocation, type OssInvoker } from '../oss/index.ts';
import { mapLimit } from './pool.ts';

/**
 * DESIGN.md connection rules: without an explicit endpoint each bucket is reached at its own region's
 * endpoint, so a bucket whose region neither the file nor `defaults` gives is located first
 * (GetBucketLocation, one request). Returns a copy with the regions filled; a bucket that cannot be
 * located keeps no region (its run then fails on its own, naming the error).
 */
export async function resolveBucketRegions(config: OssedgeConfig, lookup: OssInvoker, concurrency = 16): Promise<OssedgeConfig> {
  if (config.defaults.region || config.defaults.endpoint) return config;
  const buckets = await mapLimit(config.buckets, concurrency, async (b) => {
    if (b.region) return b;
    try {
      const location = await getBucketLocation(lookup, { bucket: b.name });
      return { ...b, region: location.replace(/^oss-/, '') };
    } catch {
      return b;
    }
  });
  return { ...config, buckets };
}
