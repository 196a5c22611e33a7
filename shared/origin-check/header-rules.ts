import { MIRROR_ASSUMPTIONS } from '../mirror/assumptions.ts';
import { mirrorHeaderProblem } from '../mirror/headers.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { CheckOutcome } from './check.ts';

const OSS_HOST = /(^|\.)(oss(-[a-z0-9-]+)?\.aliyuncs\.com|aliyuncs\.com)$/i;

/** An origin that is itself OSS: an `*.aliyuncs.com` host, or an answer carrying OSS's own headers. */
export function looksLikeOss(headers: Record<string, string | string[] | undefined> | undefined, url?: string): boolean {
  if (url) {
    try {
      if (OSS_HOST.test(new URL(url).hostname)) return true;
    } catch {
      // not a URL: only the headers can tell
    }
  }
  if (!headers) return false;
  const server = headers.server;
  return headers['x-oss-request-id'] !== undefined || (typeof server === 'string' && /aliyunoss/i.test(server));
}

export function hostPassedHint(): string {
  return 'With passAll (or pass: host) OSS sends the bucket\'s Host to the origin; an origin that routes by Host (an OSS bucket, a virtual host, a CDN) answers something else, often 403, and users get 424 MirrorFailed. Add "host" to mirrorHeaders.remove, or list the headers to pass instead of passAll.';
}

/** Whether the rule's header rules would send the bucket's Host header (PassAll without removing it, Pass or Set). */
export function rulePassesHost(rule: RoutingRule): boolean {
  const h = rule.redirect.mirrorHeaders;
  if (!h) return false;
  const removed = (h.remove ?? []).some((n) => n.toLowerCase() === 'host');
  if (removed) return false;
  return h.passAll === true || (h.pass ?? []).some((n) => n.toLowerCase() === 'host') || (h.set ?? []).some((kv) => kv.key.toLowerCase() === 'host');
}

/**
 * The rule's header rules against what OSS can do: headers no rule can pass, hop-by-hop headers,
 * Host towards an OSS origin (the FAQ's 403 → 424 case), PassAll towards a private OSS origin.
 */
export function headerRulesOutcome(rule: RoutingRule, originUrls: string[]): CheckOutcome {
  const r = rule.redirect;
  const h = r.mirrorHeaders;
  const problems: CheckOutcome[] = [];
  const names = [
    ...(h?.pass ?? []).map((n) => ['pass', n] as const),
    ...(h?.remove ?? []).map((n) => ['remove', n] as const),
    ...(h?.set ?? []).map((kv) => ['set', kv.key] as const),
  ];
  for (const [list, name] of names) {
    const problem = mirrorHeaderProblem(name);
    if (problem) {
      problems.push({ status: 'fail', code: 'HEADER_NEVER_PASSED', message: `mirrorHeaders.${list} names ${name}: ${problem}`,
        hint: 'OSS refuses these headers in mirror rules (content-length, authorization, range, date, x-oss-*, oss-*, x-drs-*); remove the entry.' });
    } else if (list !== 'remove' && name.toLowerCase() !== 'host' && MIRROR_ASSUMPTIONS.extraNeverPassed.includes(name.toLowerCase())) {
      problems.push({ status: 'warn', code: 'HEADER_HOP_BY_HOP', message: `mirrorHeaders.${list} names ${name}, a hop-by-hop header that never reaches the origin`,
        hint: 'Remove the entry: connection-level headers are not forwarded.' });
    }
  }
  const ossOrigin = originUrls.some((u) => looksLikeOss(undefined, u));
  if (ossOrigin && rulePassesHost(rule)) {
    problems.push({ status: 'fail', code: 'HOST_PASSED_TO_OSS', message: 'the rule passes the bucket\'s Host header to an OSS origin', hint: hostPassedHint() });
  }
  if (r.mirrorUsingRole === true && h?.passAll === true) {
    problems.push({ status: 'fail', code: 'PASS_ALL_WITH_ROLE', message: 'passAll with mirrorUsingRole: the mirroring guide says back-to-origin with a role fails when all headers are passed',
      hint: 'Turn passAll off and list the headers the origin needs in mirrorHeaders.pass.' });
  }
  const privateOss = ossOrigin && r.mirrorAuth !== undefined;
  if (privateOss && h?.passAll === true) {
    problems.push({ status: 'warn', code: 'PASS_ALL_PRIVATE_OSS', message: 'passAll sends every client header to a private OSS origin',
      hint: 'Client headers (Authorization-like, cookies, conditional headers) mix into the signed back-to-origin request and can make the origin answer 403; pass only the headers the origin needs.' });
  }
  if (problems.length === 0) return { status: 'ok', code: 'HEADERS_OK', message: h ? 'header rules are all passable' : 'no header rules' };
  const worstFirst = problems.sort((a, b) => (a.status === 'fail' ? 0 : 1) - (b.status === 'fail' ? 0 : 1));
  const top = worstFirst[0]!;
  return { ...top, message: worstFirst.map((p) => p.message).join('; '), data: { problems: worstFirst } };
}
