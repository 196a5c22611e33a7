import { hash } from 'node:crypto';
import type { Credentials } from '../credentials/types.ts';
import { rfc3986Encode, rfc3986EncodePath } from './encode.ts';
import { SignerError } from './errors.ts';
import { canonicalHeaderLinesV4, lowerCaseHeaders, normalizeAdditionalHeadersV4 } from './headers.ts';
import { signatureV4, signingKeyV4 } from './signing-key.ts';
import { signingTime } from './time.ts';
import type { PresignedQuery, PresignInput, SignableRequest, SignedHeaders, SignInput } from './types.ts';

export const V4_ALGORITHM = 'OSS4-HMAC-SHA256';
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const DEFAULT_PRODUCT = 'oss';
export const V4_TERMINATOR = 'aliyun_v4_request';
/** Presign expiry bounds, seconds (OSS rejects others with EC 0002-00000232). */
export const MIN_PRESIGN_EXPIRES = 1;
export const MAX_PRESIGN_EXPIRES = 604_800;
/** Query parameters a V4 presign adds; a request must not carry them already. */
export const V4_PRESIGN_PARAMS: ReadonlySet<string> = new Set([
  'x-oss-signature-version',
  'x-oss-date',
  'x-oss-expires',
  'x-oss-credential',
  'x-oss-security-token',
  'x-oss-additional-headers',
  'x-oss-signature',
]);

/** `/bucket/key` (or `/bucket/`, or `/`) percent-encoded, `/` kept. */
export function canonicalUriV4(bucket?: string, key?: string): string {
  return bucket ? rfc3986EncodePath(`/${bucket}/${key ?? ''}`) : '/';
}

// Sorting `key SEP value` strings with SEP below every character an encoded key can hold ('%', '-',
// '.', alphanumerics, '_', '~') orders by key first, then value: a plain string sort, no comparator.
const SEP = '\x01';
const SEP_ALL = /\x01/g;

/** Every query parameter RFC 3986-encoded, sorted by encoded key, `k=v` or `k` when empty, `&`-joined. */
export function canonicalQueryV4(query: ReadonlyArray<readonly [string, string]>): string {
  const n = query.length;
  if (n === 0) return '';
  if (n === 1) {
    const [k, v] = query[0] as readonly [string, string];
    return v === '' ? rfc3986Encode(k) : `${rfc3986Encode(k)}=${rfc3986Encode(v)}`;
  }
  const entries: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const [k, v] = query[i] as readonly [string, string];
    entries[i] = v === '' ? rfc3986Encode(k) + SEP : `${rfc3986Encode(k)}${SEP}=${rfc3986Encode(v)}`;
  }
  return entries.sort().join('&').replace(SEP_ALL, '');
}

function buildCanonicalRequest(
  method: string,
  bucket: string | undefined,
  key: string | undefined,
  query: ReadonlyArray<readonly [string, string]>,
  headers: ReadonlyMap<string, string>,
  additional: readonly string[],
): string {
  return (
    `${method.toUpperCase()}\n${canonicalUriV4(bucket, key)}\n${canonicalQueryV4(query)}\n` +
    `${canonicalHeaderLinesV4(headers, additional)}\n${additional.join(';')}\n` +
    (headers.get('x-oss-content-sha256') ?? UNSIGNED_PAYLOAD)
  );
}

/**
 * The V4 canonical request of a request as sent (or received): `headers` must hold every header of
 * the wire request (x-oss-date, token...), `query` every parameter except `x-oss-signature`, and
 * `additionalHeaders` the list as it appears in the Authorization header / presigned URL.
 */
export function canonicalRequestV4(request: SignableRequest, additionalHeaders: readonly string[] = []): string {
  const additional: string[] = [];
  for (const h of additionalHeaders) if (h !== '') additional.push(h.toLowerCase());
  return buildCanonicalRequest(
    request.method,
    request.bucket,
    request.key,
    request.query,
    lowerCaseHeaders(request.headers),
    additional,
  );
}

/** `YYYYMMDD/region/product/aliyun_v4_request`. */
export function scopeV4(day: string, region: string, product: string = DEFAULT_PRODUCT): string {
  return `${day}/${region}/${product}/${V4_TERMINATOR}`;
}

/** `OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\n<hex sha256 of the canonical request>`. */
export function stringToSignV4(isoDate: string, scope: string, canonicalRequest: string): string {
  // One-shot crypto.hash (Node >= 20.12) is several times faster than createHash for short input.
  return `${V4_ALGORITHM}\n${isoDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
}

function requireKeys(credentials: Credentials): void {
  if (!credentials.accessKeyId || !credentials.accessKeySecret) {
    throw new SignerError('MISSING_CREDENTIALS', 'an AccessKey id and secret are needed to sign');
  }
}

function requireRegion(region: string): void {
  if (!region) throw new SignerError('INVALID_ARGUMENT', 'V4 signing needs a region (e.g. cn-hangzhou)');
}

/**
 * Signs a request with V4 header authentication. Returns, lower-case, the headers to set:
 * `x-oss-date`, `x-oss-content-sha256`, `date`, `x-oss-security-token` (STS only) and `authorization`.
 * They replace any request header of the same name (the values signed are these).
 */
export function signV4(input: SignInput): SignedHeaders {
  const { request, credentials, region } = input;
  requireKeys(credentials);
  requireRegion(region);
  const product = input.product ?? DEFAULT_PRODUCT;
  const t = signingTime(input.time);
  const set: Record<string, string> = {
    'x-oss-date': t.iso,
    'x-oss-content-sha256': UNSIGNED_PAYLOAD,
  };
  if (credentials.securityToken) set['x-oss-security-token'] = credentials.securityToken;
  const headers = lowerCaseHeaders(request.headers, set);
  const additional = normalizeAdditionalHeadersV4(input.additionalHeaders, headers);
  const canonicalRequest = buildCanonicalRequest(
    request.method,
    request.bucket,
    request.key,
    request.query,
    headers,
    additional,
  );
  const scope = scopeV4(t.day, region, product);
  const stringToSign = stringToSignV4(t.iso, scope, canonicalRequest);
  const signature = signatureV4(signingKeyV4(credentials.accessKeySecret, t.day, region, product), stringToSign);
  const extra = additional.length > 0 ? `AdditionalHeaders=${additional.join(';')},` : '';
  set['date'] = t.http;
  set['authorization'] =
    `${V4_ALGORITHM} Credential=${credentials.accessKeyId}/${scope},${extra}Signature=${signature}`;
  return { headers: set, stringToSign, canonicalRequest };
}

/** Throws unless `expires` is a whole number of seconds in 1..604800. */
export function checkPresignExpires(expires: number): void {
  if (!Number.isInteger(expires) || expires < MIN_PRESIGN_EXPIRES || expires > MAX_PRESIGN_EXPIRES) {
    throw new SignerError(
      'INVALID_EXPIRES',
      `presign expiry must be a whole number of seconds in ${MIN_PRESIGN_EXPIRES}..${MAX_PRESIGN_EXPIRES}, got ${expires}`,
    );
  }
}

/**
 * Presigns a request with V4 query authentication. Returns the raw query parameters to append (the
 * caller encodes them), `x-oss-signature` last. Headers the request carries that V4 signs
 * (x-oss-*, content-type, content-md5, additional) must be sent with the URL unchanged.
 */
export function presignV4(input: PresignInput): PresignedQuery {
  const { request, credentials, region } = input;
  requireKeys(credentials);
  requireRegion(region);
  checkPresignExpires(input.expires);
  for (const [k] of request.query) {
    if (V4_PRESIGN_PARAMS.has(k.toLowerCase())) {
      throw new SignerError('INVALID_ARGUMENT', `query parameter ${k} is set by the presigner`);
    }
  }
  const product = input.product ?? DEFAULT_PRODUCT;
  const t = signingTime(input.time);
  const scope = scopeV4(t.day, region, product);
  const headers = lowerCaseHeaders(request.headers);
  const additional = normalizeAdditionalHeadersV4(input.additionalHeaders, headers);
  const added: Array<[string, string]> = [
    ['x-oss-signature-version', V4_ALGORITHM],
    ['x-oss-date', t.iso],
    ['x-oss-expires', String(input.expires)],
    ['x-oss-credential', `${credentials.accessKeyId}/${scope}`],
  ];
  if (credentials.securityToken) added.push(['x-oss-security-token', credentials.securityToken]);
  if (additional.length > 0) added.push(['x-oss-additional-headers', additional.join(';')]);
  const canonicalRequest = buildCanonicalRequest(
    request.method,
    request.bucket,
    request.key,
    [...request.query, ...added],
    headers,
    additional,
  );
  const stringToSign = stringToSignV4(t.iso, scope, canonicalRequest);
  const signature = signatureV4(signingKeyV4(credentials.accessKeySecret, t.day, region, product), stringToSign);
  added.push(['x-oss-signature', signature]);
  return { query: added, stringToSign, canonicalRequest };
}
