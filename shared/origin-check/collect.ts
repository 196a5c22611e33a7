import type { OssedgeConfig } from '../config/index.ts';
import { type KeyLister, targetsFromConfigFile, targetsFromWebsite } from './targets.ts';
import type { RuleTarget } from './types.ts';
import { isOssErrorCode } from '../oss/ops/common.ts';
import { listBuckets, listObjectsV2Page } from '../oss/ops/list.ts';
import { getBucketWebsite } from '../oss/ops/website.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { mapLimit } from '../concurrency/map-limit.ts';

/** Buckets read at once when collecting live rules. */
const LIVE_READ_CONCURRENCY = 4;

export interface CollectInput {
  /** The file, when there is one: its rules (and sampleKeys) win for the buckets it names. */
  config?: OssedgeConfig;
  /** --bucket filter; buckets the file does not name are read live. */
  buckets?: readonly string[];
  /** Client for a bucket (its region's endpoint; may locate the bucket first). */
  clientFor: (bucket: string) => OssInvoker | Promise<OssInvoker>;
  /** Told each listed bucket's region (ListBuckets says where a bucket is: no GetBucketLocation then). */
  learnRegion?: (bucket: string, region: string | undefined) => void;
  /** Client that lists buckets (no file and no filter: every visible bucket). */
  home: OssInvoker;
  maxSampleKeys?: number;
}

export interface Collected {
  targets: RuleTarget[];
  buckets: string[];
  /** Buckets whose rules could not be read (reported as errors, not checks). */
  errors: Array<{ bucket: string; error: unknown }>;
}

/** Lists keys under a prefix: the mirrored copies already in the bucket make good sample keys. */
export function bucketLister(clientFor: (bucket: string) => OssInvoker | Promise<OssInvoker>): KeyLister {
  return async (bucket, prefix, max) => {
    const page = await listObjectsV2Page(await clientFor(bucket), { bucket, prefix, maxKeys: Math.min(1000, Math.max(1, max)) });
    return page.contents.map((o) => o.key);
  };
}

/** Every checked rule: from the file for the buckets it names, live (GetBucketWebsite) for the others. */
export async function collectTargets(input: CollectInput): Promise<Collected> {
  const lister = bucketLister(input.clientFor);
  const inFile = new Set(input.config?.buckets.map((b) => b.name) ?? []);
  const wanted = input.buckets?.length ? [...new Set(input.buckets)] : undefined;
  const targets: RuleTarget[] = input.config
    ? await targetsFromConfigFile(input.config, { ...(wanted ? { buckets: wanted } : {}), lister, ...(input.maxSampleKeys ? { maxSampleKeys: input.maxSampleKeys } : {}) })
    : [];
  let live: string[];
  if (wanted) live = wanted.filter((b) => !inFile.has(b));
  else if (input.config) live = [];
  else {
    live = [];
    for await (const page of listBuckets(input.home)) {
      for (const b of page.buckets) {
        live.push(b.name);
        input.learnRegion?.(b.name, b.region ?? b.location);
      }
    }
  }
  const errors: Collected['errors'] = [];
  const liveTargets = await mapLimit(live, LIVE_READ_CONCURRENCY, async (bucket) => {
    try {
      const website = await getBucketWebsite(await input.clientFor(bucket), { bucket });
      return await targetsFromWebsite(bucket, website, lister, input.maxSampleKeys);
    } catch (error) {
      if (!isOssErrorCode(error, 'NoSuchWebsiteConfiguration')) errors.push({ bucket, error });
      return [];
    }
  });
  const buckets = wanted ?? [...inFile, ...live];
  return { targets: [...targets, ...liveTargets.flat()], buckets, errors };
}
