import type {
  ErrorDocument,
  IncludeHeader,
  IndexDocument,
  KeyValue,
  MirrorAuth,
  MirrorHeaders,
  MirrorMultiAlternate,
  RoutingRule,
  RoutingRuleCondition,
  RoutingRuleRedirect,
  WebsiteConfiguration,
} from '../models/website.ts';
import { parseXmlRoot } from './parse.ts';
import { readRecord, writeRecord, type RecordSpec } from './schema.ts';

// Tables in the element order of the Go SDK v2 marshaller (its struct field order), which the
// conformance request bodies pin byte for byte. MirrorURLProbe (no conformance sample) sits where the Go
// SDK v2's RoutingRuleRedirect declares it: after MirrorAuth, before MirrorAllowVideoSnapshot.

const KEY_VALUE: RecordSpec<KeyValue> = [
  { xml: 'Key', key: 'key', kind: 'string', required: true },
  { xml: 'Value', key: 'value', kind: 'string', required: true },
];

const INDEX_DOCUMENT: RecordSpec<IndexDocument> = [
  { xml: 'Suffix', key: 'suffix', kind: 'string' },
  { xml: 'SupportSubDir', key: 'supportSubDir', kind: 'boolean' },
  { xml: 'Type', key: 'type', kind: 'integer' },
];

const ERROR_DOCUMENT: RecordSpec<ErrorDocument> = [
  { xml: 'Key', key: 'key', kind: 'string' },
  { xml: 'HttpStatus', key: 'httpStatus', kind: 'integer' },
];

const INCLUDE_HEADER: RecordSpec<IncludeHeader> = [
  { xml: 'Key', key: 'key', kind: 'string', required: true },
  { xml: 'Equals', key: 'equals', kind: 'string' },
  { xml: 'StartsWith', key: 'startsWith', kind: 'string' },
  { xml: 'EndsWith', key: 'endsWith', kind: 'string' },
];

const CONDITION: RecordSpec<RoutingRuleCondition> = [
  { xml: 'KeyPrefixEquals', key: 'keyPrefixEquals', kind: 'string' },
  { xml: 'KeySuffixEquals', key: 'keySuffixEquals', kind: 'string' },
  { xml: 'HttpErrorCodeReturnedEquals', key: 'httpErrorCodeReturnedEquals', kind: 'integer' },
  { xml: 'IncludeHeader', key: 'includeHeaders', kind: { many: INCLUDE_HEADER } },
];

const MIRROR_HEADERS: RecordSpec<MirrorHeaders> = [
  { xml: 'PassAll', key: 'passAll', kind: 'boolean' },
  { xml: 'Pass', key: 'pass', kind: { many: 'string' } },
  { xml: 'Remove', key: 'remove', kind: { many: 'string' } },
  { xml: 'Set', key: 'set', kind: { many: KEY_VALUE } },
];

const MIRROR_AUTH: RecordSpec<MirrorAuth> = [
  { xml: 'AuthType', key: 'authType', kind: 'string' },
  { xml: 'Region', key: 'region', kind: 'string' },
  { xml: 'AccessKeyId', key: 'accessKeyId', kind: 'string' },
  { xml: 'AccessKeySecret', key: 'accessKeySecret', kind: 'string' },
];

const MIRROR_MULTI_ALTERNATE: RecordSpec<MirrorMultiAlternate> = [
  { xml: 'MirrorMultiAlternateDstRegion', key: 'mirrorMultiAlternateDstRegion', kind: 'string' },
  { xml: 'MirrorMultiAlternateNumber', key: 'mirrorMultiAlternateNumber', kind: 'integer' },
  { xml: 'MirrorMultiAlternateURL', key: 'mirrorMultiAlternateURL', kind: 'string' },
  { xml: 'MirrorMultiAlternateVpcId', key: 'mirrorMultiAlternateVpcId', kind: 'string' },
];

const REDIRECT: RecordSpec<RoutingRuleRedirect> = [
  { xml: 'MirrorURL', key: 'mirrorURL', kind: 'string' },
  { xml: 'MirrorFollowRedirect', key: 'mirrorFollowRedirect', kind: 'boolean' },
  { xml: 'EnableReplacePrefix', key: 'enableReplacePrefix', kind: 'boolean' },
  { xml: 'ReplaceKeyWith', key: 'replaceKeyWith', kind: 'string' },
  { xml: 'HostName', key: 'hostName', kind: 'string' },
  { xml: 'PassQueryString', key: 'passQueryString', kind: 'boolean' },
  { xml: 'MirrorHeaders', key: 'mirrorHeaders', kind: { one: MIRROR_HEADERS } },
  { xml: 'ReplaceKeyPrefixWith', key: 'replaceKeyPrefixWith', kind: 'string' },
  { xml: 'RedirectType', key: 'redirectType', kind: 'string' },
  { xml: 'MirrorSNI', key: 'mirrorSNI', kind: 'boolean' },
  { xml: 'Protocol', key: 'protocol', kind: 'string' },
  { xml: 'MirrorCheckMd5', key: 'mirrorCheckMd5', kind: 'boolean' },
  { xml: 'HttpRedirectCode', key: 'httpRedirectCode', kind: 'integer' },
  { xml: 'MirrorPassOriginalSlashes', key: 'mirrorPassOriginalSlashes', kind: 'boolean' },
  { xml: 'MirrorPassQueryString', key: 'mirrorPassQueryString', kind: 'boolean' },
  { xml: 'MirrorAsyncStatus', key: 'mirrorAsyncStatus', kind: 'integer' },
  { xml: 'MirrorAuth', key: 'mirrorAuth', kind: { one: MIRROR_AUTH } },
  { xml: 'MirrorURLProbe', key: 'mirrorURLProbe', kind: 'string' },
  { xml: 'MirrorAllowVideoSnapshot', key: 'mirrorAllowVideoSnapshot', kind: 'boolean' },
  { xml: 'MirrorURLSlave', key: 'mirrorURLSlave', kind: 'string' },
  { xml: 'MirrorDstVpcId', key: 'mirrorDstVpcId', kind: 'string' },
  { xml: 'MirrorUserLastModified', key: 'mirrorUserLastModified', kind: 'boolean' },
  { xml: 'MirrorUsingRole', key: 'mirrorUsingRole', kind: 'boolean' },
  { xml: 'MirrorIsExpressTunnel', key: 'mirrorIsExpressTunnel', kind: 'boolean' },
  { xml: 'MirrorProxyPass', key: 'mirrorProxyPass', kind: 'boolean' },
  { xml: 'MirrorTaggings', key: 'mirrorTaggings', kind: { wrap: 'Taggings', item: KEY_VALUE } },
  { xml: 'MirrorDstSlaveVpcId', key: 'mirrorDstSlaveVpcId', kind: 'string' },
  { xml: 'MirrorDstRegion', key: 'mirrorDstRegion', kind: 'string' },
  { xml: 'MirrorSwitchAllErrors', key: 'mirrorSwitchAllErrors', kind: 'boolean' },
  { xml: 'MirrorTunnelId', key: 'mirrorTunnelId', kind: 'string' },
  { xml: 'MirrorRole', key: 'mirrorRole', kind: 'string' },
  { xml: 'MirrorAllowGetImageInfo', key: 'mirrorAllowGetImageInfo', kind: 'boolean' },
  { xml: 'MirrorSaveOssMeta', key: 'mirrorSaveOssMeta', kind: 'boolean' },
  { xml: 'MirrorAllowHeadObject', key: 'mirrorAllowHeadObject', kind: 'boolean' },
  {
    xml: 'MirrorMultiAlternates',
    key: 'mirrorMultiAlternates',
    kind: { wrap: 'MirrorMultiAlternate', item: MIRROR_MULTI_ALTERNATE },
  },
  { xml: 'TransparentMirrorResponseCodes', key: 'transparentMirrorResponseCodes', kind: 'string' },
  { xml: 'MirrorReturnHeaders', key: 'mirrorReturnHeaders', kind: { wrap: 'ReturnHeader', item: KEY_VALUE } },
];

const LUA_CONFIG: RecordSpec<{ script?: string }> = [{ xml: 'Script', key: 'script', kind: 'string' }];

// `condition` and `redirect` are required by the model: a rule without the element reads as `{}`,
// and an empty one is not written (the Go SDK sample of a rule without <Redirect> round-trips).
const ROUTING_RULE: RecordSpec<RoutingRule> = [
  { xml: 'RuleNumber', key: 'ruleNumber', kind: 'integer' },
  { xml: 'Condition', key: 'condition', kind: { one: CONDITION, orEmpty: true } },
  { xml: 'Redirect', key: 'redirect', kind: { one: REDIRECT, orEmpty: true } },
  { xml: 'LuaConfig', key: 'luaConfig', kind: { one: LUA_CONFIG } },
];

const WEBSITE: RecordSpec<WebsiteConfiguration> = [
  { xml: 'IndexDocument', key: 'indexDocument', kind: { one: INDEX_DOCUMENT } },
  { xml: 'ErrorDocument', key: 'errorDocument', kind: { one: ERROR_DOCUMENT } },
  { xml: 'RoutingRules', key: 'routingRules', kind: { wrap: 'RoutingRule', item: ROUTING_RULE } },
];

/** WebsiteConfiguration XML (PutBucketWebsite body), Go SDK element order, no XML declaration. */
export function websiteToXml(config: WebsiteConfiguration): string {
  return writeRecord('WebsiteConfiguration', config, WEBSITE);
}

/** Parses a GetBucketWebsite response or PutBucketWebsite body. Throws XmlCodecError. */
export function websiteFromXml(xml: string): WebsiteConfiguration {
  return readRecord(parseXmlRoot(xml, 'WebsiteConfiguration').container(), WEBSITE);
}
