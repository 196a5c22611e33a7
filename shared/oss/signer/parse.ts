import { V4_ALGORITHM, V4_TERMINATOR } from './v4.ts';

/** The parts of a V4 `Authorization` header (or of a V4 presigned URL's credential). */
export interface ParsedAuthorizationV4 {
  accessKeyId: string;
  day: string;
  region: string;
  product: string;
  /** Lower-case names as listed, in order; empty when absent. */
  additionalHeaders: string[];
  signature: string;
}

/**
 * Splits `AK/YYYYMMDD/region/product/aliyun_v4_request` (the access key id may itself hold `/`).
 * Returns undefined when the credential is malformed.
 */
export function parseCredentialV4(credential: string): Omit<ParsedAuthorizationV4, 'additionalHeaders' | 'signature'> | undefined {
  const parts = credential.split('/');
  if (parts.length < 5 || parts[parts.length - 1] !== V4_TERMINATOR) return undefined;
  const [day, region, product] = parts.slice(-4, -1) as [string, string, string];
  const accessKeyId = parts.slice(0, -4).join('/');
  if (!accessKeyId || !/^\d{8}$/.test(day) || !region || !product) return undefined;
  return { accessKeyId, day, region, product };
}

/**
 * Parses `OSS4-HMAC-SHA256 Credential=...,AdditionalHeaders=a;b,Signature=hex` (a space after the
 * commas is tolerated). Returns undefined when it is not a well-formed V4 header.
 */
export function parseAuthorizationV4(header: string): ParsedAuthorizationV4 | undefined {
  const prefix = `${V4_ALGORITHM} `;
  if (!header.startsWith(prefix)) return undefined;
  const fields = new Map<string, string>();
  for (const raw of header.slice(prefix.length).split(',')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0 || fields.has(part.slice(0, eq))) return undefined;
    fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (credential === undefined || signature === undefined || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  const scope = parseCredentialV4(credential);
  if (scope === undefined) return undefined;
  const additional = fields.get('AdditionalHeaders');
  if (additional !== undefined && (additional === '' || additional.split(';').some((h) => h === ''))) {
    return undefined; // OSS rejects an empty list or element (EC 0002-00000209 / 210)
  }
  return {
    ...scope,
    additionalHeaders: additional === undefined ? [] : additional.split(';').map((h) => h.toLowerCase()),
    signature,
  };
}

/** Parses `OSS AK:base64signature`. Returns undefined when it is not a V1 header. */
export function parseAuthorizationV1(header: string): { accessKeyId: string; signature: string } | undefined {
  if (!header.startsWith('OSS ')) return undefined;
  const rest = header.slice(4);
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  return { accessKeyId: rest.slice(0, colon), signature: rest.slice(colon + 1) };
}
