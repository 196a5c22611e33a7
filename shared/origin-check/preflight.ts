import type { MirrorRuleRef } from '../config/rules.ts';
import { checkRules, ruleSummary } from './run.ts';
import { type KeyLister, targetsFromConfig } from './targets.ts';
import type { FailingCheck, OriginCheckOptions, RuleResult, Verdict } from './types.ts';

export interface PreflightOptions extends OriginCheckOptions {
  /** Lists keys under a rule's prefix when the rule has no sampleKeys (omit to probe the prefix itself). */
  lister?: KeyLister;
}

/** The pre-flight verdict of one new or changed mirror rule. */
export interface PreflightOutcome {
  bucket: string;
  path: string;
  verdict: Verdict;
  force: boolean;
  /** The rule fails and has no `force: true`: the bucket's website change must not be applied. */
  blocked: boolean;
  /** e.g. "buckets.a.website.routingRules[0]: fail: primary: certificate ... expired". */
  message: string;
  /** Failing checks first, then warnings (check name, stable code, message, hint). */
  problems: FailingCheck[];
  result: RuleResult;
}

/**
 * apply-config's pre-flight: the origin checks of validate-mirror-origin as a plain function call.
 * A rule whose origin fails blocks its bucket's website change unless the rule says `force: true`.
 */
export async function preflightMirrorRules(rules: readonly MirrorRuleRef[], options: PreflightOptions = {}): Promise<PreflightOutcome[]> {
  if (rules.length === 0) return [];
  const targets = await targetsFromConfig(rules, options.lister, options.maxSampleKeys);
  const run = await checkRules(targets, options);
  return run.rules.map((result) => ({
    bucket: result.bucket,
    path: result.path,
    verdict: result.verdict,
    force: result.force,
    blocked: result.verdict === 'fail' && !result.force,
    message: ruleSummary(result),
    problems: result.problems,
    result,
  }));
}

/** Buckets whose website change a pre-flight blocks. */
export function blockedBuckets(outcomes: readonly PreflightOutcome[]): Set<string> {
  return new Set(outcomes.filter((o) => o.blocked).map((o) => o.bucket));
}
