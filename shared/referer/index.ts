// Referer (hotlink protection) matching as OSS applies it; one model for audits, probes and the emulator.
export { MatchBudgetError, REFERER_RULES, decideReferer, exampleReferer, matchCostBound, normalizeReferer, refererPatternMatches, type RefererDecision, type RefererReason, type StepMeter } from './match.ts';
export { wildcardMatch, type WildcardMatch, type WildcardOptions } from './wildcard.ts';
