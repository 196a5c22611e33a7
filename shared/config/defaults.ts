/**
 * OSS defaults, named once. FILLED ones are written into the model ossedge sends (normalize.ts);
 * all of them are applied to both sides before comparing (diff/canonical.ts), so a GET that
 * returns a default explicitly and a file that omits it compare equal.
 * Source of each: spec/oss-api.md §3 (from the OSS API reference and the Go SDK v2 field docs).
 */
export const OSS_DEFAULTS = {
  /** §3.1 `<MirrorFollowRedirect>` "default true". Filled on Mirror rules. */
  mirrorFollowRedirect: true,
  /** §3.1 `<MirrorCheckMd5>` "default false". Filled on Mirror rules. */
  mirrorCheckMd5: false,
  /** §3.1 `<SupportSubDir>` "bool, default false". Filled when indexDocument is given. */
  supportSubDir: false,
  /** §3.1 IndexDocument Type "`0` (default)". Filled when supportSubDir is true. */
  indexType: 0,
  /** PutBucketWebsite reference: ErrorDocument HttpStatus defaults to 404. Filled when errorDocument is given. */
  errorHttpStatus: 404,
  /** §3.2 `<ResponseVary>` "bool, default false". Filled. */
  responseVary: false,
  /** §3.3 `<AllowEmptyReferer>` "default true". Filled. */
  allowEmptyReferer: true,
  /** §3.3 `<AllowTruncateQueryString>` "default true". Filled. */
  allowTruncateQueryString: true,
  /** §3.3 `<RefererList>` "required element (may be empty)". Filled with []. */
  refererList: [] as readonly string[],
  /**
   * Not filled, compare-only: OSS redirects with 302 when HttpRedirectCode is not given (the usual
   * redirect code of the console; not stated in spec/oss-api.md), and every other boolean Redirect
   * flag (passQueryString, mirrorSNI, mirrorUsingRole, ...) and truncatePath read as false when absent.
   */
  httpRedirectCode: 302,
} as const;
