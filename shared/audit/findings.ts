import { diffReferer } from '../config/diff/index.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import { decideReferer, exampleReferer, MatchBudgetError, normalizeReferer, refererPatternMatches, type StepMeter } from '../referer/index.ts';
import type { Severity } from '../report/model.ts';
import { FINDINGS, type FindingCode } from './codes.ts';
import { exposureOf } from './exposure.ts';
import type { BucketInventory, Exposure, Finding } from './types.ts';

const ATTACKER_HOST = 'ossedge-hotlink-check';
const LOOKALIKE_SUFFIX = '.ossedge-lookalike.invalid/page.html';
const COMMON_TLDS = ['com', 'net', 'org', 'cn', 'io'];
const EXAMPLE_FILLS = ['x', 'www', 'ossedge-example'];
/**
 * Matching work one bucket's findings may take (about a second and a half): the lists are the bucket
 * owner's, and checking every whitelist entry against every blacklist entry grows with the product of
 * their lengths (a 1 MiB configuration would take hours). Past it the remaining checks are skipped and
 * REFERER_CHECKS_INCOMPLETE says so.
 */
export const AUDIT_MATCH_STEP_LIMIT = 50_000_000;
/** At most this many REFERER_LIST_CONFLICT findings per bucket (n × n pairs can all conflict). */
export const MAX_CONFLICT_FINDINGS = 100;

function finding(bucket: string, code: FindingCode, message: string, extra: { target?: string; severity?: Severity; data?: Record<string, unknown> } = {}): Finding {
  return { bucket, code, severity: extra.severity ?? FINDINGS[code].severity, message, hint: FINDINGS[code].hint, ...(extra.target !== undefined ? { target: extra.target } : {}), ...(extra.data ? { data: extra.data } : {}) };
}

/** The host part of a list entry (after `scheme://`, before the path), lower-cased. */
function hostPart(entry: string): string {
  const s = entry.indexOf('://');
  const rest = s >= 0 ? entry.slice(s + 3) : entry;
  return rest.split(/[/?#]/, 1)[0]!.toLowerCase();
}

/** True when `entry` matches Referers of unrelated sites (`*`, `http*`, `https://*`, `*.com`...). */
export function matchesAnySite(entry: string, config: RefererConfiguration, meter?: StepMeter): boolean {
  const tld = /\.([a-z0-9-]+)$/.exec(hostPart(entry).replace(/[*?]/g, ''))?.[1];
  const tlds = new Set([...COMMON_TLDS, ...(tld ? [tld] : [])]);
  for (const t of tlds) {
    for (const scheme of ['https', 'http']) {
      const referer = normalizeReferer(`${scheme}://${ATTACKER_HOST}.${t}/hotlink/page.html`, config);
      if (refererPatternMatches(entry, referer, meter)) return true;
    }
  }
  return false;
}

/** True when a list entry carries a query string (`...?a=b` after the path start; `?` in the host is a wildcard). */
export function hasQueryString(entry: string): boolean {
  const s = entry.indexOf('://');
  const slash = entry.indexOf('/', s >= 0 ? s + 3 : 0);
  if (slash < 0) return false;
  const q = entry.indexOf('?', slash);
  return q >= 0 && /[=&]/.test(entry.slice(q));
}

/** `http(s)://`, a leading wildcard, or a scheme of letters and wildcards with a `*` (`ht*p://`). */
function hasScheme(entry: string): boolean {
  if (/^(https?:\/\/|[*?])/i.test(entry)) return true;
  // A scan, not /^[a-z*?]*\*[a-z*?]*:\/\//: that RegExp backtracks quadratically over a long entry.
  let end = 0;
  while (end < entry.length && /[a-z*?]/i.test(entry[end]!)) end++;
  return entry.startsWith('://', end) && entry.lastIndexOf('*', end) >= 0;
}

/**
 * True when a whitelist entry ends at its host (no path) and so, matched as a prefix (REFERER_RULES R1),
 * also allows look-alike hosts: `https://www.example.com` matches `https://www.example.com.attacker.io/`.
 */
export function matchesLookalikeHost(entry: string, config: RefererConfiguration, meter?: StepMeter): boolean {
  const s = entry.indexOf('://');
  if (s < 0 || /[/?#]/.test(entry.slice(s + 3))) return false;
  const filled = exampleReferer(entry, 'www');
  return filled !== undefined && refererPatternMatches(entry, normalizeReferer(`${filled}${LOOKALIKE_SUFFIX}`, config), meter);
}

function examples(entry: string): string[] {
  return EXAMPLE_FILLS.map((f) => exampleReferer(entry, f)).filter((e): e is string => e !== undefined);
}

function listFindings(inv: BucketInventory, ref: RefererConfiguration, exposure: Exposure, stepLimit: number): Finding[] {
  const out: Finding[] = [];
  const b = inv.name;
  const white = ref.refererList ?? [];
  const black = ref.refererBlacklist ?? [];
  if (exposure.readable && white.length === 0 && black.length === 0) {
    out.push(finding(b, 'REFERER_UNPROTECTED', `anyone can read the bucket (${exposure.reasons.join(', ')}) and it has no Referer rules: any site can hotlink its objects`, {
      severity: exposure.writable ? 'critical' : 'high', data: { reasons: exposure.reasons },
    }));
  }
  if (ref.allowEmptyReferer && white.length > 0) {
    out.push(finding(b, 'REFERER_EMPTY_ALLOWED', 'the whitelist is bypassed by requests without a Referer (allowEmptyReferer: true)', {
      severity: exposure.readable ? 'high' : 'medium', data: { readable: exposure.readable },
    }));
  }
  const meter: StepMeter = { steps: 0, limit: stepLimit };
  try {
    for (const w of white) {
      if (matchesAnySite(w, ref, meter)) out.push(finding(b, 'REFERER_WILDCARD_ANY', `whitelist entry ${JSON.stringify(w)} matches any site`, { target: w }));
    }
    for (const w of white) {
      if (hasScheme(w) && !matchesAnySite(w, ref, meter) && matchesLookalikeHost(w, ref, meter)) {
        out.push(finding(b, 'REFERER_LOOKALIKE_HOST', `whitelist entry ${JSON.stringify(w)} has no path, so it also allows look-alike hosts such as ${exampleReferer(w, 'www')}${LOOKALIKE_SUFFIX.replace(/\/.*$/, '')}`, { target: w }));
      }
    }
    // Each entry's examples once, not once per pair.
    const blackEx = new Map(black.map((k) => [k, examples(k)]));
    let conflicts = 0;
    pairs: for (const w of white) {
      const wEx = examples(w);
      for (const k of black) {
        const blockedAll = wEx.length > 0 && wEx.every((e) => refererPatternMatches(k, normalizeReferer(e, ref), meter));
        const overlap = blockedAll || blackEx.get(k)!.some((e) => refererPatternMatches(w, normalizeReferer(e, ref), meter)) || wEx.some((e) => refererPatternMatches(k, normalizeReferer(e, ref), meter));
        if (!overlap) continue;
        if (++conflicts > MAX_CONFLICT_FINDINGS) {
          out.push(finding(b, 'REFERER_CHECKS_INCOMPLETE', `more than ${MAX_CONFLICT_FINDINGS} whitelist and blacklist entries conflict: the first ${MAX_CONFLICT_FINDINGS} are reported`, { data: { conflictsReported: MAX_CONFLICT_FINDINGS } }));
          break pairs;
        }
        out.push(blockedAll
          ? finding(b, 'REFERER_LIST_CONFLICT', `whitelist entry ${JSON.stringify(w)} is blocked by blacklist entry ${JSON.stringify(k)} (the blacklist wins): it allows nothing`, { target: `${w} | ${k}`, severity: 'medium', data: { whitelisted: w, blacklisted: k, direction: 'whitelist-blocked' } })
          : finding(b, 'REFERER_LIST_CONFLICT', `blacklist entry ${JSON.stringify(k)} and whitelist entry ${JSON.stringify(w)} both match some Referers (the blacklist wins)`, { target: `${w} | ${k}`, severity: 'low', data: { whitelisted: w, blacklisted: k, direction: 'overlap' } }));
      }
    }
    for (const d of inv.cnames ?? []) {
      if (white.length === 0 && black.length === 0) break;
      const ok = ['https', 'http'].some((s) => decideReferer(ref, `${s}://${d}/index.html`, meter).allowed);
      if (!ok) out.push(finding(b, 'REFERER_OWN_DOMAIN_BLOCKED', `pages on the bucket's own custom domain ${d} are denied by its Referer rules`, { target: d }));
    }
  } catch (e) {
    if (!(e instanceof MatchBudgetError)) throw e;
    out.push(finding(b, 'REFERER_CHECKS_INCOMPLETE', `the Referer lists are too large to check in full (${white.length} whitelist and ${black.length} blacklist entries, ${referenceLength(white, black)} characters): wildcard, look-alike, conflict and own-domain checks stopped after ${meter.steps} steps`, {
      data: { steps: meter.steps, limit: stepLimit, entries: white.length + black.length },
    }));
  }
  const entries = [...white.map((e) => ['whitelist', e] as const), ...black.map((e) => ['blacklist', e] as const)];
  for (const [list, e] of entries) {
    if (!hasQueryString(e)) continue;
    if (ref.allowTruncateQueryString === false) {
      out.push(finding(b, 'REFERER_QUERY_NOT_TRUNCATED', `query-string truncation is off and ${list} entry ${JSON.stringify(e)} depends on a query string`, { target: e, data: { list } }));
    } else {
      out.push(finding(b, 'REFERER_QUERY_ENTRY_UNREACHABLE', `${list} entry ${JSON.stringify(e)} has a query string, which OSS removes from Referers before matching: it never matches`, { target: e, data: { list } }));
    }
  }
  for (const [list, e] of entries) {
    if (!hasScheme(e)) out.push(finding(b, 'REFERER_ENTRY_NO_SCHEME', `${list} entry ${JSON.stringify(e)} has no scheme and never matches a browser's Referer`, { target: e, data: { list } }));
  }
  if (white.length > 0) {
    (inv.cors?.rules ?? []).forEach((rule, i) => {
      if (rule.allowedOrigin.includes('*')) {
        out.push(finding(b, 'CORS_ANY_ORIGIN_WITH_REFERER', `CORS rule ${i + 1} allows any origin ("*") while the Referer whitelist allows only listed sites`, { target: `cors.rules[${i}]` }));
      }
    });
  }
  return out;
}

function referenceLength(white: readonly string[], black: readonly string[]): number {
  return [...white, ...black].reduce((n, e) => n + e.length, 0);
}

export interface AuditBucketOptions {
  /** The bucket's `referer` section of ossedge.yaml: undefined = not managed, null = OSS's default. */
  desiredReferer?: RefererConfiguration | null;
  /** Matching work allowed for this bucket (default AUDIT_MATCH_STEP_LIMIT). */
  stepLimit?: number;
}

/** Every finding for one bucket's inventory (pure: no I/O). */
export function auditBucket(inv: BucketInventory, options: AuditBucketOptions = {}): Finding[] {
  if (!inv.referer) return [];
  const out = listFindings(inv, inv.referer, exposureOf(inv), options.stepLimit ?? AUDIT_MATCH_STEP_LIMIT);
  if (options.desiredReferer !== undefined) {
    const plan = diffReferer(options.desiredReferer, inv.referer);
    if (plan.action !== 'none') {
      out.push(finding(inv.name, 'REFERER_DRIFT', `the Referer settings differ from ossedge.yaml: ${plan.text.join('; ')}`, { data: { changes: plan.text } }));
    }
  }
  return out;
}
