import type { PathSegments } from '../path.ts';
import { isObj } from './collector.ts';
import type { IssueCollector, Obj } from './collector.ts';
import { isDocumentedNeverPassed } from '../../mirror/headers.ts';
import { checkOriginUrl } from './origin-url.ts';

/** Redirect fields that only External and AliCDN rules use. */
const REDIRECT_ONLY = ['protocol', 'hostName', 'httpRedirectCode'];

/** OSS rules of one routing rule that a schema cannot state (spec/oss-api.md §3.1). */
export function checkRoutingRule(rule: Obj, at: PathSegments, out: IssueCollector): void {
  const condition = isObj(rule.condition) ? rule.condition : undefined;
  const redirect = isObj(rule.redirect) ? rule.redirect : undefined;
  if (condition) checkIncludeHeaders(condition, [...at, 'condition'], out);
  if (!redirect) return;
  const r = [...at, 'redirect'];
  checkReplaceKey(redirect, condition, r, out);
  const type = redirect.redirectType;
  if (type === 'Mirror') checkMirror(rule, condition, redirect, at, out);
  else if (type === 'External' || type === 'AliCDN') checkExternal(rule, redirect, at, out, type);
}

function checkIncludeHeaders(condition: Obj, at: PathSegments, out: IssueCollector): void {
  if (!Array.isArray(condition.includeHeaders)) return;
  condition.includeHeaders.forEach((h, i) => {
    if (isObj(h) && h.equals === undefined && h.startsWith === undefined && h.endsWith === undefined) {
      out.error([...at, 'includeHeaders', i], 'CONFIG_OSS_RULE', 'needs one of equals, startsWith or endsWith');
    }
  });
}

function checkReplaceKey(redirect: Obj, condition: Obj | undefined, r: PathSegments, out: IssueCollector): void {
  const withKey = redirect.replaceKeyWith !== undefined;
  const withPrefix = redirect.replaceKeyPrefixWith !== undefined;
  if (withKey && withPrefix) {
    out.error([...r, 'replaceKeyPrefixWith'], 'CONFIG_OSS_RULE', 'at most one of replaceKeyWith and replaceKeyPrefixWith');
  }
  if (redirect.enableReplacePrefix === true && withKey) {
    out.error([...r, 'enableReplacePrefix'], 'CONFIG_OSS_RULE', 'cannot be true when replaceKeyWith is set');
  }
  if (withPrefix && !withKey && redirect.enableReplacePrefix !== true) {
    out.warn([...r, 'replaceKeyPrefixWith'], 'CONFIG_NO_EFFECT', 'has no effect unless enableReplacePrefix is true');
  }
  if (redirect.enableReplacePrefix === true && condition?.keyPrefixEquals === undefined) {
    out.warn([...r, 'enableReplacePrefix'], 'CONFIG_NO_EFFECT', 'replaces the condition\'s keyPrefixEquals, which is not set');
  }
  if (typeof redirect.replaceKeyWith === 'string' && /\$\{(?!key\})/.test(redirect.replaceKeyWith)) {
    out.warn([...r, 'replaceKeyWith'], 'CONFIG_VARIABLE', 'the only variable OSS replaces is ${key}');
  }
}

function checkMirror(rule: Obj, condition: Obj | undefined, redirect: Obj, at: PathSegments, out: IssueCollector): void {
  const r = [...at, 'redirect'];
  const code = condition?.httpErrorCodeReturnedEquals;
  if (condition && code === undefined) {
    out.error([...at, 'condition', 'httpErrorCodeReturnedEquals'], 'CONFIG_OSS_RULE', 'is required for a Mirror rule and must be 404');
  } else if (typeof code === 'number' && code !== 404) {
    out.error([...at, 'condition', 'httpErrorCodeReturnedEquals'], 'CONFIG_OSS_RULE', `a Mirror rule needs 404, got ${code}`);
  }
  if (redirect.mirrorURL === undefined) out.error([...r, 'mirrorURL'], 'CONFIG_REQUIRED', 'is required for a Mirror rule');
  checkOriginUrl(redirect.mirrorURL, [...r, 'mirrorURL'], out, true);
  checkOriginUrl(redirect.mirrorURLSlave, [...r, 'mirrorURLSlave'], out, true);
  checkOriginUrl(redirect.mirrorURLProbe, [...r, 'mirrorURLProbe'], out, false);
  checkAlternates(redirect, r, out);
  checkMirrorHeaders(redirect, r, out);
  if (redirect.mirrorUsingRole === true && redirect.mirrorRole === undefined) {
    out.error([...r, 'mirrorRole'], 'CONFIG_REQUIRED', 'is required when mirrorUsingRole is true');
  } else if (redirect.mirrorRole !== undefined && redirect.mirrorUsingRole !== true) {
    out.warn([...r, 'mirrorRole'], 'CONFIG_NO_EFFECT', 'has no effect unless mirrorUsingRole is true');
  }
  if (isObj(redirect.mirrorAuth) && (redirect.mirrorAuth.accessKeyId === undefined) !== (redirect.mirrorAuth.accessKeySecret === undefined)) {
    out.error([...r, 'mirrorAuth'], 'CONFIG_OSS_RULE', 'needs accessKeyId and accessKeySecret together');
  }
  for (const key of REDIRECT_ONLY) {
    if (redirect[key] !== undefined) out.warn([...r, key], 'CONFIG_NO_EFFECT', 'is used by External and AliCDN rules only; OSS ignores it on a Mirror rule');
  }
  checkSampleKeys(rule, condition, at, out);
  checkWarm(rule, at, out);
}

function checkAlternates(redirect: Obj, r: PathSegments, out: IssueCollector): void {
  if (!Array.isArray(redirect.mirrorMultiAlternates)) return;
  const seen = new Map<number, number>();
  redirect.mirrorMultiAlternates.forEach((alt, i) => {
    if (!isObj(alt)) return;
    const a = [...r, 'mirrorMultiAlternates', i];
    checkOriginUrl(alt.mirrorMultiAlternateURL, [...a, 'mirrorMultiAlternateURL'], out, true);
    const n = alt.mirrorMultiAlternateNumber;
    if (typeof n !== 'number') return;
    const first = seen.get(n);
    if (first !== undefined) {
      out.error([...a, 'mirrorMultiAlternateNumber'], 'CONFIG_DUPLICATE', `duplicate alternate number ${n} (also mirrorMultiAlternates[${first}])`);
    } else seen.set(n, i);
  });
}

function checkMirrorHeaders(redirect: Obj, r: PathSegments, out: IssueCollector): void {
  const h = redirect.mirrorHeaders;
  if (!isObj(h)) return;
  const at = [...r, 'mirrorHeaders'];
  const names = (list: unknown): string[] => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
  const pass = names(h.pass);
  pass.forEach((name, i) => {
    if (isDocumentedNeverPassed(name)) out.error([...at, 'pass', i], 'CONFIG_HEADER_NEVER_PASSED', `OSS never passes "${name}" to the origin`);
  });
  if (Array.isArray(h.set)) {
    h.set.forEach((s, i) => {
      if (isObj(s) && typeof s.key === 'string' && isDocumentedNeverPassed(s.key)) {
        out.error([...at, 'set', i, 'key'], 'CONFIG_HEADER_NEVER_PASSED', `OSS never passes "${s.key}" to the origin`);
      }
    });
  }
  const removed = new Set(names(h.remove).map((n) => n.toLowerCase()));
  pass.forEach((name, i) => {
    if (removed.has(name.toLowerCase())) out.warn([...at, 'pass', i], 'CONFIG_CONFLICT', `"${name}" is both passed and removed`);
  });
  if (h.passAll === true && pass.length > 0) out.warn([...at, 'pass'], 'CONFIG_NO_EFFECT', 'is redundant when passAll is true');
}

function checkSampleKeys(rule: Obj, condition: Obj | undefined, at: PathSegments, out: IssueCollector): void {
  if (!Array.isArray(rule.sampleKeys)) return;
  const prefix = typeof condition?.keyPrefixEquals === 'string' ? condition.keyPrefixEquals : '';
  const suffix = typeof condition?.keySuffixEquals === 'string' ? condition.keySuffixEquals : '';
  rule.sampleKeys.forEach((key, i) => {
    if (typeof key === 'string' && (!key.startsWith(prefix) || !key.endsWith(suffix))) {
      out.warn([...at, 'sampleKeys', i], 'CONFIG_SAMPLE_KEY', 'does not match the rule\'s keyPrefixEquals/keySuffixEquals, so OSS would never mirror it through this rule');
    }
  });
}

/** `warm:` beyond its shape: one list source, a zone Intl knows, a window that is not empty. */
function checkWarm(rule: Obj, at: PathSegments, out: IssueCollector): void {
  const warm = rule.warm as Obj | undefined;
  if (!warm || typeof warm !== 'object') return;
  const w = [...at, 'warm'];
  if (warm.keys !== undefined && warm.sitemap !== undefined) out.error(w, 'CONFIG_WARM', 'give keys or sitemap, not both');
  if (warm.keys === undefined && warm.sitemap === undefined) out.error(w, 'CONFIG_WARM', 'needs keys (oss://bucket/key of a key list) or sitemap (a URL)');
  if (typeof warm.timeZone === 'string') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: warm.timeZone });
    } catch {
      out.error([...w, 'timeZone'], 'CONFIG_WARM', `unknown time zone ${JSON.stringify(warm.timeZone)}`);
    }
  }
  if (typeof warm.window === 'string' && warm.window.slice(0, 5) === warm.window.slice(6)) out.error([...w, 'window'], 'CONFIG_WARM', 'start and end are the same');
  if (warm.timeZone !== undefined && warm.window === undefined) out.warn([...w, 'timeZone'], 'CONFIG_NO_EFFECT', 'only used with window');
}

function checkExternal(rule: Obj, redirect: Obj, at: PathSegments, out: IssueCollector, type: string): void {
  const r = [...at, 'redirect'];
  const targets = ['hostName', 'protocol', 'replaceKeyWith', 'replaceKeyPrefixWith', 'enableReplacePrefix'];
  if (!targets.some((k) => redirect[k] !== undefined && redirect[k] !== false)) {
    out.error(r, 'CONFIG_OSS_RULE', `an ${type} rule needs hostName (or protocol, replaceKeyWith or replaceKeyPrefixWith)`);
  }
  if (typeof redirect.hostName === 'string' && /[/@\s]/.test(redirect.hostName)) {
    out.error([...r, 'hostName'], 'CONFIG_HOST', 'must be a host name without scheme or path');
  }
  for (const key of Object.keys(redirect)) {
    if (key.startsWith('mirror')) out.warn([...r, key], 'CONFIG_NO_EFFECT', `is used by Mirror rules only; OSS ignores it on an ${type} rule`);
  }
  if (rule.sampleKeys !== undefined) out.warn([...at, 'sampleKeys'], 'CONFIG_NO_EFFECT', 'only Mirror rules are probed');
  if (rule.force !== undefined) out.warn([...at, 'force'], 'CONFIG_NO_EFFECT', 'only Mirror rules have an origin pre-flight');
  if (rule.warm !== undefined) out.warn([...at, 'warm'], 'CONFIG_NO_EFFECT', 'only Mirror rules are warmed');
}
