// shared/origin-check: validate-mirror-origin's check engine, also apply-config's pre-flight (a plain call).
export * from './types.ts';
export { runCheck, worst } from './check.ts';
export { checkNetwork, type NetworkCheckInput, type NetworkFindings } from './network.ts';
export { checkSample, type SampleProbe } from './http.ts';
export { headerRulesOutcome, looksLikeOss, rulePassesHost } from './header-rules.ts';
export { DEFAULT_CLIENT_HEADERS, checkRules, ruleSummary } from './run.ts';
export { type KeyLister, isCheckedRule, sampleKeysFor, targetsFromConfig, targetsFromConfigFile, targetsFromWebsite } from './targets.ts';
export { VALIDATE_FUNCTION, addRuleItems } from './report.ts';
export { type PreflightOptions, type PreflightOutcome, blockedBuckets, preflightMirrorRules } from './preflight.ts';
export { createApplyPreflight } from './apply-preflight.ts';
