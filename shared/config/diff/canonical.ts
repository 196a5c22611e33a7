import type { CorsConfiguration, CorsRule } from '../../oss/models/cors.ts';
import type { RefererConfiguration } from '../../oss/models/referer.ts';
import type {
  KeyValue,
  MirrorHeaders,
  RoutingRule,
  RoutingRuleCondition,
  RoutingRuleRedirect,
  WebsiteConfiguration,
} from '../../oss/models/website.ts';
import { OSS_DEFAULTS } from '../defaults.ts';

/**
 * Canonical forms for comparison only (never sent): OSS defaults equalized on both sides (the
 * small sections spell them out, Redirect flags equal to their default are left out so plans stay
 * readable), empty
 * strings/lists/containers dropped, and sets sorted where OSS's meaning does not depend on order
 * (header lists, pass/remove/set, alternates by number, taggings, CORS origins/methods/headers,
 * Referer lists). Rule order (priority) is kept: routing rules sorted by ruleNumber, CORS rules as
 * listed. Secrets are dropped: GET returns them masked, so they can never be compared.
 */

/** Boolean Redirect flags and what an absent one means (defaults.ts); canonical forms leave defaults out. */
export const REDIRECT_FLAG_DEFAULTS: Readonly<Record<string, boolean>> = {
  passQueryString: false,
  mirrorSNI: false,
  mirrorPassQueryString: false,
  mirrorFollowRedirect: OSS_DEFAULTS.mirrorFollowRedirect,
  mirrorCheckMd5: OSS_DEFAULTS.mirrorCheckMd5,
  enableReplacePrefix: false,
  mirrorUsingRole: false,
  mirrorPassOriginalSlashes: false,
  mirrorAllowVideoSnapshot: false,
  mirrorUserLastModified: false,
  mirrorIsExpressTunnel: false,
  mirrorProxyPass: false,
  mirrorSwitchAllErrors: false,
  mirrorAllowGetImageInfo: false,
  mirrorSaveOssMeta: false,
  mirrorAllowHeadObject: false,
  passAll: false,
};

const sortedSet = (xs: readonly string[] | undefined, fold?: (s: string) => string): string[] | undefined => {
  const values = (xs ?? []).filter((x) => x !== '').map((x) => (fold ? fold(x) : x));
  return values.length === 0 ? undefined : [...new Set(values)].sort();
};
const lower = (s: string): string => s.toLowerCase();
const nonEmpty = (s: string | undefined): string | undefined => (s === '' ? undefined : s);

/** Drops undefined members so deep comparison and printing see only what is there. */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => prune(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
  return out as T;
}

export function canonicalWebsite(w: WebsiteConfiguration): WebsiteConfiguration {
  const out: WebsiteConfiguration = {};
  if (w.indexDocument !== undefined) {
    const supportSubDir = w.indexDocument.supportSubDir ?? OSS_DEFAULTS.supportSubDir;
    out.indexDocument = {
      suffix: nonEmpty(w.indexDocument.suffix),
      supportSubDir,
      type: supportSubDir ? (w.indexDocument.type ?? OSS_DEFAULTS.indexType) : undefined,
    };
  }
  if (w.errorDocument !== undefined) {
    out.errorDocument = { key: nonEmpty(w.errorDocument.key), httpStatus: w.errorDocument.httpStatus ?? OSS_DEFAULTS.errorHttpStatus };
  }
  const rules = [...(w.routingRules ?? [])].sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0));
  if (rules.length > 0) out.routingRules = rules.map(canonicalRule);
  return prune(out);
}

function canonicalRule(rule: RoutingRule): RoutingRule {
  const out: RoutingRule = { ruleNumber: rule.ruleNumber, condition: canonicalCondition(rule.condition), redirect: canonicalRedirect(rule.redirect) };
  const script = nonEmpty(rule.luaConfig?.script);
  if (script !== undefined) out.luaConfig = { script };
  return out;
}

function canonicalCondition(c: RoutingRuleCondition | undefined): RoutingRuleCondition {
  const headers = (c?.includeHeaders ?? [])
    .map((h) => prune({ key: lower(h.key), equals: h.equals, startsWith: h.startsWith, endsWith: h.endsWith }))
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    keyPrefixEquals: nonEmpty(c?.keyPrefixEquals),
    keySuffixEquals: nonEmpty(c?.keySuffixEquals),
    httpErrorCodeReturnedEquals: c?.httpErrorCodeReturnedEquals,
    includeHeaders: headers.length > 0 ? headers : undefined,
  };
}

function canonicalKeyValues(list: readonly KeyValue[] | undefined, foldKey: boolean): KeyValue[] | undefined {
  const out = (list ?? []).map((kv) => ({ key: foldKey ? lower(kv.key) : kv.key, value: kv.value }));
  out.sort((a, b) => (a.key === b.key ? (a.value < b.value ? -1 : 1) : a.key < b.key ? -1 : 1));
  return out.length > 0 ? out : undefined;
}

function canonicalHeaders(h: MirrorHeaders | undefined): MirrorHeaders | undefined {
  const out: MirrorHeaders = {
    passAll: h?.passAll === true ? true : undefined,
    pass: sortedSet(h?.pass, lower),
    remove: sortedSet(h?.remove, lower),
    set: canonicalKeyValues(h?.set, true),
  };
  return out.passAll || out.pass || out.remove || out.set ? out : undefined;
}

function canonicalRedirect(r: RoutingRuleRedirect): RoutingRuleRedirect {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = typeof v === 'string' ? nonEmpty(v) : v;
  for (const [field, fallback] of Object.entries(REDIRECT_FLAG_DEFAULTS)) {
    if (field in out) out[field] = (out[field] ?? fallback) === fallback ? undefined : out[field];
  }
  const redirecting = r.redirectType === 'External' || r.redirectType === 'AliCDN';
  if (redirecting && (r.httpRedirectCode ?? OSS_DEFAULTS.httpRedirectCode) === OSS_DEFAULTS.httpRedirectCode) out.httpRedirectCode = undefined;
  out.mirrorHeaders = canonicalHeaders(r.mirrorHeaders);
  const alternates = (r.mirrorMultiAlternates ?? []).map((a) => prune({ ...a }));
  alternates.sort((a, b) => (a.mirrorMultiAlternateNumber ?? 0) - (b.mirrorMultiAlternateNumber ?? 0) || String(a.mirrorMultiAlternateURL).localeCompare(String(b.mirrorMultiAlternateURL)));
  out.mirrorMultiAlternates = alternates.length > 0 ? alternates : undefined;
  const auth = prune({ ...r.mirrorAuth, accessKeySecret: undefined });
  out.mirrorAuth = r.mirrorAuth && Object.keys(auth).length > 0 ? auth : undefined;
  out.mirrorTaggings = canonicalKeyValues(r.mirrorTaggings, false);
  out.mirrorReturnHeaders = canonicalKeyValues(r.mirrorReturnHeaders, true);
  const codes = sortedSet(r.transparentMirrorResponseCodes?.split(',').map((s) => s.trim()));
  out.transparentMirrorResponseCodes = codes?.join(',');
  return prune(out) as RoutingRuleRedirect;
}

export function canonicalCors(c: CorsConfiguration): CorsConfiguration {
  return prune({
    rules: c.rules.map(
      (rule): CorsRule => ({
        allowedOrigin: sortedSet(rule.allowedOrigin) ?? [],
        allowedMethod: sortedSet(rule.allowedMethod, (m) => m.toUpperCase()) ?? [],
        allowedHeader: sortedSet(rule.allowedHeader, lower),
        exposeHeader: sortedSet(rule.exposeHeader, lower),
        maxAgeSeconds: rule.maxAgeSeconds,
      }),
    ),
    responseVary: c.responseVary ?? OSS_DEFAULTS.responseVary,
  });
}

export function canonicalReferer(r: RefererConfiguration): RefererConfiguration {
  return {
    allowEmptyReferer: r.allowEmptyReferer ?? OSS_DEFAULTS.allowEmptyReferer,
    allowTruncateQueryString: r.allowTruncateQueryString ?? OSS_DEFAULTS.allowTruncateQueryString,
    truncatePath: r.truncatePath ?? false,
    refererList: sortedSet(r.refererList) ?? [],
    refererBlacklist: sortedSet(r.refererBlacklist) ?? [],
  };
}
