import type { RoutingRule } from '../oss/models/website.ts';
import { formatPath } from './path.ts';
import type { OssedgeConfig } from './types.ts';

/** One Mirror rule of the file, as validate-mirror-origin and apply-config's pre-flight need it. */
export interface MirrorRuleRef {
  bucket: string;
  /** Bucket region from the file (or defaults.region), when known. */
  region?: string;
  /** `buckets.<bucket>.website.routingRules[<file index>]`, for reports. */
  path: string;
  /** The rule as normalized (ruleNumber filled; secrets still `${env:NAME}`). */
  rule: RoutingRule;
  sampleKeys: string[];
  force: boolean;
}

/** Every Mirror rule the file manages, bucket by bucket in file order, rules in priority order. */
export function listMirrorRules(config: OssedgeConfig): MirrorRuleRef[] {
  const out: MirrorRuleRef[] = [];
  for (const b of config.buckets) {
    const website = b.website;
    if (!website) continue;
    (website.config.routingRules ?? []).forEach((rule, i) => {
      if (rule.redirect.redirectType !== 'Mirror') return;
      const meta = website.ruleMeta[i];
      const region = b.region ?? config.defaults.region;
      out.push({
        bucket: b.name,
        ...(region !== undefined && { region }),
        path: formatPath(['buckets', b.name, 'website', 'routingRules', meta?.fileIndex ?? i]),
        rule,
        sampleKeys: meta?.sampleKeys ?? [],
        force: meta?.force ?? false,
      });
    });
  }
  return out;
}
