import type { RoutingRule, RoutingRuleRedirect } from '../oss/models/website.ts';
import { encodeKeyPath, mapKey } from './key-map.ts';
import { passedQueryString, withQuery } from './query.ts';

export type OriginRole = 'primary' | 'secondary' | 'alternate';

/** One origin base URL in failover order. */
export interface MirrorOrigin {
  role: OriginRole;
  /** The base URL as configured (MirrorURL, MirrorURLSlave or MirrorMultiAlternateURL). */
  baseUrl: string;
  /** MirrorMultiAlternateNumber for alternates. */
  number?: number;
}

/** MirrorURL, then MirrorURLSlave, then MirrorMultiAlternates by ascending number (absent ones skipped). */
export function mirrorOrigins(redirect: RoutingRuleRedirect): MirrorOrigin[] {
  const out: MirrorOrigin[] = [];
  if (redirect.mirrorURL) out.push({ role: 'primary', baseUrl: redirect.mirrorURL });
  if (redirect.mirrorURLSlave) out.push({ role: 'secondary', baseUrl: redirect.mirrorURLSlave });
  const alternates = (redirect.mirrorMultiAlternates ?? [])
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => !!a.mirrorMultiAlternateURL)
    .sort((x, y) => (x.a.mirrorMultiAlternateNumber ?? 0) - (y.a.mirrorMultiAlternateNumber ?? 0) || x.i - y.i);
  for (const { a } of alternates) {
    const origin: MirrorOrigin = { role: 'alternate', baseUrl: a.mirrorMultiAlternateURL as string };
    if (a.mirrorMultiAlternateNumber !== undefined) origin.number = a.mirrorMultiAlternateNumber;
    out.push(origin);
  }
  return out;
}

/** MirrorPassQueryString when set, else PassQueryString, else false. */
export function mirrorPassesQuery(redirect: RoutingRuleRedirect): boolean {
  return redirect.mirrorPassQueryString ?? redirect.passQueryString ?? false;
}

/** The URL OSS fetches from one origin base for a requested key (and the request's raw query). */
export function originUrlFor(base: string, rule: RoutingRule, key: string, rawQuery?: string): string {
  const r = rule.redirect;
  const root = base.endsWith('/') ? base : `${base}/`;
  const path = encodeKeyPath(mapKey(rule, key), r.mirrorPassOriginalSlashes === true);
  const query = mirrorPassesQuery(r) ? passedQueryString(rawQuery) : '';
  return withQuery(root + path, query);
}

/** Every URL OSS may fetch for a key, in failover order. */
export function mirrorUrls(rule: RoutingRule, key: string, rawQuery?: string): Array<MirrorOrigin & { url: string }> {
  return mirrorOrigins(rule.redirect).map((o) => ({ ...o, url: originUrlFor(o.baseUrl, rule, key, rawQuery) }));
}
