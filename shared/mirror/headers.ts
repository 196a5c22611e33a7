import type { MirrorHeaders } from '../oss/models/website.ts';
import { MIRROR_ASSUMPTIONS } from './assumptions.ts';
import { MIRROR_USER_AGENT, NEVER_PASSED_HEADERS, NEVER_PASSED_PREFIXES } from './constants.ts';
import { lowerCaseHeaders } from './header-bag.ts';
import type { HeaderBag } from './types.ts';

/** The documented headers no mirror rule can pass/remove/set (content-length, authorization, x-oss-*...). */
export function isDocumentedNeverPassed(name: string): boolean {
  const n = name.toLowerCase();
  return NEVER_PASSED_HEADERS.includes(n) || NEVER_PASSED_PREFIXES.some((p) => n.startsWith(p));
}

/** Documented never-passed headers plus host and hop-by-hop headers (MIRROR_ASSUMPTIONS.extraNeverPassed). */
export function isNeverPassedHeader(name: string): boolean {
  return isDocumentedNeverPassed(name) || MIRROR_ASSUMPTIONS.extraNeverPassed.includes(name.toLowerCase());
}

/** Why a header in a rule's Pass/Remove/Set is refused, or undefined when allowed (for validation). */
export function mirrorHeaderProblem(name: string): string | undefined {
  if (name.length === 0 || Buffer.byteLength(name) > 1024) return 'must be 1..1024 bytes';
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'may contain only letters, digits and "-"';
  if (isDocumentedNeverPassed(name)) return 'OSS never passes this header to an origin';
  return undefined;
}

/** The result of applying MirrorHeaders to a request: lower-case names to values. */
export interface OriginRequestHeaders {
  headers: Record<string, string>;
  /** Request headers a rule asked to pass but that can never be passed. */
  refused: string[];
}

/**
 * Headers OSS sends to the origin: (PassAll ? every request header : the Pass list) minus Remove
 * minus never-passed headers, then Set entries (added whether or not the request had them, winning
 * over passed values). User-Agent always carries `aliyun-oss-mirror`. Host is not included: it
 * follows the origin URL.
 */
export function originRequestHeaders(rule: MirrorHeaders | undefined, requestHeaders: HeaderBag | undefined): OriginRequestHeaders {
  const req = lowerCaseHeaders(requestHeaders);
  const remove = new Set((rule?.remove ?? []).map((h) => h.toLowerCase()));
  const headers: Record<string, string> = {};
  const refused: string[] = [];
  const candidates = rule?.passAll ? [...req.keys()] : (rule?.pass ?? []).map((h) => h.toLowerCase());
  for (const name of candidates) {
    const value = req.get(name);
    if (value === undefined || remove.has(name)) continue;
    if (isNeverPassedHeader(name)) {
      if (!rule?.passAll) refused.push(name);
      continue;
    }
    headers[name] = value;
  }
  for (const { key, value } of rule?.set ?? []) {
    const name = key.toLowerCase();
    if (isNeverPassedHeader(name) || /[\r\n]/.test(value)) {
      refused.push(name);
      continue;
    }
    headers[name] = value;
  }
  const ua = headers['user-agent'];
  headers['user-agent'] = ua && MIRROR_ASSUMPTIONS.appendMirrorUserAgent ? `${ua} ${MIRROR_USER_AGENT}` : MIRROR_USER_AGENT;
  return { headers, refused };
}
