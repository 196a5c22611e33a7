// Referer (hotlink protection) matching as OSS applies it; one model for audits, probes and the emulator.
export { REFERER_RULES, decideReferer, exampleReferer, normalizeReferer, refererPatternMatches, refererPatternRegExp, type RefererDecision, type RefererReason } from './match.ts';
