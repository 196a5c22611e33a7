import { MAX_HEADER_ENTRIES, MAX_ROUTING_RULES } from '../../shared/mirror/constants.ts';
import { CORS_METHODS, MAX_CORS_RULES } from '../../shared/oss/models/cors.ts';
import type { CorsConfiguration, RefererConfiguration, WebsiteConfiguration } from '../../shared/oss/models/index.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';

/**
 * OSS's checks on PutBucketWebsite / PutBucketCors / PutBucketReferer bodies once they parse
 * (spec/oss-api.md §3, §5). Each failure is the first problem found, as OSS reports one at a time.
 */

const CORS_METHOD_SET: ReadonlySet<string> = new Set(CORS_METHODS);
const MIRROR_HEADER_KEY = /^[A-Za-z0-9-]{1,1024}$/;

const bad = (message: string, name: string, value?: string, ec = '0019-00000001'): OssEmulatorError =>
  ossErrors.invalidArgument(message, name, value, ec);

export function validateWebsite(w: WebsiteConfiguration): void {
  if (!w.indexDocument && !w.errorDocument && !w.routingRules) throw ossErrors.malformedXml('IndexDocument, ErrorDocument or RoutingRules is required.');
  const type = w.indexDocument?.type;
  if (type !== undefined && ![0, 1, 2].includes(type)) throw bad('IndexDocument Type must be 0, 1 or 2.', 'Type', String(type));
  if (w.indexDocument && !w.indexDocument.suffix) throw ossErrors.malformedXml('IndexDocument needs a Suffix.');
  const rules = w.routingRules ?? [];
  if (rules.length > MAX_ROUTING_RULES) throw bad(`At most ${MAX_ROUTING_RULES} routing rules are allowed.`, 'RoutingRules', String(rules.length), '0019-00000011');
  const numbers = new Set<number>();
  for (const rule of rules) {
    const n = rule.ruleNumber;
    if (n === undefined || n < 1) throw bad('RuleNumber must be a positive integer.', 'RuleNumber', n === undefined ? undefined : String(n));
    if (numbers.has(n)) throw bad('RuleNumber must be unique.', 'RuleNumber', String(n));
    numbers.add(n);
    const c = rule.condition;
    if ((c.includeHeaders?.length ?? 0) > MAX_HEADER_ENTRIES) throw bad(`At most ${MAX_HEADER_ENTRIES} IncludeHeader per rule.`, 'IncludeHeader');
    const r = rule.redirect;
    const type = r.redirectType;
    if (type === undefined || !['Mirror', 'External', 'AliCDN'].includes(type)) throw bad('RedirectType must be Mirror, External or AliCDN.', 'RedirectType', type);
    if (r.replaceKeyWith !== undefined && r.replaceKeyPrefixWith !== undefined) {
      throw bad('ReplaceKeyWith and ReplaceKeyPrefixWith cannot both be set.', 'ReplaceKeyWith', r.replaceKeyWith);
    }
    if (r.enableReplacePrefix && r.replaceKeyWith !== undefined) throw bad('EnableReplacePrefix cannot be true with ReplaceKeyWith.', 'EnableReplacePrefix', 'true');
    if (r.httpRedirectCode !== undefined && ![301, 302, 307].includes(r.httpRedirectCode)) {
      throw bad('HttpRedirectCode must be 301, 302 or 307.', 'HttpRedirectCode', String(r.httpRedirectCode));
    }
    if (type === 'Mirror') {
      const url = r.mirrorURL ?? '';
      if (!/^https?:\/\/[^/]+/i.test(url)) throw bad('MirrorURL must be an absolute http:// or https:// URL.', 'MirrorURL', url);
      if (!url.endsWith('/')) throw bad('MirrorURL must end with "/".', 'MirrorURL', url);
      if (c.httpErrorCodeReturnedEquals !== 404) throw bad('A Mirror rule needs HttpErrorCodeReturnedEquals 404.', 'HttpErrorCodeReturnedEquals');
      const slave = r.mirrorURLSlave;
      if (slave !== undefined && !/^https?:\/\/[^/]+.*\/$/i.test(slave)) throw bad('MirrorURLSlave must be an http(s) URL ending with "/".', 'MirrorURLSlave', slave);
    }
    const h = r.mirrorHeaders;
    if (h) {
      for (const [name, list] of [
        ['Pass', h.pass ?? []],
        ['Remove', h.remove ?? []],
        ['Set', (h.set ?? []).map((s) => s.key)],
      ] as const) {
        if (list.length > MAX_HEADER_ENTRIES) throw bad(`At most ${MAX_HEADER_ENTRIES} ${name} entries.`, name);
        for (const key of list) if (!MIRROR_HEADER_KEY.test(key)) throw bad(`Invalid mirror header name.`, name, key);
      }
      for (const s of h.set ?? []) {
        if (s.value.length > 1024 || /[\r\n]/.test(s.value)) throw bad('Invalid mirror header value.', 'Set', s.key);
      }
    }
  }
}

export function validateCors(c: CorsConfiguration): void {
  if (c.rules.length === 0) throw new OssEmulatorError(400, 'MalformedXML', 'CORSConfiguration needs at least one CORSRule.', '0034-00000002');
  if (c.rules.length > MAX_CORS_RULES) {
    throw ossErrors.invalidArgument(`At most ${MAX_CORS_RULES} CORS rules are allowed.`, 'CORSRule', String(c.rules.length), '0034-00000003');
  }
  for (const rule of c.rules) {
    if (rule.allowedOrigin.length === 0 || rule.allowedMethod.length === 0) {
      throw new OssEmulatorError(400, 'MalformedXML', 'A CORSRule needs AllowedOrigin and AllowedMethod.', '0034-00000002');
    }
    for (const m of rule.allowedMethod) {
      if (!CORS_METHOD_SET.has(m)) throw ossErrors.invalidArgument(`Unsupported CORS method ${m}.`, 'AllowedMethod', m, '0034-00000011');
    }
    for (const o of rule.allowedOrigin) {
      if (o.split('*').length > 2) throw ossErrors.invalidArgument('At most one "*" per AllowedOrigin.', 'AllowedOrigin', o, '0034-00000012');
    }
    for (const h of rule.allowedHeader ?? []) {
      if (h.split('*').length > 2) throw ossErrors.invalidArgument('At most one "*" per AllowedHeader.', 'AllowedHeader', h, '0034-00000013');
    }
    for (const h of rule.exposeHeader ?? []) {
      if (h.includes('*')) throw ossErrors.invalidArgument('ExposeHeader cannot contain "*".', 'ExposeHeader', h, '0034-00000014');
    }
    if (rule.maxAgeSeconds !== undefined && rule.maxAgeSeconds < 0) {
      throw ossErrors.invalidArgument('MaxAgeSeconds must not be negative.', 'MaxAgeSeconds', String(rule.maxAgeSeconds), '0034-00000015');
    }
  }
}

export function validateReferer(r: RefererConfiguration): void {
  if (r.truncatePath && r.allowTruncateQueryString === false) {
    throw ossErrors.invalidArgument('TruncatePath needs AllowTruncateQueryString true.', 'TruncatePath', 'true', '0031-00000002');
  }
  for (const [name, list] of [
    ['RefererList', r.refererList],
    ['RefererBlacklist', r.refererBlacklist ?? []],
  ] as const) {
    for (const entry of list) {
      if (entry.trim() === '' || entry.length > 1024) throw ossErrors.invalidArgument('A Referer entry must be 1..1024 characters.', name, entry, '0031-00000001');
    }
  }
}
