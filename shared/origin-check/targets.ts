import { formatPath } from '../config/path.ts';
import { type MirrorRuleRef, listMirrorRules } from '../config/rules.ts';
import type { OssedgeConfig } from '../config/types.ts';
import { sortRules } from '../mirror/match.ts';
import type { RoutingRule, WebsiteConfiguration } from '../oss/models/website.ts';
import { DEFAULT_MAX_SAMPLE_KEYS, type RuleTarget } from './types.ts';

/** Lists up to `max` keys of a bucket under a prefix (the mirrored copies already in OSS). */
export type KeyLister = (bucket: string, prefix: string, max: number) => Promise<string[]>;

/** Rules worth an origin check: Mirror rules, and External/AliCDN rules that name a host. */
export function isCheckedRule(rule: RoutingRule): boolean {
  const r = rule.redirect;
  return r.redirectType === 'Mirror' || ((r.redirectType === 'External' || r.redirectType === 'AliCDN') && !!r.hostName);
}

/** Sample keys: the rule's sampleKeys, else keys listed under its prefix, else the prefix itself. */
export async function sampleKeysFor(
  bucket: string,
  rule: RoutingRule,
  configured: readonly string[],
  lister: KeyLister | undefined,
  max = DEFAULT_MAX_SAMPLE_KEYS,
): Promise<Pick<RuleTarget, 'sampleKeys' | 'sampleSource'>> {
  if (configured.length > 0) return { sampleKeys: configured.slice(0, max), sampleSource: 'config' };
  const prefix = rule.condition.keyPrefixEquals ?? '';
  const suffix = rule.condition.keySuffixEquals ?? '';
  if (lister) {
    const listed = (await lister(bucket, prefix, max * 4).catch(() => [] as string[])).filter((k) => k.endsWith(suffix) && !k.endsWith('/'));
    if (listed.length > 0) return { sampleKeys: listed.slice(0, max), sampleSource: 'listed' };
  }
  return { sampleKeys: [`${prefix}${suffix}`], sampleSource: 'prefix' };
}

/** Targets from the file's mirror rules (listMirrorRules of shared/config). */
export async function targetsFromConfig(refs: readonly MirrorRuleRef[], lister?: KeyLister, max?: number): Promise<RuleTarget[]> {
  const out: RuleTarget[] = [];
  for (const ref of refs) {
    const samples = await sampleKeysFor(ref.bucket, ref.rule, ref.sampleKeys, lister, max);
    out.push({ bucket: ref.bucket, path: ref.path, rule: ref.rule, ...samples, force: ref.force, source: 'config' });
  }
  return out;
}

/** Targets from a live GetBucketWebsite answer. */
export async function targetsFromWebsite(bucket: string, website: WebsiteConfiguration, lister?: KeyLister, max?: number): Promise<RuleTarget[]> {
  const out: RuleTarget[] = [];
  for (const [i, rule] of sortRules(website.routingRules ?? []).entries()) {
    if (!isCheckedRule(rule)) continue;
    const samples = await sampleKeysFor(bucket, rule, [], lister, max);
    out.push({ bucket, path: `live:${bucket}/routingRules[${rule.ruleNumber ?? i + 1}]`, rule, ...samples, source: 'live' });
  }
  return out;
}

/**
 * Every checked rule of the file (Mirror rules as listMirrorRules gives them, plus External/AliCDN
 * rules with a host), limited to `buckets` when given.
 */
export async function targetsFromConfigFile(
  config: OssedgeConfig,
  options: { buckets?: readonly string[]; lister?: KeyLister; maxSampleKeys?: number } = {},
): Promise<RuleTarget[]> {
  const wanted = (b: string) => !options.buckets?.length || options.buckets.includes(b);
  const mirror = await targetsFromConfig(listMirrorRules(config).filter((r) => wanted(r.bucket)), options.lister, options.maxSampleKeys);
  const external: RuleTarget[] = [];
  for (const b of config.buckets) {
    if (!wanted(b.name) || !b.website) continue;
    for (const [i, rule] of (b.website.config.routingRules ?? []).entries()) {
      if (rule.redirect.redirectType === 'Mirror' || !isCheckedRule(rule)) continue;
      const meta = b.website.ruleMeta[i];
      const samples = await sampleKeysFor(b.name, rule, meta?.sampleKeys ?? [], options.lister, options.maxSampleKeys);
      external.push({ bucket: b.name, path: formatPath(['buckets', b.name, 'website', 'routingRules', meta?.fileIndex ?? i]), rule, ...samples, force: meta?.force ?? false, source: 'config' });
    }
  }
  return [...mirror, ...external];
}
