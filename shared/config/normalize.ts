import type { CorsConfiguration } from '../oss/models/cors.ts';
import { DEFAULT_REFERER_CONFIGURATION } from '../oss/models/referer.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import type { RoutingRule, WebsiteConfiguration } from '../oss/models/website.ts';
import { OSS_DEFAULTS } from './defaults.ts';
import type { BucketConfig, DesiredCors, DesiredWebsite, OssedgeConfig, OwnershipMode, RoutingRuleMeta, WarmRuleConfig } from './types.ts';

type Raw = Record<string, unknown>;

/** A deep copy (config values are plain data). */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The validated file value → the shared/oss models plus ossedge metadata. Call only after
 * validateConfig found no error. Fills the defaults of defaults.ts marked "Filled" and numbers rules
 * 1..n by position when ruleNumber is omitted. Secrets stay `${env:NAME}` references.
 */
export function normalizeConfig(value: unknown): OssedgeConfig {
  const root = value as Raw;
  const defaults = (root.defaults ?? {}) as OssedgeConfig['defaults'];
  const buckets = Object.entries((root.buckets ?? {}) as Record<string, Raw>).map(([name, raw]) => normalizeBucket(name, raw));
  return { version: 1, defaults: clone(defaults), buckets };
}

function normalizeBucket(name: string, raw: Raw): BucketConfig {
  const bucket: BucketConfig = { name };
  if (typeof raw.region === 'string') bucket.region = raw.region;
  if (raw.website !== undefined) bucket.website = raw.website === null ? null : normalizeWebsite(raw.website as Raw);
  if (raw.cors !== undefined) bucket.cors = raw.cors === null ? null : normalizeCors(raw.cors as Raw);
  if (raw.referer !== undefined) bucket.referer = raw.referer === null ? null : normalizeReferer(raw.referer as Raw);
  return bucket;
}

export function normalizeWebsite(raw: Raw): DesiredWebsite {
  const mode = (raw.mode ?? 'replace') as OwnershipMode;
  const config: WebsiteConfiguration = {};
  if (raw.indexDocument !== undefined) {
    const index = clone(raw.indexDocument) as NonNullable<WebsiteConfiguration['indexDocument']>;
    index.supportSubDir ??= OSS_DEFAULTS.supportSubDir;
    if (index.supportSubDir) index.type ??= OSS_DEFAULTS.indexType;
    config.indexDocument = index;
  }
  if (raw.errorDocument !== undefined) {
    const error = clone(raw.errorDocument) as NonNullable<WebsiteConfiguration['errorDocument']>;
    error.httpStatus ??= OSS_DEFAULTS.errorHttpStatus;
    config.errorDocument = error;
  }
  const ruleMeta: RoutingRuleMeta[] = [];
  if (Array.isArray(raw.routingRules)) {
    const pairs = (raw.routingRules as Raw[]).map((r, i) => normalizeRule(r, i, mode));
    // OSS evaluates by RuleNumber; keep the model in that order (stable for equal numbers).
    if (mode === 'replace') pairs.sort((a, b) => (a.rule.ruleNumber ?? 0) - (b.rule.ruleNumber ?? 0));
    config.routingRules = pairs.map((p) => p.rule);
    ruleMeta.push(...pairs.map((p) => p.meta));
  }
  return { mode, config, ruleMeta };
}

function normalizeRule(raw: Raw, i: number, mode: OwnershipMode): { rule: RoutingRule; meta: RoutingRuleMeta } {
  const { sampleKeys, force, warm, ruleNumber, ...rest } = clone(raw);
  const rule = rest as unknown as RoutingRule;
  rule.ruleNumber = mode === 'merge' || typeof ruleNumber !== 'number' ? i + 1 : ruleNumber;
  if (rule.redirect.redirectType === 'Mirror') {
    rule.redirect.mirrorFollowRedirect ??= OSS_DEFAULTS.mirrorFollowRedirect;
    rule.redirect.mirrorCheckMd5 ??= OSS_DEFAULTS.mirrorCheckMd5;
  }
  const ordered: RoutingRule = { ruleNumber: rule.ruleNumber, condition: rule.condition, redirect: rule.redirect };
  if (rule.luaConfig !== undefined) ordered.luaConfig = rule.luaConfig;
  const meta: RoutingRuleMeta = { fileIndex: i, sampleKeys: Array.isArray(sampleKeys) ? (sampleKeys as string[]) : [], force: force === true };
  if (warm && typeof warm === 'object') meta.warm = warm as WarmRuleConfig;
  return { rule: ordered, meta };
}

export function normalizeCors(raw: Raw): DesiredCors {
  const mode = (raw.mode ?? 'replace') as OwnershipMode;
  const config: CorsConfiguration = {
    rules: clone(raw.rules) as CorsConfiguration['rules'],
    responseVary: typeof raw.responseVary === 'boolean' ? raw.responseVary : OSS_DEFAULTS.responseVary,
  };
  return { mode, config };
}

export function normalizeReferer(raw: Raw): RefererConfiguration {
  const r = clone(raw) as Partial<RefererConfiguration>;
  const out: RefererConfiguration = {
    allowEmptyReferer: r.allowEmptyReferer ?? OSS_DEFAULTS.allowEmptyReferer,
    allowTruncateQueryString: r.allowTruncateQueryString ?? OSS_DEFAULTS.allowTruncateQueryString,
    refererList: r.refererList ?? [...OSS_DEFAULTS.refererList],
  };
  if (r.truncatePath !== undefined) out.truncatePath = r.truncatePath;
  if (r.refererBlacklist !== undefined) out.refererBlacklist = r.refererBlacklist;
  return out;
}

/** The Referer configuration a `referer: null` section stands for (DESIGN.md: reset to OSS's default). */
export function defaultReferer(): RefererConfiguration {
  return clone({ ...DEFAULT_REFERER_CONFIGURATION, refererList: [...DEFAULT_REFERER_CONFIGURATION.refererList] });
}
