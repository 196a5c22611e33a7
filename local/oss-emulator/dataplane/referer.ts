import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import { REFERER_ASSUMPTIONS } from './assumptions.ts';

export type RefererDecision =
  | { allowed: true; reason: 'empty-allowed' | 'empty-with-empty-whitelist' | 'whitelisted' | 'whitelist-empty' }
  | { allowed: false; reason: 'empty-denied' | 'blacklisted' | 'not-whitelisted' };

/** Only anonymous and presigned requests are Referer-checked; a request with Authorization is not. */
export function refererChecked(auth: 'anonymous' | 'presigned' | 'header'): boolean {
  return auth !== 'header';
}

/**
 * The Referer as OSS compares it: the query string (from "?") removed when AllowTruncateQueryString
 * (default true), everything after scheme://host[:port] removed when TruncatePath.
 */
export function normalizeReferer(referer: string, config: Pick<RefererConfiguration, 'allowTruncateQueryString' | 'truncatePath'>): string {
  let out = referer;
  if (config.truncatePath && (config.allowTruncateQueryString !== false || REFERER_ASSUMPTIONS.truncatePathImpliesQuery)) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)/.exec(out);
    if (m?.[1]) return m[1];
  }
  if (config.allowTruncateQueryString !== false) {
    const q = out.indexOf('?');
    if (q >= 0) out = out.slice(0, q);
  }
  return out;
}

/** Work done by refererPatternMatches since the emulator started: tests bound it per request. */
export const refererMatchMeter = { steps: 0 };

/** As a non-unicode `/i` RegExp compares code units (ECMA-262 Canonicalize), the rule this replaced. */
function fold(c: string): string {
  if (!REFERER_ASSUMPTIONS.caseInsensitive) return c;
  const u = c.toUpperCase();
  return u.length === 1 && !(c.charCodeAt(0) >= 128 && u.charCodeAt(0) < 128) ? u : c;
}

/**
 * Glob match: `*` any run of characters, `?` exactly one; anchored per REFERER_ASSUMPTIONS.matchMode.
 * Greedy with one remembered star (a later star supersedes an earlier one, which never needs revisiting),
 * so at most about |pattern| × |referer| steps: no RegExp, no recursion, nothing a hostile entry can
 * blow up. Deliberately not shared/referer's matcher: the emulator is the independent oracle.
 */
export function refererPatternMatches(patternText: string, refererText: string): boolean {
  const whole = REFERER_ASSUMPTIONS.matchMode === 'whole';
  // folded once, not at every comparison: toUpperCase per step made an 8 KB entry take 9 s on a 16 KB Referer
  // (folding never yields `*` or `?`: a non-ASCII character never folds onto ASCII)
  const pattern = Array.from({ length: patternText.length }, (_, i) => fold(patternText[i]!));
  const referer = Array.from({ length: refererText.length }, (_, i) => fold(refererText[i]!));
  let p = 0;
  let r = 0;
  let star = -1;
  let resume = 0;
  while (r < referer.length) {
    refererMatchMeter.steps++;
    if (p === pattern.length && !whole) return true;
    const want = pattern[p];
    if (want === '*') {
      star = p++;
      resume = r;
    } else if (want !== undefined && (want === '?' || want === referer[r])) {
      p++;
      r++;
    } else if (star >= 0) {
      // Let the last star swallow one more character and retry what follows it.
      p = star + 1;
      r = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') {
    refererMatchMeter.steps++;
    p++;
  }
  return p === pattern.length;
}

/**
 * OSS's hotlink decision (user guide): 1. empty Referer → AllowEmptyReferer, else allowed only with an
 * empty whitelist; 2. blacklist match → denied; 3. whitelist match → allowed, no match → denied.
 */
export function decideReferer(config: RefererConfiguration, referer: string | undefined): RefererDecision {
  const whitelist = config.refererList ?? [];
  if (referer === undefined || referer === '') {
    if (config.allowEmptyReferer) return { allowed: true, reason: 'empty-allowed' };
    if (whitelist.length === 0) return { allowed: true, reason: 'empty-with-empty-whitelist' };
    return { allowed: false, reason: 'empty-denied' };
  }
  const value = normalizeReferer(referer, config);
  if ((config.refererBlacklist ?? []).some((p) => refererPatternMatches(p, value))) {
    return { allowed: false, reason: 'blacklisted' };
  }
  if (whitelist.length === 0) {
    return REFERER_ASSUMPTIONS.emptyWhitelistAllowsAny
      ? { allowed: true, reason: 'whitelist-empty' }
      : { allowed: false, reason: 'not-whitelisted' };
  }
  return whitelist.some((p) => refererPatternMatches(p, value))
    ? { allowed: true, reason: 'whitelisted' }
    : { allowed: false, reason: 'not-whitelisted' };
}
