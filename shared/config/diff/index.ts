import type { CorsConfiguration } from '../../oss/models/cors.ts';
import type { RefererConfiguration } from '../../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../../oss/models/website.ts';
import type { BucketConfig, LiveBucketSettings } from '../types.ts';
import { diffCors, diffReferer, diffWebsite } from './sections.ts';
import type { SectionPlan } from './types.ts';

export { diffCors, diffReferer, diffWebsite } from './sections.ts';
export { changeLines, deepEqual, diffValues } from './changes.ts';
export type { Change } from './changes.ts';
export { canonicalCors, canonicalReferer, canonicalWebsite } from './canonical.ts';
export type { SectionAction, SectionName, SectionPlan } from './types.ts';

export interface BucketPlan {
  bucket: string;
  website: SectionPlan<WebsiteConfiguration>;
  cors: SectionPlan<CorsConfiguration>;
  referer: SectionPlan<RefererConfiguration>;
  /** true when any section has something to do. */
  changed: boolean;
  /** All sections' text lines, each prefixed with the bucket name. */
  text: string[];
}

/**
 * The semantic diff of one bucket: desired (from the file) against what GET returned. Pure. Throws
 * ConfigError CONFIG_MERGE_LIMIT when a merge-mode section would exceed OSS's rule limits.
 */
export function planBucket(desired: BucketConfig, live: LiveBucketSettings): BucketPlan {
  const at = ['buckets', desired.name];
  const website = diffWebsite(desired.website, live.website, [...at, 'website']);
  const cors = diffCors(desired.cors, live.cors, [...at, 'cors']);
  const referer = diffReferer(desired.referer, live.referer);
  const sections = [website, cors, referer];
  return {
    bucket: desired.name,
    website,
    cors,
    referer,
    changed: sections.some((s) => s.action !== 'none'),
    text: sections.flatMap((s) => s.text.map((line) => `${desired.name}: ${line}`)),
  };
}
