import { stringify } from 'yaml';

/** A config that must be refused, the path named and a part of the message. */
export interface BadCase {
  name: string;
  /** The file text; built from `config` with the yaml library when not given. */
  text?: string;
  config?: unknown;
  filename?: string;
  path: string;
  message: string;
  /** The published JSON Schema also refuses it (a structural rule); false for rules only the validator knows. */
  schema: boolean;
}

export const cfg = (bucket: unknown, name = 'assets'): unknown => ({ version: 1, buckets: { [name]: bucket } });

export const mirrorRule = (redirect: Record<string, unknown> = {}, condition: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  condition: { keyPrefixEquals: 'img/', httpErrorCodeReturnedEquals: 404, ...condition },
  redirect: { redirectType: 'Mirror', mirrorURL: 'https://origin.example.com/', ...redirect },
  ...extra,
});

export const withRules = (rules: unknown[], extra: Record<string, unknown> = {}): unknown => cfg({ website: { routingRules: rules, ...extra } });
export const withRedirect = (redirect: Record<string, unknown>, condition: Record<string, unknown> = {}): unknown =>
  withRules([mirrorRule(redirect, condition)]);
export const withCors = (rules: unknown[]): unknown => cfg({ cors: { rules } });
const corsRule = (over: Record<string, unknown> = {}) => ({ allowedOrigin: ['https://a.example.com'], allowedMethod: ['GET'], ...over });
export const withReferer = (referer: Record<string, unknown>): unknown => cfg({ referer });

const R = 'buckets.assets.website.routingRules[0]';
const D = `${R}.redirect`;
const C = 'buckets.assets.cors.rules[0]';

export const CLEAR_SECRET = 'sk-Very-Secret-Value-123';

export const BAD_CASES: BadCase[] = [
  // parsing
  { name: 'malformed YAML', text: 'version: 1\nbuckets:\n  assets: {website: [\n', path: '', message: 'malformed YAML', schema: false },
  { name: 'malformed JSON', text: '{\n  "version": 1,\n  "buckets": {,}\n}\n', filename: 'ossedge.json', path: '', message: 'malformed JSON', schema: false },
  { name: 'body over the size limit', text: `version: 1\nbuckets: {}\n# ${'x'.repeat(1024 * 1024)}\n`, path: '', message: 'the limit is 1048576 bytes (1 MiB)', schema: false },
  {
    name: 'duplicate bucket names',
    text: 'version: 1\nbuckets:\n  assets:\n    referer: null\n  assets:\n    cors: null\n',
    path: 'buckets.assets',
    message: 'duplicate bucket name "assets" (first defined on line 3)',
    schema: false,
  },
  // top level
  { name: 'version missing', config: { buckets: {} }, path: 'version', message: 'is required', schema: true },
  { name: 'version 2', config: { version: 2, buckets: {} }, path: 'version', message: 'must be one of 1, got 2', schema: true },
  { name: 'version as a string', config: { version: '1', buckets: {} }, path: 'version', message: 'must be an integer, got a string (write 1 without quotes)', schema: true },
  { name: 'buckets as a list', config: { version: 1, buckets: ['assets'] }, path: 'buckets', message: 'must be a mapping, got a list', schema: true },
  { name: 'unknown top-level key', config: { version: 1, buckets: {}, bucket: {} }, path: 'bucket', message: 'unknown key "bucket" (did you mean "buckets"?)', schema: true },
  { name: 'invalid bucket name', config: cfg({}, 'My_Bucket'), path: 'buckets.My_Bucket', message: 'is not a valid bucket name', schema: true },
  { name: 'bucket name too short', config: cfg({}, 'ab'), path: 'buckets.ab', message: 'is not a valid bucket name', schema: true },
  { name: 'invalid region', config: cfg({ region: 'CN_Hangzhou' }), path: 'buckets.assets.region', message: 'must be a region id', schema: true },
  { name: 'section of the wrong type', config: cfg({ website: 'on' }), path: 'buckets.assets.website', message: 'must be a mapping, got a string', schema: true },
  // website
  { name: 'empty website section', config: cfg({ website: {} }), path: 'buckets.assets.website', message: 'needs at least one of indexDocument, errorDocument or routingRules', schema: false },
  { name: 'index type 3', config: cfg({ website: { indexDocument: { suffix: 'index.html', supportSubDir: true, type: 3 } } }), path: 'buckets.assets.website.indexDocument.type', message: 'must be one of 0, 1, 2, got 3', schema: true },
  { name: 'error HttpStatus not an integer', config: cfg({ website: { errorDocument: { key: 'e.html', httpStatus: '404' } } }), path: 'buckets.assets.website.errorDocument.httpStatus', message: 'must be an integer, got a string', schema: true },
  { name: 'more than 20 routing rules', config: withRules(Array.from({ length: 21 }, (_, i) => mirrorRule({}, { keyPrefixEquals: `p${i}/` }))), path: 'buckets.assets.website.routingRules', message: 'at most 20 routing rules (OSS limit), got 21', schema: true },
  { name: 'duplicate rule numbers', config: withRules([mirrorRule({}, {}, { ruleNumber: 1 }), mirrorRule({}, { keyPrefixEquals: 'b/' }, { ruleNumber: 1 })]), path: 'buckets.assets.website.routingRules[1].ruleNumber', message: 'duplicate ruleNumber 1 (also routingRules[0])', schema: false },
  { name: 'unknown key with did-you-mean', config: withRedirect({ mirrorUrl: 'https://x.example.com/' }), path: `${D}.mirrorUrl`, message: 'unknown key "mirrorUrl" (did you mean "mirrorURL"?)', schema: true },
  { name: 'XML element name instead of the file name', config: withRules([mirrorRule({}, { IncludeHeader: [] })]), path: `${R}.condition.IncludeHeader`, message: 'the list is named "includeHeaders"', schema: true },
  { name: 'redirectType with the wrong case', config: withRedirect({ redirectType: 'mirror' }), path: `${D}.redirectType`, message: 'got "mirror" (did you mean "Mirror"?)', schema: true },
  { name: 'boolean written as a string', config: withRedirect({ mirrorCheckMd5: 'true' }), path: `${D}.mirrorCheckMd5`, message: 'must be true or false, got a string (write true without quotes)', schema: true },
  { name: 'empty string', config: withRules([mirrorRule({}, { keyPrefixEquals: '' })]), path: `${R}.condition.keyPrefixEquals`, message: 'must not be empty', schema: true },
  { name: 'mirror rule on 403', config: withRedirect({}, { httpErrorCodeReturnedEquals: 403 }), path: `${R}.condition.httpErrorCodeReturnedEquals`, message: 'a Mirror rule needs 404, got 403', schema: true },
  { name: 'mirror rule without an error code', config: withRedirect({}, { httpErrorCodeReturnedEquals: undefined }), path: `${R}.condition.httpErrorCodeReturnedEquals`, message: 'is required for a Mirror rule and must be 404', schema: true },
  { name: 'mirror rule without mirrorURL', config: withRedirect({ mirrorURL: undefined }), path: `${D}.mirrorURL`, message: 'is required for a Mirror rule', schema: true },
  {
    name: 'mirrorURL without the trailing slash (fourth rule)',
    config: withRules([
      mirrorRule({}, { keyPrefixEquals: 'a/' }),
      mirrorRule({}, { keyPrefixEquals: 'b/' }),
      mirrorRule({}, { keyPrefixEquals: 'c/' }),
      mirrorRule({ mirrorURL: 'https://origin.example.com/d' }, { keyPrefixEquals: 'd/' }),
    ]),
    path: 'buckets.assets.website.routingRules[3].redirect.mirrorURL',
    message: 'must end with "/"',
    schema: true,
  },
  { name: 'mirrorURL not http(s)', config: withRedirect({ mirrorURL: 'ftp://origin.example.com/' }), path: `${D}.mirrorURL`, message: 'must be an absolute http:// or https:// URL', schema: true },
  { name: 'mirrorURL with credentials', config: withRedirect({ mirrorURL: 'https://user:pa55word@origin.example.com/' }), path: `${D}.mirrorURL`, message: 'must not carry credentials', schema: true },
  { name: 'relative mirrorURLSlave', config: withRedirect({ mirrorURLSlave: 'backup/' }), path: `${D}.mirrorURLSlave`, message: 'must be an absolute http:// or https:// URL', schema: true },
  { name: 'alternate URL without the trailing slash', config: withRedirect({ mirrorMultiAlternates: [{ mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://alt.example.com' }] }), path: `${D}.mirrorMultiAlternates[0].mirrorMultiAlternateURL`, message: 'must end with "/"', schema: false },
  { name: 'duplicate alternate numbers', config: withRedirect({ mirrorMultiAlternates: [{ mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://a.example.com/' }, { mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://b.example.com/' }] }), path: `${D}.mirrorMultiAlternates[1].mirrorMultiAlternateNumber`, message: 'duplicate alternate number 1', schema: false },
  { name: 'passing authorization', config: withRedirect({ mirrorHeaders: { pass: ['x-ok', 'Authorization'] } }), path: `${D}.mirrorHeaders.pass[1]`, message: 'OSS never passes "Authorization" to the origin', schema: false },
  { name: 'passing range', config: withRedirect({ mirrorHeaders: { pass: ['range'] } }), path: `${D}.mirrorHeaders.pass[0]`, message: 'OSS never passes "range"', schema: false },
  { name: 'setting an x-oss- header', config: withRedirect({ mirrorHeaders: { set: [{ key: 'x-oss-meta-a', value: '1' }] } }), path: `${D}.mirrorHeaders.set[0].key`, message: 'OSS never passes "x-oss-meta-a"', schema: false },
  { name: 'passing an x-drs- header', config: withRedirect({ mirrorHeaders: { pass: ['x-drs-trace'] } }), path: `${D}.mirrorHeaders.pass[0]`, message: 'OSS never passes "x-drs-trace"', schema: false },
  { name: 'header key charset', config: withRedirect({ mirrorHeaders: { pass: ['my_header'] } }), path: `${D}.mirrorHeaders.pass[0]`, message: 'a header name may contain only letters, digits and "-"', schema: true },
  { name: 'header key over 1024 bytes', config: withRedirect({ mirrorHeaders: { remove: ['h'.repeat(1025)] } }), path: `${D}.mirrorHeaders.remove[0]`, message: 'must be at most 1024 bytes (OSS limit), got 1025', schema: true },
  { name: 'set value with CRLF', config: withRedirect({ mirrorHeaders: { set: [{ key: 'x-a', value: 'a\r\nb: c' }] } }), path: `${D}.mirrorHeaders.set[0].value`, message: 'must not contain CR or LF', schema: true },
  { name: 'more than 10 pass entries', config: withRedirect({ mirrorHeaders: { pass: Array.from({ length: 11 }, (_, i) => `x-h${i}`) } }), path: `${D}.mirrorHeaders.pass`, message: 'at most 10 pass entries (OSS limit), got 11', schema: true },
  { name: 'more than 10 set entries', config: withRedirect({ mirrorHeaders: { set: Array.from({ length: 11 }, (_, i) => ({ key: `x-h${i}`, value: 'v' })) } }), path: `${D}.mirrorHeaders.set`, message: 'at most 10 set entries (OSS limit), got 11', schema: true },
  { name: 'more than 10 includeHeaders', config: withRules([mirrorRule({}, { includeHeaders: Array.from({ length: 11 }, (_, i) => ({ key: `x-h${i}`, equals: 'v' })) })]), path: `${R}.condition.includeHeaders`, message: 'at most 10 includeHeaders entries (OSS limit), got 11', schema: true },
  { name: 'includeHeader without a test', config: withRules([mirrorRule({}, { includeHeaders: [{ key: 'host' }] })]), path: `${R}.condition.includeHeaders[0]`, message: 'needs one of equals, startsWith or endsWith', schema: false },
  { name: 'both replaceKeyWith and replaceKeyPrefixWith', config: withRedirect({ replaceKeyWith: '${key}.jpg', replaceKeyPrefixWith: 'b/' }), path: `${D}.replaceKeyPrefixWith`, message: 'at most one of replaceKeyWith and replaceKeyPrefixWith', schema: false },
  { name: 'enableReplacePrefix with replaceKeyWith', config: withRedirect({ replaceKeyWith: 'x/${key}', enableReplacePrefix: true }), path: `${D}.enableReplacePrefix`, message: 'cannot be true when replaceKeyWith is set', schema: false },
  { name: 'External rule without a target', config: withRules([{ condition: { keyPrefixEquals: 'old/' }, redirect: { redirectType: 'External' } }]), path: D, message: 'an External rule needs hostName', schema: false },
  { name: 'hostName with a scheme', config: withRules([{ condition: { keyPrefixEquals: 'old/' }, redirect: { redirectType: 'External', hostName: 'https://new.example.com' } }]), path: `${D}.hostName`, message: 'must be a host name without scheme or path', schema: false },
  { name: 'redirect code 308', config: withRules([{ condition: { keyPrefixEquals: 'old/' }, redirect: { redirectType: 'External', hostName: 'new.example.com', httpRedirectCode: 308 } }]), path: `${D}.httpRedirectCode`, message: 'must be one of 301, 302, 307, got 308', schema: true },
  { name: 'mirrorUsingRole without mirrorRole', config: withRedirect({ mirrorUsingRole: true }), path: `${D}.mirrorRole`, message: 'is required when mirrorUsingRole is true', schema: false },
  { name: 'mirrorAuth without its secret', config: withRedirect({ mirrorAuth: { accessKeyId: 'AKID' } }), path: `${D}.mirrorAuth`, message: 'needs accessKeyId and accessKeySecret together', schema: false },
  { name: 'secret written in clear', config: withRedirect({ mirrorAuth: { accessKeyId: 'AKID', accessKeySecret: CLEAR_SECRET } }), path: `${D}.mirrorAuth.accessKeySecret`, message: 'a secret written in the file is refused (value not shown)', schema: true },
  { name: 'secret reference to the function\'s own key', config: withRedirect({ mirrorAuth: { accessKeyId: 'AKID', accessKeySecret: '${env:OSS_ACCESS_KEY_SECRET}' } }), path: `${D}.mirrorAuth.accessKeySecret`, message: 'must be ${env:OSSEDGE_SECRET_<NAME>}, got ${env:OSS_ACCESS_KEY_SECRET}', schema: true },
  { name: 'secret written as a key of mirrorAuth', config: withRedirect({ mirrorAuth: { accessKeyId: 'AKID', [CLEAR_SECRET]: null } }), path: `${D}.mirrorAuth`, message: 'an unknown key (not shown: this mapping holds a secret)', schema: true },
  { name: 'env reference outside a secret field', config: withRedirect({ mirrorURL: '${env:ORIGIN}' }), path: `${D}.mirrorURL`, message: 'accepted only in secret fields', schema: true },
  { name: 'bad transparentMirrorResponseCodes', config: withRedirect({ transparentMirrorResponseCodes: '400;404' }), path: `${D}.transparentMirrorResponseCodes`, message: 'comma-separated HTTP status codes', schema: true },
  { name: 'merge mode with two rules of one condition', config: withRules([mirrorRule(), mirrorRule({ mirrorURL: 'https://other.example.com/' })], { mode: 'merge' }), path: `${R.replace('[0]', '[1]')}.condition`, message: 'same condition as routingRules[0]', schema: false },
  { name: 'unknown mode', config: withRules([mirrorRule()], { mode: 'append' }), path: 'buckets.assets.website.mode', message: 'must be one of replace, merge', schema: true },
  { name: 'ossedge field of the wrong type', config: withRules([mirrorRule({}, {}, { sampleKeys: 'img/a.png' })]), path: `${R}.sampleKeys`, message: 'must be a list, got a string', schema: true },
  // CORS
  { name: 'more than 10 CORS rules', config: withCors(Array.from({ length: 11 }, (_, i) => corsRule({ allowedOrigin: [`https://o${i}.example.com`] }))), path: 'buckets.assets.cors.rules', message: 'at most 10 CORS rules (OSS limit), got 11', schema: true },
  { name: 'no CORS rule', config: withCors([]), path: 'buckets.assets.cors.rules', message: 'needs at least 1 CORS rule', schema: true },
  { name: 'CORS method PATCH', config: withCors([corsRule({ allowedMethod: ['GET', 'PATCH'] })]), path: `${C}.allowedMethod[1]`, message: 'must be one of GET, PUT, DELETE, POST, HEAD, got "PATCH"', schema: true },
  { name: 'CORS rule without methods', config: withCors([corsRule({ allowedMethod: undefined })]), path: `${C}.allowedMethod`, message: 'is required', schema: true },
  { name: 'two wildcards in an origin', config: withCors([corsRule({ allowedOrigin: ['https://*.example.*'] })]), path: `${C}.allowedOrigin[0]`, message: 'at most one "*" wildcard per origin', schema: false },
  { name: 'two wildcards in a header', config: withCors([corsRule({ allowedHeader: ['x-*-*'] })]), path: `${C}.allowedHeader[0]`, message: 'at most one "*" wildcard per header', schema: false },
  { name: 'wildcard in exposeHeader', config: withCors([corsRule({ exposeHeader: ['*'] })]), path: `${C}.exposeHeader[0]`, message: 'exposeHeader does not accept "*"', schema: false },
  { name: 'negative maxAgeSeconds', config: withCors([corsRule({ maxAgeSeconds: -1 })]), path: `${C}.maxAgeSeconds`, message: 'must be at least 0, got -1', schema: true },
  // Referer
  { name: 'Referer has no merge mode', config: withReferer({ mode: 'merge', refererList: [] }), path: 'buckets.assets.referer.mode', message: 'Referer has no merge mode', schema: true },
  { name: 'Referer regular expression', config: withReferer({ refererList: ['https://(www|cdn).example.com'] }), path: 'buckets.assets.referer.refererList[0]', message: '"(" is not a wildcard', schema: false },
  { name: 'Referer with a space', config: withReferer({ refererBlacklist: ['https://a.example.com b'] }), path: 'buckets.assets.referer.refererBlacklist[0]', message: 'must not contain spaces', schema: false },
  { name: 'Referer list of the wrong type', config: withReferer({ refererList: 'https://a.example.com' }), path: 'buckets.assets.referer.refererList', message: 'must be a list, got a string', schema: true },
];

export const textOf = (c: BadCase): string => c.text ?? (c.filename?.endsWith('.json') ? JSON.stringify(c.config, null, 2) : stringify(c.config));
