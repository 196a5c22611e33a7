import type { RoutingRule } from '../oss/models/website.ts';
import { MIRROR_TIMEOUT_MS } from './constants.ts';
import { originRequestHeaders } from './headers.ts';
import { matchRoutingRule } from './match.ts';
import { mapKey } from './key-map.ts';
import { mirrorUrls, type MirrorOrigin } from './origin-url.ts';
import { checksMd5, followsRedirects } from './outcome.ts';
import type { HeaderBag } from './types.ts';

/**
 * The Mirror rule OSS would run for a GET of a missing key, or undefined when the first matching rule
 * (for a 404) is not a Mirror rule or nothing matches. `headers` feed IncludeHeader conditions.
 */
export function findMirrorRule(rules: readonly RoutingRule[] | undefined, key: string, headers?: HeaderBag): RoutingRule | undefined {
  const input = headers === undefined ? { key, httpStatus: 404 } : { key, httpStatus: 404, headers };
  const rule = matchRoutingRule(rules, input);
  return rule?.redirect.redirectType === 'Mirror' ? rule : undefined;
}

/** Everything OSS decides before it sends a back-to-origin request for one key. */
export interface MirrorRequestPlan {
  rule: RoutingRule;
  /** The key after ReplaceKeyWith / prefix replacement (before URL encoding). */
  originKey: string;
  /** Origins in failover order with the full URL for this key. */
  origins: Array<MirrorOrigin & { url: string }>;
  /** Headers sent to every origin (lower-case names; `host` only when the rule passes the client's). */
  headers: Record<string, string>;
  /** Pass/Set entries that OSS would refuse. */
  refusedHeaders: string[];
  followRedirect: boolean;
  checkMd5: boolean;
  timeoutMs: number;
}

/** The back-to-origin request(s) OSS would make for `key` under a Mirror rule. */
export function planMirrorRequest(rule: RoutingRule, request: { key: string; rawQuery?: string; headers?: HeaderBag }): MirrorRequestPlan {
  const h = originRequestHeaders(rule.redirect.mirrorHeaders, request.headers);
  return {
    rule,
    originKey: mapKey(rule, request.key),
    origins: mirrorUrls(rule, request.key, request.rawQuery),
    headers: h.headers,
    refusedHeaders: h.refused,
    followRedirect: followsRedirects(rule.redirect),
    checkMd5: checksMd5(rule.redirect),
    timeoutMs: MIRROR_TIMEOUT_MS,
  };
}
