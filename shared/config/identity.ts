import type { CorsRule } from '../oss/models/cors.ts';
import type { IncludeHeader, RoutingRuleCondition } from '../oss/models/website.ts';

const sortedUnique = (xs: readonly string[]): string[] => [...new Set(xs)].sort();

/**
 * Identity of a routing rule in merge mode (DESIGN.md): its condition — keyPrefixEquals,
 * keySuffixEquals, httpErrorCodeReturnedEquals and the includeHeaders set (header names compared
 * case-insensitively, order ignored).
 */
export function conditionIdentity(condition: RoutingRuleCondition | undefined): string {
  const c = condition ?? {};
  const headers = (c.includeHeaders ?? [])
    .map((h: IncludeHeader) => [h.key.toLowerCase(), h.equals ?? null, h.startsWith ?? null, h.endsWith ?? null])
    .map((h) => JSON.stringify(h))
    .sort();
  return JSON.stringify([c.keyPrefixEquals ?? '', c.keySuffixEquals ?? '', c.httpErrorCodeReturnedEquals ?? null, headers]);
}

/** Identity of a CORS rule in merge mode: its allowedOrigin and allowedMethod sets. */
export function corsRuleIdentity(rule: Pick<CorsRule, 'allowedOrigin' | 'allowedMethod'>): string {
  return JSON.stringify([sortedUnique(rule.allowedOrigin), sortedUnique(rule.allowedMethod.map((m) => m.toUpperCase()))]);
}
