/** OSS's fixed numbers for mirroring-based back-to-origin (spec/oss-api.md §3.1, §5). */

/** Default timeout of one back-to-origin request. */
export const MIRROR_TIMEOUT_MS = 10_000;

/** With MirrorFollowRedirect, OSS follows at most this many origin redirects; one more fails the mirror. */
export const MIRROR_MAX_REDIRECTS = 10;

/** OSS's back-to-origin requests carry a User-Agent containing this token. */
export const MIRROR_USER_AGENT = 'aliyun-oss-mirror';

/** Status and code OSS answers when the origin fails (anything but 200/206/404). */
export const MIRROR_FAILED_STATUS = 424;
export const MIRROR_FAILED_CODE = 'MirrorFailed';

/** Redirect status of an External/AliCDN rule without HttpRedirectCode. */
export const DEFAULT_EXTERNAL_REDIRECT_CODE = 302;

/** Routing rules per bucket; IncludeHeader / Pass / Remove / Set entries per rule; MirrorTaggings per rule (spec/oss-api.md §5). */
export const MAX_ROUTING_RULES = 20;
export const MAX_HEADER_ENTRIES = 10;
export const MAX_MIRROR_TAGGINGS = 10;

/**
 * Headers a mirror rule can never pass, remove or set ("do not support transmission rules"): the
 * PassAll field doc of the API and the console guide list exactly these, plus three prefixes.
 */
export const NEVER_PASSED_HEADERS: readonly string[] = Object.freeze([
  'content-length',
  'authorization2',
  'authorization',
  'range',
  'date',
]);
export const NEVER_PASSED_PREFIXES: readonly string[] = Object.freeze(['x-oss-', 'oss-', 'x-drs-']);
