import type { RoutingRule } from '../oss/models/website.ts';
import { MIRROR_ASSUMPTIONS } from './assumptions.ts';

const KEY_VARIABLE = '${key}';

/** Whether the rule's prefix replacement applies (see MIRROR_ASSUMPTIONS.externalReplacesPrefixWithoutEnable). */
export function replacesPrefix(rule: RoutingRule): boolean {
  const r = rule.redirect;
  if (r.enableReplacePrefix === true) return true;
  const isMirror = r.redirectType === 'Mirror';
  return !isMirror && MIRROR_ASSUMPTIONS.externalReplacesPrefixWithoutEnable && r.replaceKeyPrefixWith !== undefined;
}

/**
 * The key the origin (Mirror) or the Location (External/AliCDN) uses for a requested key:
 * ReplaceKeyWith with every `${key}` substituted; else KeyPrefixEquals replaced by
 * ReplaceKeyPrefixWith (an empty prefix means "prepend"); else the key unchanged.
 */
export function mapKey(rule: RoutingRule, key: string): string {
  const r = rule.redirect;
  if (r.replaceKeyWith !== undefined && r.replaceKeyWith !== '') {
    return r.replaceKeyWith.split(KEY_VARIABLE).join(key);
  }
  if (replacesPrefix(rule)) {
    const prefix = rule.condition.keyPrefixEquals ?? '';
    const rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    return (r.replaceKeyPrefixWith ?? '') + rest;
  }
  return key;
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A key as a URL path (no leading "/"), each segment percent-encoded. Without `keepSlashes`, runs of
 * "/" collapse to one and leading slashes are dropped (MirrorPassOriginalSlashes=false).
 */
export function encodeKeyPath(key: string, keepSlashes: boolean): string {
  let path = key;
  if (!keepSlashes && MIRROR_ASSUMPTIONS.collapseSlashesUnlessPassOriginal) {
    path = path.replace(/\/{2,}/g, '/').replace(/^\//, '');
  }
  return path.split('/').map(encodeSegment).join('/');
}
