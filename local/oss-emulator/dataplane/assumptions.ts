/**
 * Every choice the emulator's data plane makes where the OSS documents are silent or unclear, in one
 * place so it can be corrected (local/oss-emulator/README.md, "Data plane assumptions", says where each comes
 * from). Mirror-semantics choices live in shared/mirror (shipped code needs them too) and are
 * re-exported here so this file is the single list to read. So are the Referer matching choices (R1–R4):
 * the emulator decides with shared/referer, the model audits and probes use.
 */
export { MIRROR_ASSUMPTIONS } from '../../../shared/mirror/assumptions.ts';
export { REFERER_RULES } from '../../../shared/referer/match.ts';

export const REFERER_ASSUMPTIONS = Object.freeze({
  /**
   * Denial: 403 AccessDenied "You are denied by bucket referer policy." (OSS 403 error page) with the
   * EC of the help pages 0003-00000501 (empty Referer), 0003-00000502 (blacklisted), 0003-00000503
   * (not whitelisted). Documented, kept here beside the choices for one place to look.
   */
  deniedMessage: 'You are denied by bucket referer policy.',
  deniedEc: { 'empty-denied': '0003-00000501', blacklisted: '0003-00000502', 'not-whitelisted': '0003-00000503' } as Readonly<Record<string, string>>,
});

export const CORS_ASSUMPTIONS = Object.freeze({
  /** A denied preflight: 403 AccessForbidden, message starting "CORSResponse:" (spec §3.2, from memory). */
  deniedStatus: 403,
  deniedCode: 'AccessForbidden',
  deniedMessage:
    'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.',
  notEnabledMessage: 'CORSResponse: CORS is not enabled for this bucket.',
  deniedEc: '0003-00000001',
  /** AllowedOrigin compares case-sensitively (as browsers send it); AllowedHeader case-insensitively. */
  originCaseSensitive: true,
  /** When the matching AllowedOrigin is exactly "*", Access-Control-Allow-Origin is "*"; else the request's Origin. */
  starOriginAnswersStar: true,
  /** Access-Control-Allow-Headers echoes the requested headers (lower-cased), as OSS's examples show. */
  echoRequestedHeaders: true,
  /** Actual (non-preflight) requests also get Access-Control-Allow-Methods. */
  actualGetsAllowMethods: true,
  /** ResponseVary=true adds `Vary: Origin` to every object response; false never adds it. */
  varyOnlyWithResponseVary: true,
});

export const WEBSITE_ASSUMPTIONS = Object.freeze({
  /** ErrorDocument without HttpStatus answers 404. */
  defaultErrorStatus: 404,
  /** Website behaviour (index/error documents) only for anonymous GET/HEAD; signed requests see plain OSS. */
  anonymousOnly: true,
  /** Routing rules (mirror, External) apply to every GET/HEAD on an object path, signed or not. */
  routingRulesForSignedRequests: true,
  /** AliCDN rules answer like External rules (the emulator has no CDN to hand the redirect to). */
  aliCdnAsExternal: true,
  /**
   * After a Mirror rule's origin answered 404, a website bucket serves its ErrorDocument (with its
   * HttpStatus) unless TransparentMirrorResponseCodes lists 404. Decision row W-ERRDOC-AFTER-MIRROR-404.
   */
  errorDocumentAfterMirror404: true,
  /** Type 0 subdirectory redirect answers 302 with Location `/<key>/` (URL-encoded). */
  subDirRedirectStatus: 302,
});

export const MIRROR_FETCH_ASSUMPTIONS = Object.freeze({
  /**
   * The mirror timeout bounds the wait for the origin's response headers and each gap between body
   * chunks (OSS documents "10 s" without saying what it covers).
   */
  timeoutCoversHeadersAndIdleBody: true,
  /** Origin headers stored with the copy and returned to the client. */
  keptOriginHeaders: ['content-type', 'content-encoding', 'content-disposition', 'cache-control', 'content-language', 'expires'] as readonly string[],
  /**
   * A MirrorCheckMd5 mismatch: the client still gets the body (streamed before the MD5 is known), the
   * copy is not stored. Decision row M-MD5-MISMATCH (the console guide, scenario 2) overrides the 424
   * help page, which lists causes of 424 in general.
   */
  md5MismatchServedNotStored: true,
  /** A returned (not followed) origin 3xx keeps the origin's status and Location. */
  returnedRedirectKeepsStatus: true,
});
