import { conditionIdentity, type BucketConfig } from '../config/index.ts';
import type { RoutingRule, WebsiteConfiguration } from '../oss/models/website.ts';
import { PreflightError } from './errors.ts';
import type { Preflight, PreflightResult, PreflightRule } from './types.ts';

const withoutNumber = (r: RoutingRule): string => JSON.stringify({ ...r, ruleNumber: undefined });

/** Mirror rules of `target` that live does not already have exactly (new or changed), with the file's sampleKeys/force. */
export function changedMirrorRules(desired: BucketConfig, target: WebsiteConfiguration, live: WebsiteConfiguration | null): PreflightRule[] {
  const existing = new Set((live?.routingRules ?? []).map(withoutNumber));
  const meta = new Map<string, { sampleKeys: string[]; force: boolean }>();
  const own = desired.website ?? undefined;
  own?.config.routingRules?.forEach((r, i) => {
    const m = own.ruleMeta[i];
    if (m) meta.set(conditionIdentity(r.condition), { sampleKeys: m.sampleKeys, force: m.force });
  });
  const out: PreflightRule[] = [];
  (target.routingRules ?? []).forEach((rule, index) => {
    if (rule.redirect.redirectType !== 'Mirror' || existing.has(withoutNumber(rule))) return;
    const m = meta.get(conditionIdentity(rule.condition));
    if (!m) return; // a foreign rule kept by merge mode is not ours to check
    out.push({ index, rule, sampleKeys: m.sampleKeys, force: m.force });
  });
  return out;
}

/** Runs the pre-flight on the changed rules and marks the forced ones; never throws for a failing rule (plan mode shows it). */
export async function previewPreflight(preflight: Preflight | undefined, bucket: string, rules: PreflightRule[]): Promise<PreflightResult[]> {
  if (!preflight || rules.length === 0) return [];
  const forced = new Set(rules.filter((r) => r.force).map((r) => r.index));
  return (await preflight(bucket, rules)).map((r) => (forced.has(r.ruleIndex) ? { ...r, forced: true } : r));
}

/** Runs the pre-flight on the changed rules; throws PreflightError when a rule without `force` failed. */
export async function runPreflight(preflight: Preflight | undefined, bucket: string, rules: PreflightRule[]): Promise<PreflightResult[]> {
  const results = await previewPreflight(preflight, bucket, rules);
  const blocking = results.filter((r) => !r.ok && !r.forced);
  if (blocking.length > 0) {
    throw new PreflightError(`${bucket}: origin pre-flight failed for ${blocking.map((r) => `routingRules[${r.ruleIndex}] (${r.code})`).join(', ')}`, results);
  }
  return results;
}
