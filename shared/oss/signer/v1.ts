import { createHmac } from 'node:crypto';
import { SignerError } from './errors.ts';
import { canonicalHeaderLinesV1, lowerCaseHeaders, OSS_HEADER_PREFIX } from './headers.ts';
import { signingTime } from './time.ts';
import { checkPresignExpires } from './v4.ts';
import type { PresignedQuery, PresignInput, SignableRequest, SignedHeaders, SignInput } from './types.ts';

/**
 * Query parameters V1 signs (all others are ignored): the old Go SDK's `signKeyList`, which is the
 * union of the Go and Python SDK v2 lists, plus the sub-resources that SDK v2 operations declare
 * for the calls ossedge makes (resourceGroup, publicAccessBlock, policyStatus). Any `x-oss-*`
 * parameter is signed too.
 */
export const V1_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'acl', 'uploads', 'location', 'cors', 'logging', 'website', 'referer', 'lifecycle', 'delete', 'append',
  'tagging', 'objectMeta', 'uploadId', 'partNumber', 'security-token', 'position', 'img', 'style',
  'styleName', 'replication', 'replicationProgress', 'replicationLocation', 'cname', 'bucketInfo', 'comp',
  'qos', 'live', 'status', 'vod', 'startTime', 'endTime', 'symlink', 'x-oss-process',
  'response-content-type', 'x-oss-traffic-limit', 'response-content-language', 'response-expires',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'udf', 'udfName',
  'udfImage', 'udfId', 'udfImageDesc', 'udfApplication', 'udfApplicationLog', 'restore', 'callback',
  'callback-var', 'qosInfo', 'policy', 'stat', 'encryption', 'versions', 'versioning', 'versionId',
  'requestPayment', 'x-oss-request-payer', 'sequential', 'inventory', 'inventoryId', 'continuation-token',
  'asyncFetch', 'worm', 'wormId', 'wormExtend', 'withHashContext', 'x-oss-enable-md5', 'x-oss-enable-sha1',
  'x-oss-enable-sha256', 'x-oss-hash-ctx', 'x-oss-md5-ctx', 'transferAcceleration', 'regionList',
  'cloudboxes', 'x-oss-ac-source-ip', 'x-oss-ac-subnet-mask', 'x-oss-ac-vpc-id', 'x-oss-ac-forward-allow',
  'metaQuery', 'resourceGroup', 'publicAccessBlock', 'policyStatus',
]);

export interface V1Options {
  /** Extra query keys to sign as sub-resources (what an SDK v2 operation declares as SubResource). */
  subResources?: readonly string[];
}

function isSigned(name: string, extra: readonly string[] | undefined): boolean {
  return V1_SUB_RESOURCES.has(name) || name.startsWith(OSS_HEADER_PREFIX) || (extra?.includes(name) ?? false);
}

/** `/bucket/key` (raw key, not encoded) + `?` + signed sub-resources sorted, `k=v` or `k`. */
export function canonicalResourceV1(
  bucket: string | undefined,
  key: string | undefined,
  query: ReadonlyArray<readonly [string, string]>,
  extraSubResources?: readonly string[],
): string {
  const path = bucket ? `/${bucket}/${key ?? ''}` : '/';
  const signed: Array<readonly [string, string]> = [];
  for (const pair of query) if (isSigned(pair[0], extraSubResources)) signed.push(pair);
  if (signed.length === 0) return path;
  signed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `${path}?${signed.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join('&')}`;
}

function buildStringToSign(
  request: SignableRequest,
  headers: ReadonlyMap<string, string>,
  date: string,
  extra: readonly string[] | undefined,
): string {
  return (
    `${request.method.toUpperCase()}\n${headers.get('content-md5') ?? ''}\n${headers.get('content-type') ?? ''}\n` +
    `${date}\n${canonicalHeaderLinesV1(headers)}` +
    canonicalResourceV1(request.bucket, request.key, request.query, extra)
  );
}

/**
 * The V1 string to sign of a request as sent (or received). `date` is the Date header (header auth)
 * or the Expires unix seconds (presigned URL).
 */
export function stringToSignV1(request: SignableRequest, date: string, extraSubResources?: readonly string[]): string {
  return buildStringToSign(request, lowerCaseHeaders(request.headers), date, extraSubResources);
}

/** base64 HMAC-SHA1 of the string to sign with the AccessKey secret. */
export function signatureV1(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign).digest('base64');
}

function requireKeys(input: SignInput): void {
  if (!input.credentials.accessKeyId || !input.credentials.accessKeySecret) {
    throw new SignerError('MISSING_CREDENTIALS', 'an AccessKey id and secret are needed to sign');
  }
}

/**
 * Signs a request with V1 header authentication (`OSS AK:signature`). Returns, lower-case, the
 * headers to set: `date` and `x-oss-date` (same RFC 1123 value, so the Date line holds whichever
 * the server reads), `x-oss-security-token` (STS only) and `authorization`.
 */
export function signV1(input: SignInput, options?: V1Options): SignedHeaders {
  requireKeys(input);
  const { request, credentials } = input;
  const t = signingTime(input.time);
  const set: Record<string, string> = { date: t.http, 'x-oss-date': t.http };
  if (credentials.securityToken) set['x-oss-security-token'] = credentials.securityToken;
  const headers = lowerCaseHeaders(request.headers, set);
  const stringToSign = buildStringToSign(request, headers, t.http, options?.subResources);
  set['authorization'] = `OSS ${credentials.accessKeyId}:${signatureV1(credentials.accessKeySecret, stringToSign)}`;
  return { headers: set, stringToSign };
}

/**
 * Presigns a request with V1 query authentication. Returns the raw parameters to append:
 * `Expires` (unix seconds), `OSSAccessKeyId`, `Signature` and `security-token` (STS only).
 */
export function presignV1(input: PresignInput, options?: V1Options): PresignedQuery {
  requireKeys(input);
  checkPresignExpires(input.expires);
  const { request, credentials } = input;
  for (const [k] of request.query) {
    if (k === 'Expires' || k === 'OSSAccessKeyId' || k === 'Signature' || k === 'security-token') {
      throw new SignerError('INVALID_ARGUMENT', `query parameter ${k} is set by the presigner`);
    }
  }
  const expires = String(signingTime(input.time).unix + input.expires);
  const token = credentials.securityToken ? credentials.securityToken : undefined;
  const signedRequest: SignableRequest =
    token === undefined ? request : { ...request, query: [...request.query, ['security-token', token]] };
  const stringToSign = buildStringToSign(signedRequest, lowerCaseHeaders(request.headers), expires, options?.subResources);
  const query: Array<[string, string]> = [
    ['Expires', expires],
    ['OSSAccessKeyId', credentials.accessKeyId],
    ['Signature', signatureV1(credentials.accessKeySecret, stringToSign)],
  ];
  if (token !== undefined) query.push(['security-token', token]);
  return { query, stringToSign };
}
