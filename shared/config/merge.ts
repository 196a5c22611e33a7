import { MAX_CORS_RULES, type CorsConfiguration } from '../oss/models/cors.ts';
import { MAX_ROUTING_RULES } from '../mirror/constants.ts';
import type { RoutingRule, WebsiteConfiguration } from '../oss/models/website.ts';
import { ConfigError } from './errors.ts';
import { formatPath } from './path.ts';
import type { PathSegments } from './path.ts';
import { conditionIdentity, corsRuleIdentity } from './identity.ts';


/**
 * Merge mode of DESIGN.md for website: ossedge owns the routing rules of `desired` (identified by
 * their condition); live rules with another condition are foreign. Result: owned rules in the
 * file's order, then foreign rules in their live priority order, renumbered 1..n. indexDocument and
 * errorDocument come from `desired` when given, else stay as live has them. Throws ConfigError
 * CONFIG_MERGE_LIMIT when the result exceeds MAX_ROUTING_RULES. Pure: inputs are not modified.
 */
export function mergeWebsite(desired: WebsiteConfiguration, live: WebsiteConfiguration | null, at: PathSegments = ['website']): WebsiteConfiguration {
  const owned = desired.routingRules ?? [];
  const ownedIds = new Set(owned.map((r) => conditionIdentity(r.condition)));
  const foreign = [...(live?.routingRules ?? [])]
    .sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0))
    .filter((r) => !ownedIds.has(conditionIdentity(r.condition)));
  const rules: RoutingRule[] = [...owned, ...foreign].map((r, i) => ({ ...structuredClone(r), ruleNumber: i + 1 }));
  if (rules.length > MAX_ROUTING_RULES) {
    throw limitError([...at, 'routingRules'], `merging ${owned.length} owned and ${foreign.length} foreign routing rules gives ${rules.length}; OSS allows at most ${MAX_ROUTING_RULES}`);
  }
  const out: WebsiteConfiguration = {};
  const index = desired.indexDocument ?? live?.indexDocument;
  const error = desired.errorDocument ?? live?.errorDocument;
  if (index !== undefined) out.indexDocument = structuredClone(index);
  if (error !== undefined) out.errorDocument = structuredClone(error);
  if (rules.length > 0) out.routingRules = rules;
  return out;
}

/**
 * Merge mode for CORS: owned rules are identified by their allowedOrigin + allowedMethod sets; owned
 * first in file order, foreign after in live order. responseVary from `desired` (it is always filled
 * by normalize). Throws CONFIG_MERGE_LIMIT above MAX_CORS_RULES.
 */
export function mergeCors(desired: CorsConfiguration, live: CorsConfiguration | null, at: PathSegments = ['cors']): CorsConfiguration {
  const ownedIds = new Set(desired.rules.map(corsRuleIdentity));
  const foreign = (live?.rules ?? []).filter((r) => !ownedIds.has(corsRuleIdentity(r)));
  const rules = [...desired.rules, ...foreign].map((r) => structuredClone(r));
  if (rules.length > MAX_CORS_RULES) {
    throw limitError([...at, 'rules'], `merging ${desired.rules.length} owned and ${foreign.length} foreign CORS rules gives ${rules.length}; OSS allows at most ${MAX_CORS_RULES}`);
  }
  const out: CorsConfiguration = { rules };
  const vary = desired.responseVary ?? live?.responseVary;
  if (vary !== undefined) out.responseVary = vary;
  return out;
}

function limitError(segments: PathSegments, message: string): ConfigError {
  return new ConfigError('CONFIG_MERGE_LIMIT', [{ path: formatPath(segments), segments, message, severity: 'error', code: 'CONFIG_MERGE_LIMIT' }]);
}
