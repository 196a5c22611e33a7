import { BUCKET_NAME_SOURCE } from '../../oss/endpoint.ts';
import { MAX_HEADER_ENTRIES, MAX_MIRROR_TAGGINGS, MAX_ROUTING_RULES } from '../../mirror/constants.ts';
import { bool, int, list, obj, str } from './types.ts';
import type {
  ErrorDocument,
  IncludeHeader,
  IndexDocument,
  MirrorAuth,
  MirrorHeaders,
  MirrorMultiAlternate,
  RoutingRule,
  RoutingRuleCondition,
  RoutingRuleRedirect,
  WebsiteConfiguration,
} from '../../oss/models/website.ts';
import type { ObjectShape, Shape } from './types.ts';

/** Every field of a model, and nothing else (a compile error when shared/oss/models grows). */
type FieldsOf<T> = { [K in keyof Required<T>]: Shape };

/** Mirror header keys: letters, digits and `-`, at most 1,024 bytes (spec/oss-api.md §3.1 limits). */
export const HEADER_KEY_PATTERN = '^[A-Za-z0-9-]+$';
const headerKey = str({
  pattern: HEADER_KEY_PATTERN,
  patternMessage: 'a header name may contain only letters, digits and "-"',
  maxLength: 1024,
});
/** MirrorTaggings/Taggings and MirrorReturnHeaders/ReturnHeader. */
const keyValue = () =>
  obj({ key: str(), value: str({ allowEmpty: true }) }, { required: ['key', 'value'] });

/** ossedge only, never sent to OSS. */
export const MODE_SHAPE = str({ enum: ['replace', 'merge'] });

const includeHeader = obj(
  { key: headerKey, equals: str(), startsWith: str(), endsWith: str() } satisfies FieldsOf<IncludeHeader>,
  { required: ['key'] },
);

const condition = obj(
  {
    keyPrefixEquals: str(),
    keySuffixEquals: str(),
    httpErrorCodeReturnedEquals: int({ minimum: 100, maximum: 599 }),
    includeHeaders: list(includeHeader, { maxItems: MAX_HEADER_ENTRIES, noun: 'includeHeaders entries' }),
  } satisfies FieldsOf<RoutingRuleCondition>,
  { hints: { includeHeader: 'the list is named "includeHeaders"', IncludeHeader: 'the list is named "includeHeaders"' } },
);

const mirrorHeaders = obj({
  passAll: bool(),
  pass: list(headerKey, { maxItems: MAX_HEADER_ENTRIES, noun: 'pass entries' }),
  remove: list(headerKey, { maxItems: MAX_HEADER_ENTRIES, noun: 'remove entries' }),
  set: list(
    obj(
      {
        key: headerKey,
        value: str({ pattern: '^[^\\r\\n]*$', patternMessage: 'must not contain CR or LF', maxLength: 1024 }),
      },
      { required: ['key', 'value'] },
    ),
    { maxItems: MAX_HEADER_ENTRIES, noun: 'set entries' },
  ),
} satisfies FieldsOf<MirrorHeaders>);

const mirrorAuth = obj({
  authType: str(),
  region: str(),
  accessKeyId: str(),
  accessKeySecret: { kind: 'secret' },
} satisfies FieldsOf<MirrorAuth>);

const alternate = obj(
  {
    mirrorMultiAlternateNumber: int({ minimum: 1 }),
    mirrorMultiAlternateURL: str(),
    mirrorMultiAlternateVpcId: str(),
    mirrorMultiAlternateDstRegion: str(),
  } satisfies FieldsOf<MirrorMultiAlternate>,
  { required: ['mirrorMultiAlternateURL'] },
);

const redirect = obj(
  {
    redirectType: str({ enum: ['Mirror', 'External', 'AliCDN'] }),
    passQueryString: bool(),
    mirrorURL: str(),
    mirrorSNI: bool(),
    mirrorPassQueryString: bool(),
    mirrorFollowRedirect: bool(),
    mirrorCheckMd5: bool(),
    mirrorHeaders,
    replaceKeyWith: str(),
    replaceKeyPrefixWith: str({ allowEmpty: true }),
    enableReplacePrefix: bool(),
    protocol: str({ enum: ['http', 'https'] }),
    hostName: str(),
    httpRedirectCode: int({ enum: [301, 302, 307] }),
    mirrorURLSlave: str(),
    mirrorURLProbe: str(),
    mirrorUsingRole: bool(),
    mirrorRole: str(),
    mirrorMultiAlternates: list(alternate, { noun: 'alternates' }),
    mirrorPassOriginalSlashes: bool(),
    mirrorAsyncStatus: int({ minimum: 100, maximum: 599 }),
    mirrorAuth,
    mirrorAllowVideoSnapshot: bool(),
    mirrorDstVpcId: str(),
    mirrorUserLastModified: bool(),
    mirrorIsExpressTunnel: bool(),
    mirrorProxyPass: bool(),
    mirrorDstSlaveVpcId: str(),
    mirrorDstRegion: str(),
    mirrorSwitchAllErrors: bool(),
    mirrorTunnelId: str(),
    mirrorAllowGetImageInfo: bool(),
    mirrorSaveOssMeta: bool(),
    mirrorAllowHeadObject: bool(),
    mirrorTaggings: list(keyValue(), { maxItems: MAX_MIRROR_TAGGINGS, noun: 'taggings' }),
    transparentMirrorResponseCodes: str({
      pattern: '^[1-5][0-9]{2}(,[1-5][0-9]{2})*$',
      patternMessage: 'must be comma-separated HTTP status codes such as "400,404"',
    }),
    mirrorReturnHeaders: list(keyValue(), { noun: 'return headers' }),
  } satisfies FieldsOf<RoutingRuleRedirect>,
  {
    required: ['redirectType'],
    hints: { MirrorMultiAlternate: 'the list is named "mirrorMultiAlternates"', mirrorURLs: 'use mirrorURL and mirrorURLSlave' },
  },
);

const HHMM = '([01][0-9]|2[0-3]):[0-5][0-9]';

/** ossedge only: what a warm-up timer of this Mirror rule pre-loads (refresh-stale-objects' warm mode). */
export const WARM_SHAPE: ObjectShape = obj(
  {
    keys: str({ pattern: `^oss://${BUCKET_NAME_SOURCE}/.+`, patternMessage: 'must be oss://bucket/key of a key list (one key per line)' }),
    sitemap: str({ pattern: '^https?://', patternMessage: 'must be an http(s) URL of a sitemap.xml' }),
    qps: int({ minimum: 1, maximum: 2000 }),
    window: str({ pattern: `^${HHMM}-${HHMM}$`, patternMessage: 'must be HH:MM-HH:MM' }),
    timeZone: str(),
  },
);

export const ROUTING_RULE_SHAPE = obj(
  {
    ruleNumber: int({ minimum: 1 }),
    condition,
    redirect,
    luaConfig: obj({ script: str() }),
    sampleKeys: list(str(), { maxItems: 100, noun: 'sample keys' }),
    force: bool(),
    warm: WARM_SHAPE,
  } satisfies FieldsOf<RoutingRule> & { sampleKeys: Shape; force: Shape; warm: Shape },
  { required: ['condition', 'redirect'] },
);

export const WEBSITE_SHAPE: ObjectShape = obj(
  {
    mode: MODE_SHAPE,
    indexDocument: obj(
      { suffix: str(), supportSubDir: bool(), type: int({ enum: [0, 1, 2] }) } satisfies FieldsOf<IndexDocument>,
      { required: ['suffix'] },
    ),
    errorDocument: obj(
      { key: str(), httpStatus: int({ minimum: 100, maximum: 599 }) } satisfies FieldsOf<ErrorDocument>,
      { required: ['key'] },
    ),
    routingRules: list(ROUTING_RULE_SHAPE, { maxItems: MAX_ROUTING_RULES, noun: 'routing rules' }),
  } satisfies FieldsOf<WebsiteConfiguration> & { mode: Shape },
  { hints: { RoutingRule: 'the list is named "routingRules"', routingRule: 'the list is named "routingRules"' } },
);
