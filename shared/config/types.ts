import type { CorsConfiguration } from '../oss/models/cors.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import type { WebsiteConfiguration } from '../oss/models/website.ts';

export type OwnershipMode = 'replace' | 'merge';

/** ossedge's own fields of a routing rule; never sent to OSS. */
export interface RoutingRuleMeta {
  /** Position of the rule in the file (for paths in reports: `routingRules[fileIndex]`). */
  fileIndex: number;
  /** Keys validate-mirror-origin probes (empty when none were given). */
  sampleKeys: string[];
  /** Apply even when the origin pre-flight fails. */
  force: boolean;
  /** The rule's warm-up settings (absent when none were given). */
  warm?: WarmRuleConfig;
}

/** `warm:` of a routing rule: what a warm-up of the rule's keys reads and at what pace. */
export interface WarmRuleConfig {
  keys?: string;
  sitemap?: string;
  qps?: number;
  window?: string;
  timeZone?: string;
}

export interface DesiredWebsite {
  mode: OwnershipMode;
  /** What is sent to OSS (replace mode) or merged with the live rules (merge mode). Secrets stay `${env:NAME}`. */
  config: WebsiteConfiguration;
  /** `ruleMeta[i]` belongs to `config.routingRules[i]`. */
  ruleMeta: RoutingRuleMeta[];
}

export interface DesiredCors {
  mode: OwnershipMode;
  config: CorsConfiguration;
}

/**
 * One bucket of the file. A section that is `undefined` is not managed; `null` means it must not
 * exist (website and CORS are deleted, Referer is reset to OSS's default).
 */
export interface BucketConfig {
  name: string;
  region?: string;
  website?: DesiredWebsite | null;
  cors?: DesiredCors | null;
  referer?: RefererConfiguration | null;
  /**
   * Rollback of a run that was killed while writing (never in a file): each section named here is restored
   * only while the bucket still holds this state, the one the killed run was writing. A bucket that holds
   * anything else was changed since (by another run or by hand: the killed run may never have written it)
   * and is left as it is.
   */
  onlyWhileLive?: Pick<BucketConfig, 'website' | 'cors' | 'referer'>;
}

export interface OssedgeConfig {
  version: 1;
  defaults: { region?: string; endpoint?: string };
  /** In file order. */
  buckets: BucketConfig[];
}

/** What GET returned for one bucket: `null` when OSS has no such configuration (404). */
export interface LiveBucketSettings {
  website: WebsiteConfiguration | null;
  cors: CorsConfiguration | null;
  /** GetBucketReferer always answers; `null`/`undefined` is read as OSS's default. */
  referer?: RefererConfiguration | null;
}
