import type { Source } from './types.ts';

// The documents the decision rows quote. Quotes are copied from the stored copies named by `url`.

const GO_WEBSITE = 'https://github.com/aliyun/alibabacloud-oss-go-sdk-v2/blob/master/oss/api_op_bucket_website.go';

export const SOURCES = Object.freeze({
  guideOverview: {
    doc: 'Mirroring guide, "How it works"',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/mirroring-based-back-to-origin',
    quote: 'If the origin server returns a 200 status code, OSS returns the object\'s content to the client and stores the object in the OSS bucket. If the origin server returns a 404 or another error status code, OSS returns the corresponding error message to the client.',
  },
  guideNoSync: {
    doc: 'Mirroring guide, "How it works"',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/mirroring-based-back-to-origin',
    quote: 'Note that after an object is stored in OSS, OSS does not automatically synchronize updates even if the source object on the origin server is updated.',
  },
  overviewHead: {
    doc: 'Back-to-origin rules overview, "Operation behavior"',
    url: 'https://www.alibabacloud.com/help/en/oss/back-to-origin-rules-overview',
    quote: 'HEAD Not triggered. A HEAD request does not cause OSS to fetch or write the object.',
  },
  goAllowHead: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.MirrorAllowHeadObject field doc',
    url: GO_WEBSITE,
    quote: 'Whether to allow take HeadObject in mirror-based back-to-origin.',
  },
  goFollowRedirect: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.MirrorFollowRedirect field doc',
    url: GO_WEBSITE,
    quote: 'If you set MirrorFollowRedirect to true, OSS continues requesting the resource at the address specified by Location. The access can be redirected up to 10 times. … If you set MirrorFollowRedirect to false, OSS returns 302 and passes through Location.Default value: true.',
  },
  goExternal: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.HostName and HttpRedirectCode field docs',
    url: GO_WEBSITE,
    quote: 'For example, if you access an object named test, Protocol is set to https, and Hostname is set to `example.com`, the value of the Location header is `https://example.com/test`. … The HTTP redirect code in the response. This parameter takes effect only when RedirectType is set to External or AliCDN. Valid values: 301, 302, and 307.',
  },
  specEmptyReferer: {
    doc: 'spec/oss-api.md §3.3, "Order in which OSS evaluates a request" (from the hotlink-protection user guide)',
    url: '../shared/spec/oss-api.md §3.3',
    quote: 'Empty Referer (the header is absent or empty): allowed if AllowEmptyReferer=true; otherwise allowed only if the whitelist is empty; otherwise denied.',
  },
  goSwitchAllErrors: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.MirrorSwitchAllErrors field doc (same text in the Python v2 SDK)',
    url: GO_WEBSITE,
    quote: 'If MirrorSwitchAllErrors is set to true, all status codes except the following are considered failures: 200, 206, 301, 302, 303, 307, 404. If it is set to false, only status codes in the 5xx range or timeouts are considered failures.',
  },
  terraformSwitchAllErrors: {
    doc: 'Terraform alicloud_oss_bucket_website, mirror_switch_all_errors',
    url: 'https://registry.terraform.io/providers/aliyun/alicloud/latest/docs/resources/oss_bucket_website',
    quote: 'If MirrorSwitchAllErrors is true, it is considered a failure except the following status code: 200,206,301,302,303,307,404; If false, only the source Station Returns 5xx or times out is considered a failure.',
  },
  guideMd5: {
    doc: 'Console guide, configuration examples of mirroring-based back-to-origin, the MD5 scenario',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/configuration-examples-of-mirroring-based-back-to-origin',
    quote: 'If the calculated MD5 hash of the object matches the value of the Content-MD5 header obtained from the origin, the client obtains the object, and OSS saves the object obtained from the origin. If the calculated MD5 hash of the object do… [the stored copy is cut here; issue 14 reports the rest: on a mismatch the client still gets the file and OSS does not store it, because the MD5 is known only once the body has been streamed]',
  },
  goCheckMd5: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.MirrorCheckMd5 field doc',
    url: GO_WEBSITE,
    quote: 'If the MD5 hash of the obtained data does not match the header value, the obtained data is not stored in OSS. Default value: false.',
  },
  help424: {
    doc: 'Help page "HTTP status code 424" (MirrorFailed causes)',
    url: '(help page "HTTP status code 424"; its address is not in the stored copies)',
    quote: 'MD5 in header() is not equal to MD5 calculated',
  },
  goTransparent: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.TransparentMirrorResponseCodes field doc',
    url: GO_WEBSITE,
    quote: 'When OSS requests content from the origin server, if the origin server returns one of the status codes specified in this parameter, OSS will pass through the status code and body returned by the origin server to the client. If the 404 status code is specified in this parameter, the configured ErrorDocument will be ineffective.',
  },
  goErrorDocument: {
    doc: 'OSS Go SDK v2, WebsiteConfiguration.ErrorDocument field doc',
    url: GO_WEBSITE,
    quote: 'The container that stores the default 404 page.',
  },
  guideHeaderExample: {
    doc: 'Console guide, back-to-origin rules, HTTP header transmission example',
    url: 'https://www.alibabacloud.com/help/doc-detail/31906.htm',
    quote: 'If the HTTP header in a request that sent to OSS is as follows: GET /object host : aaa-header : aaa bbb-header : bbb ccc-header : 111 After the back-to-origin is triggered, the request that OSS sends to the origin is as follows: GET /object host : aaa-header : aaa ccc-header : ccc',
  },
  articlePassAll: {
    doc: 'Alibaba Cloud developer article on OSS back-to-origin (张医博), "允许 header"',
    url: 'https://developer.aliyun.com/article/759602',
    quote: '如果配置了允许 所有header ,默认将客户端请求过来的 header 全部透传给源站。',
  },
  faqHost: {
    doc: 'Mirroring guide FAQ, 424 with an OSS origin (as issue 14 reports it)',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/mirroring-based-back-to-origin',
    quote: '[not in the stored copies searched; issue 14 reports it: under the pass-all option, unless host is in the list of headers not to pass, OSS passes the bucket\'s Host to the origin; an OSS origin then answers 403 and the client gets 424 MirrorFailed]',
  },
  goUsingRole: {
    doc: 'OSS Go SDK v2, RoutingRuleRedirect.MirrorUsingRole and MirrorRole field docs',
    url: GO_WEBSITE,
    quote: 'Whether to use role for mirror-based back-to-origin. … The role name used for mirror-based back-to-origin.',
  },
  guidePrivateOrigin: {
    doc: 'Mirroring guide, scenario 4 (origin is a private OSS bucket), as issue 14 reports it',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/mirroring-based-back-to-origin',
    quote: '[not in the stored copies searched; issue 14 reports it: back-to-origin reads the private bucket as a RAM role, by default AliyunOSSMirrorDefaultRole with the AliyunOSSReadOnlyAccess policy, and passing all headers together with a role makes the mirror fail]',
  },
  specReferer: {
    doc: 'spec/oss-api.md §3.3, "Which requests are checked" (from the hotlink-protection user guide)',
    url: '../shared/spec/oss-api.md §3.3',
    quote: 'Only anonymous requests and presigned-URL requests. Requests carrying an `Authorization` header are not Referer-checked. The check applies under every bucket ACL (private, public-read, public-read-write).',
  },
  help0003_00000503: {
    doc: 'Help page 0003-00000503 (Referer not in the whitelist)',
    url: 'https://www.alibabacloud.com/help/en/oss/support/0003-00000503',
    quote: 'You are denied by bucket referer policy.',
  },
  help0003_00000501: {
    doc: 'Help page 0003-00000501 (empty Referer)',
    url: 'https://help.aliyun.com/en/oss/user-guide/0003-00000501',
    quote: 'The request has no Referer header, or the Referer header is present but contains no value. Either case is considered an empty Referer. … The following request omits the Referer header and is therefore denied … Option 1: Add the Referer header to the request … Referer: https://help.example.com … Option 2: Allow empty Referer values in the bucket configuration',
  },
  help0003_00000502: {
    doc: 'Help page 0003-00000502 (Referer in the blacklist)',
    url: 'https://www.alibabacloud.com/help/en/oss/support/0003-00000502',
    quote: 'Your request is denied because the value of the Referer header in the request is in the RefererBlacklist configuration of the bucket.',
  },
  help0003_00000503Example: {
    doc: 'Help page 0003-00000503, its example (whitelist http://*.aliyuncs.com, blacklist http://abc.aliyuncs.com)',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/0003-00000503',
    quote: 'change the Referer from http://test.com to a value that matches http://*.aliyuncs.com, such as http://test.aliyuncs.com.',
  },
  specRefererOrder: {
    doc: 'spec/oss-api.md §3.3, "Order in which OSS evaluates a request" (from the hotlink-protection user guide)',
    url: '../shared/spec/oss-api.md §3.3',
    quote: 'Blacklist. A non-empty Referer that matches any blacklist entry is denied at once; the whitelist is not consulted. The blacklist takes priority. Whitelist. A match allows the request; no match denies it.',
  },
  specRefererWildcards: {
    doc: 'spec/oss-api.md §3.3, "Wildcards" (from the hotlink-protection user guide)',
    url: '../shared/spec/oss-api.md §3.3',
    quote: '`*` matches zero or more characters, e.g. `*.example.com` matches `http://www.example.com` and `https://help.example.com`. `?` matches exactly one character, e.g. `http://www.aliyun?.com` matches `http://www.aliyunc.com`.',
  },
  ossutilRefererPrefix: {
    doc: 'ossutil referer command (older console wording), refererconfig',
    url: 'https://alibabacloud.com/help/ja/oss/developer-reference/referer',
    quote: 'http://www.aliyun.com を Referer ホワイトリストに追加すると、http://www.aliyun.com で始まる URL … が一致する可能性があります。 [the examples given: http://www.aliyun.com/123 and http://www.aliyun.com.cn]',
  },
  specRefererTruncate: {
    doc: 'spec/oss-api.md §3.3, AllowTruncateQueryString and TruncatePath (from the PutBucketReferer reference)',
    url: '../shared/spec/oss-api.md §3.3',
    quote: 'AllowTruncateQueryString=true: the query string (from `?` on) of the Referer is removed before matching. TruncatePath=true: the path and everything after it is removed before matching, leaving only scheme://host[:port].',
  },
  help0033_00000005: {
    doc: 'Help page 0033-00000005',
    url: 'https://www.alibabacloud.com/help/en/oss/user-guide/0033-00000005',
    quote: 'PutBucketReferer returns a 400 Bad Request error because the required element RefererList is missing from the XML request body.',
  },
  help0033_00000001: {
    doc: 'Help page 0033-00000001',
    url: 'https://www.alibabacloud.com/help/en/oss/support/0033-00000001',
    quote: 'You initiated a PutBucketReferer request to configure hotlink protection for a bucket, but the XML body is invalid or the root node of the XML body is not RefererConfiguration.',
  },
  help0033_00000002: {
    doc: 'Help page 0033-00000002',
    url: 'https://www.alibabacloud.com/help/en/oss/support/0033-00000002',
    quote: 'The required AllowEmptyReferer parameter is missing in the XML body of the PutBucketReferer request.',
  },
  help0033_00000003: {
    doc: 'Help page 0033-00000003',
    url: 'https://www.alibabacloud.com/help/en/oss/support/0033-00000003',
    quote: 'The value that is specified for the AllowEmptyReferer parameter in the XML request body is invalid.',
  },
  goRefererList: {
    doc: 'OSS Go SDK v2, RefererConfiguration.RefererList field doc',
    url: 'https://github.com/aliyun/alibabacloud-oss-go-sdk-v2/blob/master/oss/api_op_bucket_referer.go',
    quote: 'If RefererList is not specified in the request, which specifies that no Referer elements are included, the operation clears the existing Referer whitelist.',
  },
} satisfies Record<string, Source>);
