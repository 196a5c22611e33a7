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

/** Documented never-passed headers plus hop-by-hop headers (MIRROR_ASSUMPTIONS.extraNeverPassed). */
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
 * over passed values). User-Agent always carries `aliyun-oss-mirror`. `host` is included only when
 * the rule passes it (PassAll without removing it, or Pass): then the origin sees the bucket's Host;
 * otherwise the HTTP client sends the origin URL's own host.
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
    if (name === 'host' && !MIRROR_ASSUMPTIONS.hostFromRequestWhenPassed) continue;
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

/** Whether the rule sends the Host the client sent to OSS (PassAll without Remove host, or Pass host). */
export function rulePassesRequestHost(rule: MirrorHeaders | undefined): boolean {
  if (!rule || !MIRROR_ASSUMPTIONS.hostFromRequestWhenPassed) return false;
  if ((rule.remove ?? []).some((h) => h.toLowerCase() === 'host')) return false;
  return rule.passAll === true || (rule.pass ?? []).some((h) => h.toLowerCase() === 'host');
}
