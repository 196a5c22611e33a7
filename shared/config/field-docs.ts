/**
 * What each field of ossedge.yaml means, with examples, for editors (the JSON Schema's `description` and
 * `examples`). Keyed by the field's path through the shapes: `buckets.*` is a bucket, a list's items take
 * the list's path (`...routingRules.redirect`). Only the schema reads this table; the validator and the
 * function bundles never do. OSS fields follow the OSS API's field docs (spec/oss-api.md §3 and the SDK
 * models), ossedge's own fields say so. test/shared/config/schema.test.ts fails when a field of the schema
 * has no entry, when an entry names no field, and when an example does not validate at its place.
 */
export interface FieldDoc {
  description: string;
  examples: readonly unknown[];
}

const doc = (description: string, ...examples: unknown[]): FieldDoc => ({ description, examples });

const BUCKET = 'buckets.*';
const WEBSITE = `${BUCKET}.website`;
const RULE = `${WEBSITE}.routingRules`;
const REDIRECT = `${RULE}.redirect`;
const CORS = `${BUCKET}.cors`;
const REFERER = `${BUCKET}.referer`;

const ORIGIN = 'https://origin.example.com/';
const MIRROR_RULE = {
  condition: { keyPrefixEquals: 'static/', httpErrorCodeReturnedEquals: 404 },
  redirect: { redirectType: 'Mirror', mirrorURL: ORIGIN },
};
const REDIRECT_RULE = {
  condition: { keyPrefixEquals: 'blog/' },
  redirect: { redirectType: 'External', protocol: 'https', hostName: 'blog.example.com', httpRedirectCode: 301 },
};
const WEBSITE_EXAMPLE = { indexDocument: { suffix: 'index.html' }, errorDocument: { key: 'error.html' }, routingRules: [MIRROR_RULE] };
const CORS_RULE = { allowedOrigin: ['https://www.example.com'], allowedMethod: ['GET', 'HEAD'], maxAgeSeconds: 600 };
const REFERER_EXAMPLE = { allowEmptyReferer: false, refererList: ['https://www.example.com', 'https://*.example.com'] };
const MODE = doc(
  'ossedge only, never sent to OSS. replace (default): the file is the whole truth for this section; merge: ossedge owns only the rules listed here and keeps the bucket\'s other rules after them.',
  'replace',
  'merge',
);
const HEADER_NAME = 'A header name: letters, digits and "-", at most 1,024 bytes.';

/** A function, not a constant, so that bundles which never build the schema (the functions) drop the table. */
export function fieldDocs(): Readonly<Record<string, FieldDoc>> {
  return {
    version: doc('Version of the file format. Always 1.', 1),
    defaults: doc('Settings for every bucket of the file that does not set its own.', { region: 'cn-hangzhou' }),
    'defaults.region': doc('Region id of the buckets (the bucket\'s own region wins).', 'cn-hangzhou', 'ap-southeast-1'),
    'defaults.endpoint': doc(
      'CLI only; the deployed functions refuse it (their endpoint comes from the deployment). An OSS endpoint URL that serves every bucket of the file.',
      'https://oss-cn-hangzhou.aliyuncs.com',
    ),
    buckets: doc(
      'The buckets ossedge manages, by OSS bucket name (3-63 characters of a-z, 0-9 and "-", a letter or digit at both ends). A bucket not listed is never touched.',
      { 'example-site': { website: WEBSITE_EXAMPLE } },
    ),
    [BUCKET]: doc(
      'One bucket\'s edge settings. A section left out is not managed (left as it is); null means it must not exist.',
      { website: WEBSITE_EXAMPLE, cors: null },
    ),
    [`${BUCKET}.region`]: doc('Region id of this bucket, when it differs from defaults.region.', 'cn-shanghai'),

    [WEBSITE]: doc(
      'Static website hosting and its routing rules (PutBucketWebsite). Absent: not managed; null: the website configuration is deleted. OSS needs at least one of indexDocument, errorDocument and routingRules.',
      WEBSITE_EXAMPLE,
      null,
    ),
    [`${WEBSITE}.mode`]: MODE,
    [`${WEBSITE}.indexDocument`]: doc('The default page served for a directory (IndexDocument).', { suffix: 'index.html', supportSubDir: true, type: 0 }),
    [`${WEBSITE}.indexDocument.suffix`]: doc('Name of the default page, appended to a request for a directory.', 'index.html'),
    [`${WEBSITE}.indexDocument.supportSubDir`]: doc(
      'true: a request for subdir/ gets subdir/<suffix>; false (default): every directory gets the root\'s default page.',
      true,
    ),
    [`${WEBSITE}.indexDocument.type`]: doc(
      'With supportSubDir, what a request for a missing key without a trailing "/" gets: 0 (default) a 302 to key/ when key/<suffix> exists, 1 a 404 (then errorDocument), 2 the content of key/<suffix> when it exists. Runs after the routing rules, before errorDocument.',
      0,
      2,
    ),
    [`${WEBSITE}.errorDocument`]: doc('The page served when a key does not exist (ErrorDocument).', { key: 'error.html', httpStatus: 404 }),
    [`${WEBSITE}.errorDocument.key`]: doc('Object key of the error page.', 'error.html'),
    [`${WEBSITE}.errorDocument.httpStatus`]: doc('HTTP status sent with the error page (default 404).', 404, 200),
    [RULE]: doc(
      'Redirect and mirroring-based back-to-origin rules, at most 20. OSS tries them in ruleNumber order and runs only the first that matches.',
      [MIRROR_RULE, REDIRECT_RULE],
    ),
    [`${RULE}.ruleNumber`]: doc(
      'Order in which OSS tries this rule (the first match wins). Leave it out to number the rules 1, 2, ... by their position in the file.',
      1,
    ),
    [`${RULE}.condition`]: doc(
      'When the rule applies: every condition given must hold. A Mirror rule needs httpErrorCodeReturnedEquals: 404.',
      { keyPrefixEquals: 'static/', httpErrorCodeReturnedEquals: 404 },
    ),
    [`${RULE}.condition.keyPrefixEquals`]: doc('Only keys that start with this prefix match.', 'static/', 'images/'),
    [`${RULE}.condition.keySuffixEquals`]: doc('Only keys that end with this suffix match.', '.jpg'),
    [`${RULE}.condition.httpErrorCodeReturnedEquals`]: doc(
      'Only requests for which OSS would answer this status match; a Mirror rule uses 404 (the object is not in the bucket).',
      404,
    ),
    [`${RULE}.condition.includeHeaders`]: doc(
      'Request headers the request must carry, at most 10 (Condition/IncludeHeader); each needs equals, startsWith or endsWith.',
      [{ key: 'host', equals: 'www.example.com' }],
    ),
    [`${RULE}.condition.includeHeaders.key`]: doc(`The request header to look at. ${HEADER_NAME}`, 'host', 'user-agent'),
    [`${RULE}.condition.includeHeaders.equals`]: doc('The header\'s value must be exactly this.', 'www.example.com'),
    [`${RULE}.condition.includeHeaders.startsWith`]: doc('The header\'s value must start with this.', 'Mozilla/'),
    [`${RULE}.condition.includeHeaders.endsWith`]: doc('The header\'s value must end with this.', '.example.com'),
    [`${RULE}.redirect`]: doc(
      'What OSS does with a matching request: fetch it from an origin (Mirror) or answer with a redirect (External, AliCDN).',
      MIRROR_RULE.redirect,
      REDIRECT_RULE.redirect,
    ),
    [`${REDIRECT}.redirectType`]: doc(
      'Mirror: fetch a missing object from mirrorURL, store it and return it (mirroring-based back-to-origin). External: answer with a 3xx redirect. AliCDN: like External, with a header that lets Alibaba Cloud CDN follow the redirect itself.',
      'Mirror',
      'External',
    ),
    [`${REDIRECT}.passQueryString`]: doc('true: the request\'s query string is kept on the redirect or the origin request (default false).', true),
    [`${REDIRECT}.mirrorURL`]: doc(
      'Mirror only, and required there: the origin, an absolute http(s) URL ending in "/". OSS appends the key: with https://origin.example.com/dir/ a request for a.png fetches https://origin.example.com/dir/a.png.',
      ORIGIN,
      'https://origin.example.com/assets/',
    ),
    [`${REDIRECT}.mirrorSNI`]: doc('Mirror only: whether the TLS SNI is passed through to the origin.', true),
    [`${REDIRECT}.mirrorPassQueryString`]: doc(
      'Mirror only: like passQueryString for the origin request, and it wins over passQueryString (default false).',
      true,
    ),
    [`${REDIRECT}.mirrorFollowRedirect`]: doc(
      'Mirror only: true (default) follows the origin\'s 3xx answers, at most 10 hops; false passes the 3xx and its Location to the client.',
      true,
    ),
    [`${REDIRECT}.mirrorCheckMd5`]: doc(
      'Mirror only: when the origin sends Content-MD5, OSS checks the body against it and does not store a body that differs (default false).',
      true,
    ),
    [`${REDIRECT}.mirrorHeaders`]: doc('Mirror only: which request headers go to the origin.', { passAll: true, remove: ['cookie'] }),
    [`${REDIRECT}.mirrorHeaders.passAll`]: doc(
      'Send every request header to the origin except those OSS never passes (content-length, authorization, authorization2, range, date, and oss-*, x-oss-*, x-drs-*) and those in remove (default false).',
      true,
    ),
    [`${REDIRECT}.mirrorHeaders.pass`]: doc(`Request headers sent to the origin, at most 10. ${HEADER_NAME}`, ['accept-language']),
    [`${REDIRECT}.mirrorHeaders.remove`]: doc(`Request headers never sent to the origin (with passAll), at most 10. ${HEADER_NAME}`, ['cookie']),
    [`${REDIRECT}.mirrorHeaders.set`]: doc(
      'Headers sent to the origin with a fixed value, whether or not the request carries them; at most 10.',
      [{ key: 'x-from-oss', value: '1' }],
    ),
    [`${REDIRECT}.mirrorHeaders.set.key`]: doc(`The header to set. ${HEADER_NAME}`, 'x-from-oss'),
    [`${REDIRECT}.mirrorHeaders.set.value`]: doc('The value to send: at most 1,024 bytes, no CR or LF.', '1'),
    [`${REDIRECT}.replaceKeyWith`]: doc(
      'Replaces the whole key in the redirect or origin request; ${key} stands for the requested key. Not together with replaceKeyPrefixWith.',
      'prefix/${key}.suffix',
    ),
    [`${REDIRECT}.replaceKeyPrefixWith`]: doc(
      'Replaces the key\'s keyPrefixEquals prefix (with enableReplacePrefix); an empty string removes the prefix. Not together with replaceKeyWith.',
      'posts/',
      '',
    ),
    [`${REDIRECT}.enableReplacePrefix`]: doc(
      'true: the matched prefix is replaced by replaceKeyPrefixWith (default false). Cannot be true with replaceKeyWith.',
      true,
    ),
    [`${REDIRECT}.protocol`]: doc('External and AliCDN only: the scheme of the Location sent back.', 'https'),
    [`${REDIRECT}.hostName`]: doc('External and AliCDN only: the host name of the Location sent back (a bare host, no scheme or path).', 'blog.example.com'),
    [`${REDIRECT}.httpRedirectCode`]: doc('External and AliCDN only: the redirect status, 301, 302 or 307.', 301, 302),
    [`${REDIRECT}.mirrorURLSlave`]: doc(
      'Mirror only: a second origin OSS tries when mirrorURL fails; same form as mirrorURL.',
      'https://backup.example.com/',
    ),
    [`${REDIRECT}.mirrorURLProbe`]: doc('Mirror only: the probe URL of the rule\'s origins, an absolute http(s) URL.', 'https://origin.example.com/health'),
    [`${REDIRECT}.mirrorUsingRole`]: doc('Mirror only: OSS fetches from the origin with the RAM role mirrorRole (which is then required).', true),
    [`${REDIRECT}.mirrorRole`]: doc('Mirror only: name of the RAM role OSS assumes when mirrorUsingRole is true.', 'oss-mirror-origin-role'),
    [`${REDIRECT}.mirrorMultiAlternates`]: doc(
      'Mirror only: further origins, each with its own number; URLs in the same form as mirrorURL.',
      [{ mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://alt.example.com/' }],
    ),
    [`${REDIRECT}.mirrorMultiAlternates.mirrorMultiAlternateNumber`]: doc('Number of this origin, unique within the rule.', 1),
    [`${REDIRECT}.mirrorMultiAlternates.mirrorMultiAlternateURL`]: doc('URL of this origin: absolute http(s), ending in "/".', 'https://alt.example.com/'),
    [`${REDIRECT}.mirrorMultiAlternates.mirrorMultiAlternateVpcId`]: doc('VPC id of this origin, when it is reached through a VPC.', 'vpc-bp1example'),
    [`${REDIRECT}.mirrorMultiAlternates.mirrorMultiAlternateDstRegion`]: doc('Region of this origin, when it is reached through a VPC.', 'ap-southeast-1'),
    [`${REDIRECT}.mirrorPassOriginalSlashes`]: doc('Mirror only: true passes the key\'s slashes to the origin as they are.', true),
    [`${REDIRECT}.mirrorAsyncStatus`]: doc('Mirror only: the HTTP status that makes OSS fetch from the origin asynchronously (async pull mode).', 303),
    [`${REDIRECT}.mirrorAuth`]: doc(
      'Mirror only: credentials OSS signs the origin requests with. The secret is only ever a ${env:OSSEDGE_SECRET_<NAME>} reference.',
      { authType: 'S3V4', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', accessKeySecret: '${env:OSSEDGE_SECRET_ORIGIN}' },
    ),
    [`${REDIRECT}.mirrorAuth.authType`]: doc('How OSS signs the origin requests.', 'S3V4'),
    [`${REDIRECT}.mirrorAuth.region`]: doc('The origin\'s region, as its signature needs it.', 'us-east-1'),
    [`${REDIRECT}.mirrorAuth.accessKeyId`]: doc('The origin\'s access key id (not secret; the secret goes in accessKeySecret).', 'AKIDEXAMPLE'),
    [`${REDIRECT}.mirrorAuth.accessKeySecret`]: doc(
      'Only a ${env:OSSEDGE_SECRET_<NAME>} reference, resolved at run time from apply-config\'s environment; a secret in clear is refused. OSS never returns it, so plans ignore it.',
      '${env:OSSEDGE_SECRET_ORIGIN}',
    ),
    [`${REDIRECT}.mirrorAllowVideoSnapshot`]: doc('Mirror only: whether video snapshot requests may trigger back-to-origin.', false),
    [`${REDIRECT}.mirrorDstVpcId`]: doc('Mirror only: VPC id of the origin, for back-to-origin over an express tunnel.', 'vpc-bp1example'),
    [`${REDIRECT}.mirrorUserLastModified`]: doc('Mirror only: true stores the fetched object with the origin\'s Last-Modified time.', true),
    [`${REDIRECT}.mirrorIsExpressTunnel`]: doc('Mirror only: fetch from the origin over an express tunnel (with mirrorDstRegion and mirrorDstVpcId).', false),
    [`${REDIRECT}.mirrorProxyPass`]: doc('Mirror only: true returns the origin\'s answer without storing it in the bucket.', false),
    [`${REDIRECT}.mirrorDstSlaveVpcId`]: doc('Mirror only: VPC id of the secondary origin, for back-to-origin over an express tunnel.', 'vpc-bp1backup'),
    [`${REDIRECT}.mirrorDstRegion`]: doc('Mirror only: region of the origin\'s VPC, for back-to-origin over an express tunnel.', 'cn-shenzhen'),
    [`${REDIRECT}.mirrorSwitchAllErrors`]: doc(
      'Mirror only: when OSS switches to the secondary origin. true: on any status but 200, 206, 301, 302, 303, 307 and 404; false: only on 5xx or a timeout.',
      true,
    ),
    [`${REDIRECT}.mirrorTunnelId`]: doc('Mirror only: id of the express tunnel to the origin.', 'tunnel-example'),
    [`${REDIRECT}.mirrorAllowGetImageInfo`]: doc('Mirror only: whether image-info requests may trigger back-to-origin.', false),
    [`${REDIRECT}.mirrorSaveOssMeta`]: doc('Mirror only: true keeps the origin\'s user metadata on the stored object.', true),
    [`${REDIRECT}.mirrorAllowHeadObject`]: doc('Mirror only: whether a HEAD request for a missing object triggers back-to-origin.', true),
    [`${REDIRECT}.mirrorTaggings`]: doc('Mirror only: tags OSS sets on each object it stores from the origin, at most 10.', [{ key: 'source', value: 'mirror' }]),
    [`${REDIRECT}.mirrorTaggings.key`]: doc('Tag key.', 'source'),
    [`${REDIRECT}.mirrorTaggings.value`]: doc('Tag value (may be empty).', 'mirror'),
    [`${REDIRECT}.transparentMirrorResponseCodes`]: doc(
      'Mirror only: origin statuses OSS passes to the client with the origin\'s body, comma-separated. With 404 here the errorDocument no longer applies.',
      '400,404',
    ),
    [`${REDIRECT}.mirrorReturnHeaders`]: doc('Mirror only: headers set on the response OSS returns from a back-to-origin fetch.', [{ key: 'cache-control', value: 'max-age=60' }]),
    [`${REDIRECT}.mirrorReturnHeaders.key`]: doc('Response header name.', 'cache-control'),
    [`${REDIRECT}.mirrorReturnHeaders.value`]: doc('Response header value (may be empty).', 'max-age=60'),
    [`${RULE}.luaConfig`]: doc('The rule\'s Lua script configuration (LuaConfig).', { script: 'rewrite.lua' }),
    [`${RULE}.luaConfig.script`]: doc('Name of the Lua script.', 'rewrite.lua'),
    [`${RULE}.sampleKeys`]: doc(
      'ossedge only, never sent to OSS: keys validate-mirror-origin fetches from the origin to check this rule (at most 100).',
      ['static/app.js', 'static/logo.png'],
    ),
    [`${RULE}.force`]: doc('ossedge only: apply this rule even when the origin pre-flight fails.', true),
    [`${RULE}.warm`]: doc(
      'ossedge only, never sent to OSS: keys a warm-up timer pre-loads through this Mirror rule (refresh-stale-objects\' warm mode); keys or sitemap.',
      { sitemap: 'https://www.example.com/sitemap.xml', qps: 50, window: '01:00-05:00', timeZone: 'Asia/Shanghai' },
    ),
    [`${RULE}.warm.keys`]: doc('oss://bucket/key of a text object listing the keys to warm, one per line.', 'oss://example-config/warm/keys.txt'),
    [`${RULE}.warm.sitemap`]: doc('http(s) URL of a sitemap.xml whose URLs name the keys to warm.', 'https://www.example.com/sitemap.xml'),
    [`${RULE}.warm.qps`]: doc('Warm requests per second, 1-2000 (default 100; the account\'s mirror quota is 2,000 in mainland China, 1,000 elsewhere).', 50),
    [`${RULE}.warm.window`]: doc('HH:MM-HH:MM in timeZone: warming runs only inside this window.', '01:00-05:00'),
    [`${RULE}.warm.timeZone`]: doc('IANA time zone of window (default UTC).', 'Asia/Shanghai'),

    [CORS]: doc(
      'Cross-origin resource sharing rules (PutBucketCors). Absent: not managed; null: the CORS configuration is deleted.',
      { rules: [CORS_RULE], responseVary: false },
      null,
    ),
    [`${CORS}.mode`]: MODE,
    [`${CORS}.rules`]: doc('1-10 CORS rules (CORSRule), tried in order; the first that matches answers.', [CORS_RULE]),
    [`${CORS}.rules.allowedOrigin`]: doc('Origins allowed to make cross-origin requests; each may hold one "*" wildcard.', ['https://www.example.com', 'https://*.example.com'], ['*']),
    [`${CORS}.rules.allowedMethod`]: doc('Methods allowed cross-origin: GET, PUT, DELETE, POST, HEAD.', ['GET', 'HEAD']),
    [`${CORS}.rules.allowedHeader`]: doc('Request headers a preflight may ask for (Access-Control-Request-Headers); each may hold one "*".', ['*'], ['authorization', 'content-type']),
    [`${CORS}.rules.exposeHeader`]: doc('Response headers the browser lets scripts read; no "*".', ['ETag', 'x-oss-request-id']),
    [`${CORS}.rules.maxAgeSeconds`]: doc('How long a browser may cache the preflight answer, in seconds.', 600),
    [`${CORS}.responseVary`]: doc('true: every response carries Vary: Origin (default false).', true),

    [REFERER]: doc(
      'Hotlink protection by Referer (PutBucketReferer). Absent: not managed; null: reset to OSS\'s default (empty Referer allowed, no lists). Only anonymous and presigned-URL requests are checked.',
      REFERER_EXAMPLE,
      null,
    ),
    [`${REFERER}.allowEmptyReferer`]: doc(
      'Whether requests without a Referer are allowed (default true). false refuses them, unless refererList is empty.',
      false,
    ),
    [`${REFERER}.allowTruncateQueryString`]: doc('true (default): the Referer\'s query string is ignored when matching.', true),
    [`${REFERER}.truncatePath`]: doc('true: only the Referer\'s scheme, host and port are matched, its path is ignored (default false).', true),
    [`${REFERER}.refererList`]: doc(
      'Allowed Referers (whitelist). "*" matches any run of characters, "?" one character; write the scheme (https://...).',
      ['https://www.example.com', 'https://*.example.com'],
    ),
    [`${REFERER}.refererBlacklist`]: doc('Refused Referers, checked before the whitelist: a match is refused at once. Same wildcards.', ['https://*.hotlinker.example']),
  };
}
