import { createHash, createHmac } from 'node:crypto';

/**
 * The emulator's own canonicalisation of an incoming request for V4 and V1 (spec/oss-api.md §1, §2).
 * Written apart from shared/oss/signer on purpose: the emulator is the independent check of the client's
 * signer, so a shared bug cannot make both sides agree.
 */

/** The request as the verifier sees it: decoded key and query, lower-case header names. */
export interface AuthRequest {
  method: string;
  bucket?: string;
  key?: string;
  /** Decoded query pairs in wire order. */
  query: ReadonlyArray<readonly [string, string]>;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function headerValue(headers: AuthRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.map((s) => s.trim()).join(',') : v;
}

/** RFC 3986: everything but A-Z a-z 0-9 - . _ ~ as %XX (upper-case). */
export function rfc3986(text: string, keepSlash = false): string {
  const enc = encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? enc.replace(/%2F/g, '/') : enc;
}

export function resourcePath(bucket: string | undefined, key: string | undefined): string {
  if (!bucket) return '/';
  return `/${bucket}/${key ?? ''}`;
}

const V4_DEFAULT_SIGNED = (name: string): boolean => name.startsWith('x-oss-') || name === 'content-type' || name === 'content-md5';

/**
 * How a V4 canonical query writes a parameter whose value is empty. 'documented': the bare key
 * (spec/oss-api.md §1.3, the Go and Python SDKs). 'ali-oss': a sub-resource bare, any other parameter as
 * `key=` (ali-oss signs its `query` with qs.stringify and its `subres` as null, e.g. listV2({prefix: ''})).
 * Both put the same parameters and values under the signature; the wire (`key=` for both) cannot tell them apart.
 */
export type EmptyValueForm = 'documented' | 'ali-oss';

/** Whether a request has an empty-valued parameter the two forms write differently. */
export function emptyValueFormsDiffer(req: AuthRequest, omitQuery?: string): boolean {
  return req.query.some(([k, v]) => v === '' && k !== omitQuery && !isSubResource(k));
}

/** Canonical request (V4). `omitQuery` names query keys left out (x-oss-signature for presigned URLs). */
export function canonicalRequestV4(req: AuthRequest, additionalHeaders: readonly string[], omitQuery?: string, emptyForm: EmptyValueForm = 'documented'): string {
  const path = rfc3986(resourcePath(req.bucket, req.key), true);
  const bare = (k: string): boolean => emptyForm === 'documented' || isSubResource(k);
  const query = req.query
    .filter(([k]) => k !== omitQuery)
    .map(([k, v]) => [rfc3986(k), rfc3986(v), v === '' && !bare(k)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v, withEquals]) => (v === '' && !withEquals ? k : `${k}=${v}`))
    .join('&');
  const extra = new Set(additionalHeaders);
  const names = Object.keys(req.headers)
    .filter((n) => V4_DEFAULT_SIGNED(n) || extra.has(n))
    .sort();
  const headerLines = names.map((n) => `${n}:${(headerValue(req.headers, n) ?? '').trim()}\n`).join('');
  const payload = headerValue(req.headers, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD';
  return `${req.method}\n${path}\n${query}\n${headerLines}\n${additionalHeaders.join(';')}\n${payload}`;
}

export function stringToSignV4(dateTime: string, scope: string, canonicalRequest: string): string {
  return `OSS4-HMAC-SHA256\n${dateTime}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
}

export function signatureV4(secret: string, date: string, region: string, product: string, stringToSign: string): string {
  const hmac = (key: string | Buffer, msg: string): Buffer => createHmac('sha256', key).update(msg).digest();
  const kSigning = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, date), region), product), 'aliyun_v4_request');
  return createHmac('sha256', kSigning).update(stringToSign).digest('hex');
}

/** Normalised AdditionalHeaders: lower-case, minus default-signed and absent ones, unique, sorted. */
export function normaliseAdditional(list: string, headers: AuthRequest['headers']): string[] {
  const names = list
    .split(';')
    .map((s) => s.trim().toLowerCase())
    .filter((n) => n !== '' && !V4_DEFAULT_SIGNED(n) && (headerValue(headers, n) ?? '') !== '');
  return [...new Set(names)].sort();
}

/** Query keys signed by V1 (the union list of the OSS SDKs) besides any `x-oss-*` key. */
const V1_SUBRESOURCES = new Set(
  (
    'acl uploads location cors logging website referer lifecycle delete append tagging objectMeta uploadId partNumber ' +
    'security-token position img style styleName replication replicationProgress replicationLocation cname bucketInfo ' +
    'comp qos live status vod startTime endTime symlink response-content-type response-content-language ' +
    'response-expires response-cache-control response-content-disposition response-content-encoding udf udfName ' +
    'udfImage udfId udfImageDesc udfApplication udfApplicationLog restore callback callback-var qosInfo policy stat ' +
    'encryption versions versioning versionId requestPayment sequential inventory inventoryId continuation-token ' +
    'asyncFetch worm wormId wormExtend withHashContext transferAcceleration regionList cloudboxes metaQuery ' +
    'resourceGroup publicAccessBlock policyStatus'
  ).split(' '),
);

/** A query key V1 signs (the SDKs' sub-resource list, or any `x-oss-*` key). */
export function isSubResource(key: string): boolean {
  return V1_SUBRESOURCES.has(key) || key.startsWith('x-oss-');
}

export function canonicalResourceV1(req: AuthRequest): string {
  const subs = req.query
    .filter(([k]) => isSubResource(k))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .sort();
  const path = resourcePath(req.bucket, req.key);
  return subs.length ? `${path}?${subs.join('&')}` : path;
}

export function stringToSignV1(req: AuthRequest, dateLine: string): string {
  const h = req.headers;
  const ossHeaders = Object.keys(h)
    .filter((n) => n.startsWith('x-oss-'))
    .sort()
    .map((n) => `${n}:${(headerValue(h, n) ?? '').trim()}\n`)
    .join('');
  const md5 = headerValue(h, 'content-md5') ?? '';
  const type = headerValue(h, 'content-type') ?? '';
  return `${req.method}\n${md5}\n${type}\n${dateLine}\n${ossHeaders}${canonicalResourceV1(req)}`;
}

export function signatureV1(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign).digest('base64');
}
