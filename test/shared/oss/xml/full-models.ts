import type { CorsConfiguration } from '../../../../shared/oss/models/cors.ts';
import type { RefererConfiguration } from '../../../../shared/oss/models/referer.ts';
import type { WebsiteConfiguration } from '../../../../shared/oss/models/website.ts';

/** A website model that sets every field of the model (and therefore every element of spec §3.1). */
export const FULL_WEBSITE: WebsiteConfiguration = {
  indexDocument: { suffix: 'index.html', supportSubDir: true, type: 2 },
  errorDocument: { key: 'errors/404 & <gone>.html', httpStatus: 404 },
  routingRules: [
    {
      ruleNumber: 1,
      condition: {
        keyPrefixEquals: 'assets/',
        keySuffixEquals: '.js',
        httpErrorCodeReturnedEquals: 404,
        includeHeaders: [
          { key: 'host', equals: 'cdn.example.com', startsWith: 'cdn.', endsWith: '.com' },
          { key: 'x-env', equals: 'prod' },
        ],
      },
      redirect: {
        redirectType: 'Mirror',
        passQueryString: true,
        mirrorURL: 'https://origin.example.com/a?b=c&d=e/',
        mirrorSNI: true,
        mirrorPassQueryString: false,
        mirrorFollowRedirect: false,
        mirrorCheckMd5: true,
        mirrorHeaders: {
          passAll: true,
          pass: ['x-pass-1', 'x-pass-2'],
          remove: ['x-remove-1'],
          set: [
            { key: 'x-set-1', value: 'v1 "quoted" <tag>' },
            { key: 'x-set-2', value: '' },
          ],
        },
        replaceKeyWith: 'prefix/${key}.suffix',
        replaceKeyPrefixWith: 'new/',
        enableReplacePrefix: true,
        protocol: 'https',
        hostName: 'www.example.com',
        httpRedirectCode: 307,
        mirrorURLSlave: 'https://backup.example.com/',
        mirrorURLProbe: 'https://probe.example.com/health',
        mirrorUsingRole: true,
        mirrorRole: 'aliyun-mirror-role',
        mirrorMultiAlternates: [
          {
            mirrorMultiAlternateNumber: 1,
            mirrorMultiAlternateURL: 'https://alt1.example.com/',
            mirrorMultiAlternateVpcId: 'vpc-1',
            mirrorMultiAlternateDstRegion: 'cn-shanghai',
          },
          { mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: 'https://alt2.example.com/' },
        ],
        mirrorPassOriginalSlashes: true,
        mirrorAsyncStatus: 303,
        mirrorAuth: { authType: 'S3V4', region: 'us-east-1', accessKeyId: 'AKID', accessKeySecret: 'secret-value' },
        mirrorAllowVideoSnapshot: true,
        mirrorDstVpcId: 'vpc-dst',
        mirrorUserLastModified: true,
        mirrorIsExpressTunnel: false,
        mirrorProxyPass: true,
        mirrorDstSlaveVpcId: 'vpc-dst-slave',
        mirrorDstRegion: 'cn-beijing',
        mirrorSwitchAllErrors: true,
        mirrorTunnelId: 'tunnel-1',
        mirrorAllowGetImageInfo: false,
        mirrorSaveOssMeta: true,
        mirrorAllowHeadObject: true,
        mirrorTaggings: [
          { key: 'team', value: 'web' },
          { key: 'env', value: 'prod' },
        ],
        transparentMirrorResponseCodes: '400,404',
        mirrorReturnHeaders: [{ key: 'x-return', value: 'yes' }],
      },
      luaConfig: { script: 'mirror.lua' },
    },
    {
      ruleNumber: 2,
      condition: { httpErrorCodeReturnedEquals: 404 },
      redirect: { redirectType: 'External', protocol: 'http', hostName: 'example.org', httpRedirectCode: 301 },
    },
  ],
};

export const FULL_CORS: CorsConfiguration = {
  rules: [
    {
      allowedOrigin: ['https://a.example.com', 'https://*.example.org'],
      allowedMethod: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
      allowedHeader: ['authorization', '*'],
      exposeHeader: ['etag', 'x-oss-request-id'],
      maxAgeSeconds: 600,
    },
    { allowedOrigin: ['*'], allowedMethod: ['GET'] },
  ],
  responseVary: true,
};

export const FULL_REFERER: RefererConfiguration = {
  allowEmptyReferer: false,
  allowTruncateQueryString: false,
  truncatePath: true,
  refererList: ['https://*.example.com', 'http://www.?.example.com', 'https://a.example.com/?x=1&y=<2>'],
  refererBlacklist: ['https://*.hack.example'],
};
