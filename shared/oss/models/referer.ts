/** Referer (hotlink protection) configuration (PutBucketReferer / GetBucketReferer). */
export interface RefererConfiguration {
  allowEmptyReferer: boolean;
  allowTruncateQueryString?: boolean;
  truncatePath?: boolean;
  /** `RefererList/Referer`: the whitelist (may be empty). */
  refererList: string[];
  /** `RefererBlacklist/Referer`; absent when OSS sent no blacklist element. */
  refererBlacklist?: string[];
}

/** What GetBucketReferer returns for a bucket that was never configured. */
export const DEFAULT_REFERER_CONFIGURATION: Readonly<RefererConfiguration> = Object.freeze({
  allowEmptyReferer: true,
  allowTruncateQueryString: true,
  refererList: [],
});
