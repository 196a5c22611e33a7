import type { IncludeHeader, RoutingRule, RoutingRuleCondition } from '../oss/models/website.ts';
import { headerValue } from './header-bag.ts';
import type { HeaderBag, RuleMatchInput } from './types.ts';

/**
 * Rules in the order OSS evaluates them: ascending RuleNumber. A rule without a number keeps its
 * position (DESIGN.md: numbers default to 1, 2, ... by position) and the sort is stable.
 */
export function sortRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return rules
    .map((rule, i) => ({ rule, n: rule.ruleNumber ?? i + 1, i }))
    .sort((a, b) => a.n - b.n || a.i - b.i)
    .map((x) => x.rule);
}

/** One IncludeHeader: the header must be present and every given test (equals/startsWith/endsWith) hold. */
export function includeHeaderMatches(cond: IncludeHeader, headers: HeaderBag | undefined): boolean {
  const value = headerValue(headers, cond.key);
  if (value === undefined) return false;
  if (cond.equals !== undefined && value !== cond.equals) return false;
  if (cond.startsWith !== undefined && !value.startsWith(cond.startsWith)) return false;
  if (cond.endsWith !== undefined && !value.endsWith(cond.endsWith)) return false;
  return true;
}

/** ALL present sub-conditions must hold; an absent sub-condition does not constrain. */
export function conditionMatches(cond: RoutingRuleCondition, input: RuleMatchInput): boolean {
  if (cond.keyPrefixEquals !== undefined && !input.key.startsWith(cond.keyPrefixEquals)) return false;
  if (cond.keySuffixEquals !== undefined && !input.key.endsWith(cond.keySuffixEquals)) return false;
  if (cond.httpErrorCodeReturnedEquals !== undefined && cond.httpErrorCodeReturnedEquals !== input.httpStatus) {
    return false;
  }
  for (const h of cond.includeHeaders ?? []) {
    if (!includeHeaderMatches(h, input.headers)) return false;
  }
  return true;
}

/**
 * The rule OSS runs for a request: the first in RuleNumber order whose conditions all hold; later
 * rules are ignored. Matching never asks whether the origin has the object.
 */
export function matchRoutingRule(rules: readonly RoutingRule[] | undefined, input: RuleMatchInput): RoutingRule | undefined {
  if (!rules) return undefined;
  return sortRules(rules).find((r) => conditionMatches(r.condition, input));
}

/** 'Mirror' | 'External' | 'AliCDN' as OSS spells them; unknown values are returned unchanged. */
export function redirectTypeOf(rule: RoutingRule): string | undefined {
  return rule.redirect.redirectType;
}
