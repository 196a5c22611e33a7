// Referer (hotlink protection) matching as OSS applies it; one model for audits, probes and the emulator.
export { REFERER_RULES, decideReferer, exampleReferer, normalizeReferer, refererPatternMatches, type RefererDecision, type RefererReason, type StepMeter } from './match.ts';
export { wildcardMatch, type WildcardMatch, type WildcardOptions } from './wildcard.ts';
