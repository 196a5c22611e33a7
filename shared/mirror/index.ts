export * from './constants.ts';
export type * from './types.ts';
export { MIRROR_ASSUMPTIONS } from './assumptions.ts';
export { headerValue, lowerCaseHeaders } from './header-bag.ts';
export { sortRules, includeHeaderMatches, conditionMatches, matchRoutingRule, redirectTypeOf } from './match.ts';
export { mapKey, replacesPrefix, encodeKeyPath } from './key-map.ts';
export { passedQueryString, withQuery } from './query.ts';
export type { OriginRole, MirrorOrigin } from './origin-url.ts';
export { mirrorOrigins, mirrorPassesQuery, originUrlFor, mirrorUrls } from './origin-url.ts';
export type { OriginRequestHeaders } from './headers.ts';
export { isDocumentedNeverPassed, isNeverPassedHeader, mirrorHeaderProblem, originRequestHeaders, rulePassesRequestHost } from './headers.ts';
export type { RedirectRequest, RedirectAnswer } from './redirect.ts';
export { externalRedirect } from './redirect.ts';
export type { OriginResponseFacts, Md5Check } from './outcome.ts';
export {
  followsRedirects,
  checksMd5,
  mirrorsMethod,
  classifyOriginResponse,
  resolveLocation,
  checkContentMd5,
  storesMirroredCopy,
  mirroredLastModified,
  triesNextOrigin,
  movesToNextOrigin,
  switchesAllErrors,
  NOT_SWITCHING_STATUSES,
  transparentCodes,
  passesThrough,
  errorDocumentAfterOrigin404,
} from './outcome.ts';
export type { MirrorRequestPlan } from './plan.ts';
export { findMirrorRule, planMirrorRequest } from './plan.ts';
