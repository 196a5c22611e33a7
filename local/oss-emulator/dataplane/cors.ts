import type { CorsConfiguration, CorsRule } from '../../../shared/oss/models/cors.ts';
import { CORS_ASSUMPTIONS } from './assumptions.ts';

/** A glob with `*` (at most one per value, by validation) matching any run of characters. */
function wildcardMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (pattern === '*') return true;
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's').test(value);
}

export function originAllowed(rule: CorsRule, origin: string): string | undefined {
  return rule.allowedOrigin.find((p) => wildcardMatches(p, origin, !CORS_ASSUMPTIONS.originCaseSensitive));
}

/** Splits Access-Control-Request-Headers ("a, B ,c") into lower-case names. */
export function parseRequestHeaders(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h !== '');
}

export interface CorsMatchInput {
  origin: string;
  /** The request method, or Access-Control-Request-Method for a preflight. */
  method: string;
  /** Lower-case names from Access-Control-Request-Headers (preflight only). */
  requestHeaders?: readonly string[];
}

/**
 * The first rule (in order) that allows the request: Origin matches an AllowedOrigin, the method an
 * AllowedMethod, and every requested header an AllowedHeader (PutBucketCors "CORS rule matching").
 */
export function matchCorsRule(config: CorsConfiguration | undefined, input: CorsMatchInput): CorsRule | undefined {
  for (const rule of config?.rules ?? []) {
    if (!originAllowed(rule, input.origin)) continue;
    if (!rule.allowedMethod.includes(input.method)) continue;
    const allowed = rule.allowedHeader ?? [];
    const headersOk = (input.requestHeaders ?? []).every((h) => allowed.some((p) => wildcardMatches(p, h, true)));
    if (!headersOk) continue;
    return rule;
  }
  return undefined;
}

function allowOriginValue(rule: CorsRule, origin: string): string {
  const matched = originAllowed(rule, origin);
  return matched === '*' && CORS_ASSUMPTIONS.starOriginAnswersStar ? '*' : origin;
}

export type PreflightAnswer =
  | { status: 200; headers: Record<string, string> }
  | { status: number; denied: true; code: string; message: string; headers: Record<string, string> };

/** `Vary: Origin` when ResponseVary is on (spec §3.2). */
export function varyHeaders(config: CorsConfiguration | undefined): Record<string, string> {
  return config?.responseVary ? { vary: 'Origin' } : {};
}

/** The answer to `OPTIONS /<object>` with Origin, Access-Control-Request-Method and optional -Headers. */
export function answerPreflight(
  config: CorsConfiguration | undefined,
  origin: string | undefined,
  requestMethod: string | undefined,
  requestHeaders: string | undefined,
): PreflightAnswer {
  const vary = varyHeaders(config);
  const deny = (message: string): PreflightAnswer => ({
    status: CORS_ASSUMPTIONS.deniedStatus,
    denied: true,
    code: CORS_ASSUMPTIONS.deniedCode,
    message,
    headers: vary,
  });
  if (!config || config.rules.length === 0) return deny(CORS_ASSUMPTIONS.notEnabledMessage);
  if (!origin || !requestMethod) return deny(CORS_ASSUMPTIONS.deniedMessage);
  const requested = parseRequestHeaders(requestHeaders);
  const rule = matchCorsRule(config, { origin, method: requestMethod, requestHeaders: requested });
  if (!rule) return deny(CORS_ASSUMPTIONS.deniedMessage);
  const headers: Record<string, string> = {
    ...vary,
    'access-control-allow-origin': allowOriginValue(rule, origin),
    'access-control-allow-methods': rule.allowedMethod.join(', '),
  };
  if (requested.length > 0 && CORS_ASSUMPTIONS.echoRequestedHeaders) headers['access-control-allow-headers'] = requested.join(', ');
  if (rule.exposeHeader?.length) headers['access-control-expose-headers'] = rule.exposeHeader.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return { status: 200, headers };
}

/** CORS headers for an actual request (any status): none without Origin or without a matching rule. */
export function actualRequestCorsHeaders(config: CorsConfiguration | undefined, origin: string | undefined, method: string): Record<string, string> {
  const headers = varyHeaders(config);
  if (!config || !origin) return headers;
  const rule = matchCorsRule(config, { origin, method });
  if (!rule) return headers;
  headers['access-control-allow-origin'] = allowOriginValue(rule, origin);
  if (CORS_ASSUMPTIONS.actualGetsAllowMethods) headers['access-control-allow-methods'] = rule.allowedMethod.join(', ');
  if (rule.exposeHeader?.length) headers['access-control-expose-headers'] = rule.exposeHeader.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return headers;
}
