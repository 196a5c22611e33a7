// A rule-and-origin rig for origin-check tests: loopback origins only, a dialer that refuses anything else.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoutingRule, RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import type { RuleTarget } from '../../../shared/origin-check/types.ts';

export function mirrorRule(mirrorURL: string, redirect: Partial<RoutingRuleRedirect> = {}, prefix = 'a/', ruleNumber = 1): RoutingRule {
  return {
    ruleNumber,
    condition: { keyPrefixEquals: prefix, httpErrorCodeReturnedEquals: 404 },
    redirect: { redirectType: 'Mirror', mirrorURL, ...redirect },
  };
}

export function target(rule: RoutingRule, sampleKeys: string[], bucket = 'bkt'): RuleTarget {
  return { bucket, path: `buckets.${bucket}.website.routingRules[${(rule.ruleNumber ?? 1) - 1}]`, rule, sampleKeys, sampleSource: sampleKeys.length ? 'config' : 'prefix', source: 'config' };
}

export const BODY = 'hello from the origin\n';
export const md5b64 = (s: string | Buffer) => createHash('md5').update(s).digest('base64');

/** A plain object answer with every header OSS and refresh-stale-objects like. */
export function object(res: ServerResponse, body: string | Buffer = BODY, extra: Record<string, string> = {}): void {
  res.writeHead(200, {
    'content-length': String(Buffer.byteLength(body)), etag: `"${createHash('md5').update(body).digest('hex')}"`,
    'last-modified': new Date(0).toUTCString(), 'content-md5': md5b64(body), ...extra,
  });
  res.end(body);
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

/** Routes by the first path segment; anything unrouted answers 404. */
export function router(routes: Record<string, Route>): Route {
  return (req, res) => {
    const seg = (req.url ?? '/').split('?')[0]!.split('/')[1] ?? '';
    const route = routes[seg];
    if (route) route(req, res);
    else res.writeHead(404, { 'content-length': '9' }).end('not here\n');
  };
}
