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
   * Besides the documented never-passed headers, hop-by-hop headers are not passed (RFC 9110 §7.6.1).
   * Host is not among them: it is decided by `hostFromRequestWhenPassed` (decision table M-HOST-*).
   */
  extraNeverPassed: ['connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate',
    'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'expect'] as readonly string[],
  /**
   * Host: without a rule that passes it the origin sees its own host (the URL's); PassAll without
   * `host` in Remove (or `host` in Pass) sends the bucket's Host, as the guide's 424 FAQ says. Source:
   * local/oss-emulator/dataplane/decisions (rows M-HOST-OWN, M-HOST-PASS-ALL).
   */
  hostFromRequestWhenPassed: true,
  /**
   * The origin always sees `aliyun-oss-mirror` in User-Agent; a passed or set User-Agent is kept
   * and the token appended. Source: issue 5 ("User-Agent containing aliyun-oss-mirror").
   */
  appendMirrorUserAgent: true,
  /**
   * Failover follows MirrorSwitchAllErrors (Go SDK v2 field doc, decision rows M-FAILOVER-*): false (the
   * default) switches only on 5xx or a network failure (timeout, refused, reset, DNS, TLS); true on every
   * status except 200, 206, 301, 302, 303, 307, 404. "Too many redirects" is neither a status nor a
   * timeout, so it never switches (ours).
   */
  tooManyRedirectsSwitches: false,
  /**
   * External/AliCDN without Protocol / HostName use the request's own protocol / host. Source:
   * none found (the docs only show both set).
   */
  externalDefaultsFromRequest: true,
});
