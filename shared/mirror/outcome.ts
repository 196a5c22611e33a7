import type { RoutingRuleRedirect } from '../oss/models/website.ts';
import { MIRROR_ASSUMPTIONS } from './assumptions.ts';
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
      return { kind: 'failure', reason: `more than ${MIRROR_MAX_REDIRECTS} redirects`, tooManyRedirects: true };
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

/**
 * Whether a successful origin body is stored: not when MirrorCheckMd5 is on and the MD5 mismatches. The
 * client gets the body either way (the MD5 is known only once it has been streamed; row M-MD5-MISMATCH).
 */
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

/** MirrorSwitchAllErrors defaults to false. */
export function switchesAllErrors(redirect: RoutingRuleRedirect): boolean {
  return redirect.mirrorSwitchAllErrors ?? false;
}

/** With MirrorSwitchAllErrors=true, every origin status but these is a failure that switches origins. */
export const NOT_SWITCHING_STATUSES: ReadonlySet<number> = new Set([200, 206, 301, 302, 303, 307, 404]);

/**
 * Whether OSS tries the next origin after one failed: `status` undefined means a network failure
 * (timeout, refused, reset, DNS, TLS), which always switches; otherwise MirrorSwitchAllErrors decides
 * (false: 5xx only; true: anything but NOT_SWITCHING_STATUSES). A redirect loop never switches.
 */
export function triesNextOrigin(redirect: RoutingRuleRedirect, failure: { status?: number; tooManyRedirects?: boolean }): boolean {
  if (failure.tooManyRedirects) return MIRROR_ASSUMPTIONS.tooManyRedirectsSwitches;
  if (failure.status === undefined) return true;
  if (switchesAllErrors(redirect)) return !NOT_SWITCHING_STATUSES.has(failure.status);
  return failure.status >= 500 && failure.status <= 599;
}

/** TransparentMirrorResponseCodes ("400,404") as numbers; entries that are not 3-digit codes are ignored. */
export function transparentCodes(redirect: RoutingRuleRedirect): ReadonlySet<number> {
  const out = new Set<number>();
  for (const part of (redirect.transparentMirrorResponseCodes ?? '').split(',')) {
    const t = part.trim();
    if (/^[1-5][0-9]{2}$/.test(t)) out.add(Number(t));
  }
  return out;
}

/** The origin's status and body go to the client as they are (not stored, no failover). */
export function passesThrough(redirect: RoutingRuleRedirect, status: number): boolean {
  return transparentCodes(redirect).has(status);
}

/**
 * Whether OSS, after this answer of one origin (its status; undefined for a network failure), asks the
 * next origin: a TransparentMirrorResponseCodes status is handed to the client as it is, anything else
 * switches as triesNextOrigin says (the order of the emulator's fetchFromOrigins).
 */
export function movesToNextOrigin(redirect: RoutingRuleRedirect, status: number | undefined): boolean {
  if (status === undefined) return triesNextOrigin(redirect, {});
  return !passesThrough(redirect, status) && triesNextOrigin(redirect, { status });
}

/** After an origin 404 a website bucket serves its ErrorDocument, unless 404 is a transparent code. */
export function errorDocumentAfterOrigin404(redirect: RoutingRuleRedirect): boolean {
  return !passesThrough(redirect, 404);
}
