import type { RoutingRule } from '../oss/models/website.ts';
import { DEFAULT_EXTERNAL_REDIRECT_CODE } from './constants.ts';
import { encodeKeyPath, mapKey } from './key-map.ts';
import { passedQueryString, withQuery } from './query.ts';

/** The request facts an External/AliCDN redirect needs. */
export interface RedirectRequest {
  key: string;
  rawQuery?: string;
  /** Host of the request to OSS (used when the rule has no HostName). */
  host: string;
  /** 'http' | 'https' of the request to OSS (used when the rule has no Protocol). */
  protocol: string;
}

export interface RedirectAnswer {
  status: number;
  location: string;
}

/**
 * What OSS answers for an External (or AliCDN) rule: HttpRedirectCode (default 302) and a Location
 * of Protocol://HostName/<mapped key>[?query when PassQueryString].
 */
export function externalRedirect(rule: RoutingRule, req: RedirectRequest): RedirectAnswer {
  const r = rule.redirect;
  const protocol = (r.protocol || req.protocol).replace(/:$/, '');
  const host = r.hostName || req.host;
  const path = encodeKeyPath(mapKey(rule, req.key), true);
  const query = r.passQueryString ? passedQueryString(req.rawQuery) : '';
  return {
    status: r.httpRedirectCode ?? DEFAULT_EXTERNAL_REDIRECT_CODE,
    location: withQuery(`${protocol}://${host}/${path}`, query),
  };
}
