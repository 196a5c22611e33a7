import { conditionIdentity } from '../identity.ts';
import type { RoutingRuleCondition } from '../../oss/models/website.ts';
import type { PathSegments } from '../path.ts';
import { isObj } from './collector.ts';
import type { IssueCollector, Obj } from './collector.ts';
import { checkRoutingRule } from './routing-rule.ts';

/** OSS rules across a website section (spec/oss-api.md §3.1) and the merge-mode identity rules (DESIGN.md). */
export function checkWebsite(website: Obj, at: PathSegments, out: IssueCollector): void {
  const merge = website.mode === 'merge';
  if (website.indexDocument === undefined && website.errorDocument === undefined && website.routingRules === undefined) {
    out.error(at, 'CONFIG_OSS_RULE', 'needs at least one of indexDocument, errorDocument or routingRules (null deletes the website configuration)');
  }
  const index = website.indexDocument;
  if (isObj(index) && index.type !== undefined && index.supportSubDir !== true) {
    out.warn([...at, 'indexDocument', 'type'], 'CONFIG_NO_EFFECT', 'is used only when supportSubDir is true');
  }
  const error = website.errorDocument;
  if (isObj(error) && typeof error.httpStatus === 'number' && error.httpStatus !== 200 && error.httpStatus !== 404) {
    out.warn([...at, 'errorDocument', 'httpStatus'], 'CONFIG_UNUSUAL', 'OSS documents 200 and 404 for the error document');
  }
  if (!Array.isArray(website.routingRules)) return;
  const rules = website.routingRules;
  const numbers = new Map<number, number>();
  const conditions = new Map<string, number>();
  const ordered: Array<{ i: number; n: number; condition: RoutingRuleCondition }> = [];
  rules.forEach((rule, i) => {
    if (!isObj(rule)) return;
    const r = [...at, 'routingRules', i];
    checkRoutingRule(rule, r, out);
    checkNumber(rule, i, merge, numbers, r, out);
    if (!isObj(rule.condition) || !conditionIsWellTyped(rule.condition)) return;
    const condition = rule.condition as RoutingRuleCondition;
    const n = !merge && typeof rule.ruleNumber === 'number' ? rule.ruleNumber : i + 1;
    ordered.push({ i, n, condition });
    const id = conditionIdentity(condition);
    const first = conditions.get(id);
    if (first === undefined) conditions.set(id, i);
    else if (merge) out.error([...r, 'condition'], 'CONFIG_DUPLICATE', `same condition as routingRules[${first}]; in merge mode a rule is identified by its condition`);
  });
  checkShadowing(ordered, at, out);
}

/**
 * A rule that can never match: an earlier rule (by priority) matches every key and request it
 * matches, because OSS runs the first matching rule only (spec/oss-api.md §3.1).
 */
function checkShadowing(rules: Array<{ i: number; n: number; condition: RoutingRuleCondition }>, at: PathSegments, out: IssueCollector): void {
  const byPriority = [...rules].sort((a, b) => a.n - b.n);
  byPriority.forEach((later, k) => {
    const earlier = byPriority.slice(0, k).find((e) => covers(e.condition, later.condition));
    if (earlier !== undefined) {
      out.warn([...at, 'routingRules', later.i, 'condition'], 'CONFIG_SHADOWED', `can never match: routingRules[${earlier.i}] comes first and matches every request this rule matches`);
    }
  });
}

function covers(a: RoutingRuleCondition, b: RoutingRuleCondition): boolean {
  const headerId = (h: NonNullable<RoutingRuleCondition['includeHeaders']>[number]) => conditionIdentity({ includeHeaders: [h] });
  const bHeaders = new Set((b.includeHeaders ?? []).map(headerId));
  return (
    (b.keyPrefixEquals ?? '').startsWith(a.keyPrefixEquals ?? '') &&
    (b.keySuffixEquals ?? '').endsWith(a.keySuffixEquals ?? '') &&
    (a.httpErrorCodeReturnedEquals === undefined || a.httpErrorCodeReturnedEquals === b.httpErrorCodeReturnedEquals) &&
    (a.includeHeaders ?? []).every((h) => bHeaders.has(headerId(h)))
  );
}

function checkNumber(rule: Obj, i: number, merge: boolean, numbers: Map<number, number>, r: PathSegments, out: IssueCollector): void {
  const explicit = typeof rule.ruleNumber === 'number' && Number.isInteger(rule.ruleNumber);
  if (merge && rule.ruleNumber !== undefined) {
    out.warn([...r, 'ruleNumber'], 'CONFIG_NO_EFFECT', 'is ignored in merge mode: rules are renumbered 1..n in file order');
    return;
  }
  if (merge) return;
  if (rule.ruleNumber !== undefined && !explicit) return; // wrong type, reported structurally
  const n = explicit ? (rule.ruleNumber as number) : i + 1;
  const first = numbers.get(n);
  if (first === undefined) {
    numbers.set(n, i);
    return;
  }
  if (explicit) out.error([...r, 'ruleNumber'], 'CONFIG_DUPLICATE', `duplicate ruleNumber ${n} (also routingRules[${first}])`);
  else out.error(r, 'CONFIG_DUPLICATE', `is numbered ${n} by position, which routingRules[${first}] also uses; give every rule a ruleNumber or none`);
}

function conditionIsWellTyped(c: Obj): boolean {
  const okString = (v: unknown) => v === undefined || typeof v === 'string';
  return (
    okString(c.keyPrefixEquals) &&
    okString(c.keySuffixEquals) &&
    (c.httpErrorCodeReturnedEquals === undefined || typeof c.httpErrorCodeReturnedEquals === 'number') &&
    (c.includeHeaders === undefined || (Array.isArray(c.includeHeaders) && c.includeHeaders.every((h) => isObj(h) && typeof h.key === 'string')))
  );
}
