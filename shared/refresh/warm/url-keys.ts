// Origin URLs (a CMS's "this page changed", a sitemap) back to bucket keys, only through prefix rules:
// a Mirror rule whose MirrorURL starts the URL, with its optional prefix replacement undone. A URL no rule
// produces is unmapped; one that a `replaceKeyWith` rule could produce, or that two rules map to
// different keys, is ambiguous: reported, never touched. Each candidate is checked forward (the key's
// own first matching rule must give back exactly this URL), so the inverse never invents a key.
import { originUrlFor, replacesPrefix } from '../../mirror/index.ts';
import type { RoutingRule } from '../../oss/models/website.ts';
import { mirrorRuleFor } from './engine.ts';
import { keyProblem } from './key-list.ts';

export type UrlMapping =
  | { kind: 'key'; url: string; key: string }
  | { kind: 'unmapped'; url: string }
  | { kind: 'ambiguous'; url: string; reason: string };

/** Percent-decoded path segments; undefined when the path is not valid percent-encoded UTF-8. */
function decodePath(path: string): string | undefined {
  try {
    return path.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

function candidate(rule: RoutingRule, bare: string): string | undefined {
  const base = rule.redirect.mirrorURL;
  if (!base) return undefined;
  const root = base.endsWith('/') ? base : `${base}/`;
  if (!bare.startsWith(root)) return undefined;
  const originKey = decodePath(bare.slice(root.length));
  if (originKey === undefined) return undefined;
  let key = originKey;
  if (replacesPrefix(rule)) {
    const replaced = rule.redirect.replaceKeyPrefixWith ?? '';
    if (!originKey.startsWith(replaced)) return undefined;
    key = (rule.condition.keyPrefixEquals ?? '') + originKey.slice(replaced.length);
  }
  return keyProblem(key) === undefined && originUrlFor(base, rule, key) === bare ? key : undefined;
}

export function keyForUrl(rules: readonly RoutingRule[], url: string): UrlMapping {
  const bare = url.split('#')[0]!.split('?')[0]!;
  const keys = new Set<string>();
  let replaceKeyWith = false;
  for (const rule of rules) {
    if (rule.redirect.redirectType !== 'Mirror' || !rule.redirect.mirrorURL) continue;
    if (rule.redirect.replaceKeyWith) {
      if (bare.startsWith(rule.redirect.mirrorURL)) replaceKeyWith = true;
      continue;
    }
    const key = candidate(rule, bare);
    // the key must really be served by this rule (OSS runs the first matching one)
    if (key !== undefined && mirrorRuleFor(rules, key) === rule) keys.add(key);
  }
  if (replaceKeyWith) return { kind: 'ambiguous', url, reason: 'a replaceKeyWith rule could produce this URL from many keys' };
  if (keys.size > 1) return { kind: 'ambiguous', url, reason: `rules map it to ${keys.size} different keys` };
  const [key] = keys;
  return key === undefined ? { kind: 'unmapped', url } : { kind: 'key', url, key };
}
