import type { RoutingRuleRedirect } from '../oss/models/website.ts';
import { MIRROR_MAX_REDIRECTS } from './constants.ts';
import type { OriginVerdict } from './types.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** MirrorFollowRedirect defaults to true. */
export function followsRedirects(redirect: RoutingRuleRedirect): boolean {
  return redirect.mirrorFollowRedirect ?? true;
}

/** MirrorCheckMd5 defaults to false. */
export function checksMd5(redirect: RoutingRuleRedirect): boolean {
  return redirect.mirrorCheckMd5 ?? false;
}

/** GET always mirrors; HEAD only with MirrorAllowHeadObject. Other methods never do. */
export function mirrorsMethod(redirect: RoutingRuleRedirect, method: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET') return true;
  return m === 'HEAD' && redirect.mirrorAllowHeadObject === true;
}

export interface OriginResponseFacts {
  status: number;
  location?: string;
  followRedirect: boolean;
  /** Redirects already followed for this mirror request. */
  redirectsFollowed: number;
}

/**
 * What an origin answer means to OSS: 200/206 success, 404 not found, a 3xx with Location is
 * followed (MirrorFollowRedirect, at most 10 hops) or returned as is, anything else fails.
 */
export function classifyOriginResponse(f: OriginResponseFacts): OriginVerdict {
  if (f.status === 200 || f.status === 206) return { kind: 'success' };
  if (f.status === 404) return { kind: 'not-found' };
  if (REDIRECT_STATUSES.has(f.status) && f.location) {
    if (!f.followRedirect) return { kind: 'return-redirect', location: f.location };
    if (f.redirectsFollowed >= MIRROR_MAX_REDIRECTS) {
      return { kind: 'failure', reason: `more than ${MIRROR_MAX_REDIRECTS} redirects` };
    }
    return { kind: 'follow', location: f.location };
  }
  return { kind: 'failure', reason: `origin answered ${f.status}` };
}

/** The absolute URL a redirect points to, relative to the URL that answered it. */
export function resolveLocation(currentUrl: string, location: string): string {
  return new URL(location, currentUrl).href;
}

export type Md5Check = 'match' | 'mismatch' | 'absent';

/** Compares the origin's Content-MD5 (base64) with the MD5 computed over the body (base64). */
export function checkContentMd5(originContentMd5: string | undefined, computedBase64: string): Md5Check {
  if (originContentMd5 === undefined || originContentMd5.trim() === '') return 'absent';
  return originContentMd5.trim() === computedBase64 ? 'match' : 'mismatch';
}

/** Whether a successful origin body is stored: not when MirrorCheckMd5 is on and the MD5 mismatches. */
export function storesMirroredCopy(redirect: RoutingRuleRedirect, md5: Md5Check): boolean {
  return !(checksMd5(redirect) && md5 === 'mismatch');
}

/** Last-Modified of a stored copy: the time stored, or the origin's with MirrorUserLastModified. */
export function mirroredLastModified(redirect: RoutingRuleRedirect, originLastModified: string | undefined, storedAt: Date): Date {
  if (redirect.mirrorUserLastModified && originLastModified) {
    const t = Date.parse(originLastModified);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return storedAt;
}

/** Whether a failed origin lets OSS try the next one (MIRROR_ASSUMPTIONS.failoverOnlyOnFailure). */
export function triesNextOrigin(verdict: OriginVerdict): boolean {
  return verdict.kind === 'failure';
}
