import type { RefererConfiguration } from '../oss/models/referer.ts';
import { wildcardMatch } from './wildcard.ts';
import { OssedgeError } from '../errors/base.ts';

/**
 * How ossedge models OSS's Referer decision (spec/oss-api.md §3.3). Where the documents are unclear
 * the choice is a constant here, the same one the emulator's data plane makes (its README, R1–R4):
 * - R1 `matchMode: 'prefix'`: a pattern is a glob anchored at the start of the (truncated) Referer;
 * - R2 a non-empty Referer is allowed when the whitelist is empty (unless blacklisted);
 * - R3 patterns and Referers compare case-insensitively;
 * - R4 TruncatePath also drops the query even when AllowTruncateQueryString is false.
 */
export const REFERER_RULES = Object.freeze({
  matchMode: 'prefix' as 'prefix' | 'whole',
  caseInsensitive: true,
  emptyWhitelistAllowsAny: true,
  truncatePathImpliesQuery: true,
});

export type RefererReason =
  | 'empty-allowed'
  | 'empty-with-empty-whitelist'
  | 'whitelisted'
  | 'whitelist-empty'
  | 'empty-denied'
  | 'blacklisted'
  | 'not-whitelisted';

export interface RefererDecision {
  allowed: boolean;
  reason: RefererReason;
  /** The list entry that decided, when one did. */
  pattern?: string;
}

type Truncation = Pick<RefererConfiguration, 'allowTruncateQueryString' | 'truncatePath'>;

/** The Referer as OSS compares it: query dropped with AllowTruncateQueryString (default true), path dropped with TruncatePath. */
export function normalizeReferer(referer: string, config: Truncation): string {
  const truncateQuery = config.allowTruncateQueryString !== false;
  if (config.truncatePath && (truncateQuery || REFERER_RULES.truncatePathImpliesQuery)) {
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)/.exec(referer);
    if (m?.[1]) return m[1];
  }
  if (!truncateQuery) return referer;
  const q = referer.indexOf('?');
  return q >= 0 ? referer.slice(0, q) : referer;
}

/**
 * Accumulates the matcher's steps across calls, so a caller (or a test) can bound the work a decision took.
 * With a `limit`, a match that could take the total past it is not run: MatchBudgetError instead.
 */
export interface StepMeter {
  steps: number;
  limit?: number;
}

/** A match refused because it could take its meter past the limit (the work asked for was too big). */
export class MatchBudgetError extends OssedgeError<'MATCH_BUDGET_EXCEEDED'> {
  override readonly name = 'MatchBudgetError';
  readonly limit: number;
  constructor(limit: number) {
    super('MATCH_BUDGET_EXCEEDED', `Referer matching would take more than ${limit} steps`);
    this.limit = limit;
  }
}

/**
 * The most steps one match of `pattern` over `referer` is charged: compiling the pattern (one per
 * character) and running it (wildcard.ts: words of states × input positions).
 */
export function matchCostBound(pattern: string, referer: string): number {
  return pattern.length + ((pattern.length >>> 5) + 1) * (referer.length + 1);
}

/**
 * Whether one list entry matches an (already normalized) Referer: `*` any run of characters, `?` exactly
 * one, everything else literal; linear in the Referer for a given entry (no RegExp over the entry).
 */
export function refererPatternMatches(pattern: string, referer: string, meter?: StepMeter): boolean {
  if (meter?.limit !== undefined && meter.steps + matchCostBound(pattern, referer) > meter.limit) throw new MatchBudgetError(meter.limit);
  const result = wildcardMatch(pattern, referer, { anchorEnd: REFERER_RULES.matchMode === 'whole', caseInsensitive: REFERER_RULES.caseInsensitive });
  // compiling is linear in the pattern and done per call: a match that fails at once still costs that
  if (meter) meter.steps += pattern.length + result.steps;
  return result.matched;
}

/**
 * OSS's hotlink decision for a Referer-checked request (anonymous or presigned): 1. an empty Referer is
 * allowed by AllowEmptyReferer, else only when the whitelist is empty; 2. a blacklist match denies;
 * 3. a whitelist match allows, no match denies (an empty whitelist allows, R2).
 */
export function decideReferer(config: RefererConfiguration, referer: string | undefined, meter?: StepMeter): RefererDecision {
  const whitelist = config.refererList ?? [];
  if (referer === undefined || referer === '') {
    if (config.allowEmptyReferer) return { allowed: true, reason: 'empty-allowed' };
    if (whitelist.length === 0) return { allowed: true, reason: 'empty-with-empty-whitelist' };
    return { allowed: false, reason: 'empty-denied' };
  }
  const value = normalizeReferer(referer, config);
  const black = (config.refererBlacklist ?? []).find((p) => refererPatternMatches(p, value, meter));
  if (black !== undefined) return { allowed: false, reason: 'blacklisted', pattern: black };
  if (whitelist.length === 0) return { allowed: REFERER_RULES.emptyWhitelistAllowsAny, reason: REFERER_RULES.emptyWhitelistAllowsAny ? 'whitelist-empty' : 'not-whitelisted' };
  const white = whitelist.find((p) => refererPatternMatches(p, value, meter));
  return white !== undefined ? { allowed: true, reason: 'whitelisted', pattern: white } : { allowed: false, reason: 'not-whitelisted' };
}

/**
 * A concrete Referer that `pattern` matches: wildcards filled (`*` → `fill`, `?` → `a`), every other
 * character itself. It matches by construction, so it is not matched again: that check cost
 * |pattern|² / 32 steps, minutes for one entry of a few hundred kilobytes.
 */
export function exampleReferer(pattern: string, fill = 'x'): string | undefined {
  return pattern.replace(/\*/g, fill).replace(/\?/g, 'a');
}
