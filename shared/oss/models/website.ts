/**
 * Website configuration (PutBucketWebsite / GetBucketWebsite), named after the OSS XML by the fixed
 * rules of DESIGN.md: lowerCamelCase elements, list-only containers flattened into lists named after
 * the container, repeated elements keep their singular name as a list. The same shape is used by the
 * XML codec, the emulator, shared/mirror and shared/config, so a user who knows the API knows them all.
 * Absent fields are `undefined` (never `null`): "not sent" and "sent empty" differ on the wire.
 */
export interface WebsiteConfiguration {
  indexDocument?: IndexDocument;
  errorDocument?: ErrorDocument;
  routingRules?: RoutingRule[];
}

export interface IndexDocument {
  suffix?: string;
  supportSubDir?: boolean;
  /** 0 | 1 | 2, meaningful only with supportSubDir (spec/oss-api.md §3.1). */
  type?: number;
}

export interface ErrorDocument {
  key?: string;
  httpStatus?: number;
}

export interface RoutingRule {
  ruleNumber?: number;
  condition: RoutingRuleCondition;
  redirect: RoutingRuleRedirect;
  luaConfig?: { script?: string };
}

export interface RoutingRuleCondition {
  keyPrefixEquals?: string;
  keySuffixEquals?: string;
  httpErrorCodeReturnedEquals?: number;
  /** `Condition/IncludeHeader` (repeatable, up to 10). */
  includeHeaders?: IncludeHeader[];
}

export interface IncludeHeader {
  key: string;
  equals?: string;
  startsWith?: string;
  endsWith?: string;
}

export type RedirectType = 'Mirror' | 'External' | 'AliCDN';

export interface KeyValue {
  key: string;
  value: string;
}

export interface MirrorHeaders {
  passAll?: boolean;
  pass?: string[];
  remove?: string[];
  set?: KeyValue[];
}

export interface MirrorAuth {
  authType?: string;
  region?: string;
  accessKeyId?: string;
  /** A secret: never logged, never stored in reports; config files take `${env:NAME}` only. */
  accessKeySecret?: string;
}

export interface MirrorMultiAlternate {
  mirrorMultiAlternateNumber?: number;
  mirrorMultiAlternateURL?: string;
  mirrorMultiAlternateVpcId?: string;
  mirrorMultiAlternateDstRegion?: string;
}

export interface RoutingRuleRedirect {
  redirectType?: RedirectType | string;
  passQueryString?: boolean;
  mirrorURL?: string;
  mirrorSNI?: boolean;
  mirrorPassQueryString?: boolean;
  mirrorFollowRedirect?: boolean;
  mirrorCheckMd5?: boolean;
  mirrorHeaders?: MirrorHeaders;
  replaceKeyWith?: string;
  replaceKeyPrefixWith?: string;
  enableReplacePrefix?: boolean;
  protocol?: string;
  hostName?: string;
  httpRedirectCode?: number;
  mirrorURLSlave?: string;
  mirrorURLProbe?: string;
  mirrorUsingRole?: boolean;
  mirrorRole?: string;
  /** `MirrorMultiAlternates/MirrorMultiAlternate`. */
  mirrorMultiAlternates?: MirrorMultiAlternate[];
  mirrorPassOriginalSlashes?: boolean;
  mirrorAsyncStatus?: number;
  mirrorAuth?: MirrorAuth;
  mirrorAllowVideoSnapshot?: boolean;
  mirrorDstVpcId?: string;
  mirrorUserLastModified?: boolean;
  mirrorIsExpressTunnel?: boolean;
  mirrorProxyPass?: boolean;
  mirrorDstSlaveVpcId?: string;
  mirrorDstRegion?: string;
  mirrorSwitchAllErrors?: boolean;
  mirrorTunnelId?: string;
  mirrorAllowGetImageInfo?: boolean;
  mirrorSaveOssMeta?: boolean;
  mirrorAllowHeadObject?: boolean;
  /** `MirrorTaggings/Taggings` (the repeated element really is named "Taggings"). */
  mirrorTaggings?: KeyValue[];
  /** Comma-separated status codes, kept as OSS sends them ("400,404"). */
  transparentMirrorResponseCodes?: string;
  /** `MirrorReturnHeaders/ReturnHeader`. */
  mirrorReturnHeaders?: KeyValue[];
}
