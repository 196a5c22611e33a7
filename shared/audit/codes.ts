import type { Severity } from '../report/model.ts';

/** Every finding code of audit-referer, its usual severity and its fix hint (README "audit-referer" defines each). */
export const FINDINGS = {
  REFERER_UNPROTECTED: {
    severity: 'high',
    hint: 'Add a Referer whitelist with your own sites (referer.refererList) and set allowEmptyReferer: false, or make the bucket private.',
  },
  REFERER_EMPTY_ALLOWED: {
    severity: 'medium',
    hint: 'Set allowEmptyReferer: false: a hotlinking page can strip the Referer (rel="noreferrer", Referrer-Policy: no-referrer) and pass.',
  },
  REFERER_WILDCARD_ANY: {
    severity: 'high',
    hint: 'Replace the entry with your own domains, e.g. https://www.example.com/* and https://*.example.com/*.',
  },
  REFERER_LOOKALIKE_HOST: {
    severity: 'low',
    hint: 'End the entry with the path: https://www.example.com/* instead of https://www.example.com, so that https://www.example.com.attacker.io cannot match it.',
  },
  REFERER_LIST_CONFLICT: {
    severity: 'medium',
    hint: 'The blacklist is checked first and wins: remove the whitelist entry it blocks, or narrow one of the two entries so they no longer overlap.',
  },
  REFERER_CHECKS_INCOMPLETE: {
    severity: 'low',
    hint: 'Shorten the Referer lists (fewer, shorter entries): past a bound of matching work per bucket, the audit does not finish the wildcard, look-alike, conflict and own-domain checks.',
  },
  REFERER_OWN_DOMAIN_BLOCKED: {
    severity: 'high',
    hint: 'Add the custom domain to the whitelist (https://DOMAIN/* and http://DOMAIN/*), or its own pages cannot load their assets.',
  },
  REFERER_QUERY_NOT_TRUNCATED: {
    severity: 'low',
    hint: 'Set allowTruncateQueryString: true and list entries without query strings: whoever links decides the query string.',
  },
  REFERER_QUERY_ENTRY_UNREACHABLE: {
    severity: 'medium',
    hint: 'OSS removes the query string before matching (allowTruncateQueryString: true), so this entry never matches: drop its query part.',
  },
  REFERER_ENTRY_NO_SCHEME: {
    severity: 'low',
    hint: 'Browsers send Referers with a scheme: write https://www.example.com/* (or *://... with a wildcard) instead of www.example.com.',
  },
  REFERER_DRIFT: {
    severity: 'medium',
    hint: 'Run `ossedge apply` (or wait for apply-config\'s drift timer) to restore ossedge.yaml\'s Referer settings, or update the file.',
  },
  CORS_ANY_ORIGIN_WITH_REFERER: {
    severity: 'medium',
    hint: 'List the whitelisted sites as CORS AllowedOrigin instead of "*", so CORS and Referer rules tell the same story.',
  },
  REFERER_ENFORCEMENT_MISMATCH: {
    severity: 'high',
    hint: 'OSS answered differently from what the bucket\'s Referer configuration says: re-apply the configuration and check CDN or proxy rules in front of the bucket.',
  },
  REFERER_PROBE_SKIPPED: {
    severity: 'info',
    hint: 'Put a small object in the bucket (or name one with probeKey) so the live probe can check enforcement.',
  },
} as const satisfies Record<string, { severity: Severity; hint: string }>;

export type FindingCode = keyof typeof FINDINGS;

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && v in SEVERITY_RANK;
}

/** True when `s` is at or above `threshold`. */
export function atLeast(s: Severity | undefined, threshold: Severity): boolean {
  return s !== undefined && SEVERITY_RANK[s] >= SEVERITY_RANK[threshold];
}
