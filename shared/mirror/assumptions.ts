/**
 * Choices ossedge makes where the OSS documents are silent or unclear about mirror semantics. Shipped
 * code and the emulator read them from here (the emulator's own list, local/oss-emulator/dataplane/
 * assumptions.ts, re-exports this one), so a correction is made once. Each entry names its source.
 */
export const MIRROR_ASSUMPTIONS = Object.freeze({
  /**
   * Mirror rules replace KeyPrefixEquals only when EnableReplacePrefix=true (then an empty or absent
   * ReplaceKeyPrefixWith deletes the prefix). External/AliCDN rules also replace it whenever
   * ReplaceKeyPrefixWith is given. Source: field docs of EnableReplacePrefix ("if true, the prefix is
   * replaced ...; if not specified or empty, the prefix is truncated") and ReplaceKeyPrefixWith
   * (the abc/ → def/ Location example names no EnableReplacePrefix).
   */
  externalReplacesPrefixWithoutEnable: true,
  /**
   * MirrorPassOriginalSlashes=false (the default) collapses runs of "/" in the origin path and drops
   * leading ones; true keeps them as they are. Source: console guide example 1 ("Keep Forward Slash
   * in Origin URL") — the exact normalisation is not documented.
   */
  collapseSlashesUnlessPassOriginal: true,
  /**
   * Object keys are percent-encoded per path segment for the origin URL (RFC 3986 unreserved
   * characters and "/" stay literal). Source: none found; this is what any HTTP client must do.
   */
  encodeKeyRfc3986: true,
  /**
   * Query parameters that authenticate the OSS request (presigned V1/V4) are never passed to the
   * origin, even with MirrorPassQueryString. Source: none found; they are meaningless to an origin.
   */
  stripOssAuthQuery: ['x-oss-signature', 'x-oss-credential', 'x-oss-date', 'x-oss-expires',
    'x-oss-signature-version', 'x-oss-additional-headers', 'x-oss-security-token',
    'ossaccesskeyid', 'signature', 'expires', 'security-token'] as readonly string[],
  /**
   * Besides the documented never-passed headers, `host` (the origin's host comes from the origin URL)
   * and hop-by-hop headers are not passed. Source: the console guide's header example (Japanese
   * edition: `host: bucket.oss-cn-hangzhou.aliyuncs.com` to OSS, `host: source.com` at the origin);
   * RFC 9110 §7.6.1 for hop-by-hop headers.
   */
  extraNeverPassed: ['host', 'connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate',
    'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'] as readonly string[],
  /**
   * The origin always sees `aliyun-oss-mirror` in User-Agent; a passed or set User-Agent is kept
   * and the token appended. Source: issue 5 ("User-Agent containing aliyun-oss-mirror").
   */
  appendMirrorUserAgent: true,
  /**
   * Failover: the next origin (MirrorURLSlave, then MirrorMultiAlternates by number) is tried when
   * an origin fails (network error, timeout, 5xx, too many redirects), never after 200/206/404 or
   * a returned 3xx. Source: "secondary origin" wording of the API docs; the trigger is not documented.
   */
  failoverOnlyOnFailure: true,
  /**
   * External/AliCDN without Protocol / HostName use the request's own protocol / host. Source:
   * none found (the docs only show both set).
   */
  externalDefaultsFromRequest: true,
});
