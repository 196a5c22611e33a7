import type { CorsConfiguration } from '../../../shared/oss/models/cors.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import type { RoutingRule, WebsiteConfiguration } from '../../../shared/oss/models/website.ts';

/** What GetBucketWebsite returns in place of the mirror auth secret (assumed masked). */
export const MASKED = '******';

/** A Mirror rule that sets every field of spec/oss-api.md §3.1. */
export const fullMirrorRule = (): RoutingRule => ({
  ruleNumber: 1,
  condition: {
    keyPrefixEquals: 'img/',
    keySuffixEquals: '.png',
    httpErrorCodeReturnedEquals: 404,
    includeHeaders: [
      { key: 'host', equals: 'cdn.example.com' },
      { key: 'x-client', startsWith: 'app-' },
      { key: 'x-env', endsWith: '-prod' },
    ],
  },
  redirect: {
    redirectType: 'Mirror',
    passQueryString: true,
    mirrorURL: 'https://origin.example.com/',
    mirrorSNI: true,
    mirrorPassQueryString: true,
    mirrorFollowRedirect: false,
    mirrorCheckMd5: true,
    mirrorHeaders: {
      passAll: true,
      pass: ['x-a', 'x-b'],
      remove: ['cookie', 'x-c'],
      set: [
        { key: 'x-from', value: 'oss' },
        { key: 'x-two', value: '2' },
      ],
    },
    replaceKeyPrefixWith: 'images/',
    enableReplacePrefix: true,
    mirrorURLSlave: 'https://backup.example.com/',
    mirrorURLProbe: 'https://origin.example.com/health',
    mirrorUsingRole: true,
    mirrorRole: 'aliyun-oss-mirror-role',
    mirrorMultiAlternates: [
      { mirrorMultiAlternateNumber: 1, mirrorMultiAlternateURL: 'https://alt1.example.com/', mirrorMultiAlternateVpcId: 'vpc-1', mirrorMultiAlternateDstRegion: 'cn-shanghai' },
      { mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: 'https://alt2.example.com/', mirrorMultiAlternateVpcId: 'vpc-2', mirrorMultiAlternateDstRegion: 'cn-beijing' },
    ],
    mirrorPassOriginalSlashes: true,
    mirrorAsyncStatus: 303,
    mirrorAuth: { authType: 'S3V4', region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', accessKeySecret: MASKED },
    mirrorAllowVideoSnapshot: true,
    mirrorDstVpcId: 'vpc-dst',
    mirrorUserLastModified: true,
    mirrorIsExpressTunnel: true,
    mirrorProxyPass: true,
    mirrorDstSlaveVpcId: 'vpc-slave',
    mirrorDstRegion: 'cn-beijing',
    mirrorSwitchAllErrors: true,
    mirrorTunnelId: 'tunnel-1',
    mirrorAllowGetImageInfo: true,
    mirrorSaveOssMeta: true,
    mirrorAllowHeadObject: true,
    mirrorTaggings: [{ key: 'team', value: 'web' }],
    transparentMirrorResponseCodes: '400,404',
    mirrorReturnHeaders: [{ key: 'x-ret', value: '1' }],
  },
  luaConfig: { script: 'test.lua' },
});

export const externalRule = (ruleNumber = 2): RoutingRule => ({
  ruleNumber,
  condition: { keyPrefixEquals: 'old/' },
  redirect: {
    redirectType: 'External',
    protocol: 'https',
    hostName: 'new.example.com',
    passQueryString: true,
    replaceKeyWith: 'moved/${key}',
    httpRedirectCode: 301,
  },
});

export const fullWebsite = (): WebsiteConfiguration => ({
  indexDocument: { suffix: 'index.html', supportSubDir: true, type: 2 },
  errorDocument: { key: 'error.html', httpStatus: 404 },
  routingRules: [fullMirrorRule(), externalRule()],
});

export const fullCors = (): CorsConfiguration => ({
  rules: [
    { allowedOrigin: ['https://www.example.com', 'https://*.example.com'], allowedMethod: ['GET', 'HEAD'], allowedHeader: ['*'], exposeHeader: ['ETag', 'x-oss-request-id'], maxAgeSeconds: 600 },
    { allowedOrigin: ['*'], allowedMethod: ['GET'] },
  ],
  responseVary: true,
});

export const fullReferer = (): RefererConfiguration => ({
  allowEmptyReferer: false,
  allowTruncateQueryString: true,
  truncatePath: true,
  refererList: ['https://www.example.com', 'https://*.example.com', 'https://www.?.example.net'],
  refererBlacklist: ['https://*.hotlinker.example'],
});

export const mirror = (prefix: string, url: string, ruleNumber?: number): RoutingRule => ({
  ...(ruleNumber !== undefined && { ruleNumber }),
  condition: { keyPrefixEquals: prefix, httpErrorCodeReturnedEquals: 404 },
  redirect: { redirectType: 'Mirror', mirrorURL: url },
});
