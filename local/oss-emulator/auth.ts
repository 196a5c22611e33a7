import { timingSafeEqual } from 'node:crypto';
import {
  canonicalRequestV4,
  emptyValueFormsDiffer,
  headerValue,
  normaliseAdditional,
  signatureV1,
  signatureV4,
  stringToSignV1,
  stringToSignV4,
  type AuthRequest,
  type EmptyValueForm,
} from './auth-canonical.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';

export type AuthKind = 'v4' | 'v1' | 'v4-presign' | 'v1-presign' | 'anonymous';

export interface EmulatorCredential {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests with this key must carry this STS token. */
  securityToken?: string;
}

export interface AuthResult {
  kind: AuthKind;
  accessKeyId?: string;
  /** The request carried the STS token its key requires (and it matched). */
  securityToken?: true;
}

export interface AuthSettings {
  region: string;
  credentials: ReadonlyMap<string, EmulatorCredential>;
  now: () => number;
}

/** OSS refuses requests whose time is more than 15 minutes off. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES = 604_800;

/** Which form of authentication a request attempts (before verifying it): the request log shows it even when refused. */
export function detectAuthKind(req: AuthRequest): AuthKind {
  const auth = headerValue(req.headers, 'authorization');
  if (auth) return auth.startsWith('OSS4-HMAC-SHA256') ? 'v4' : 'v1';
  const keys = new Set(req.query.map(([k]) => k));
  if (keys.has('x-oss-signature-version') || keys.has('x-oss-signature') || keys.has('x-oss-credential')) return 'v4-presign';
  if (keys.has('OSSAccessKeyId') || keys.has('Signature')) return 'v1-presign';
  return 'anonymous';
}

/** Verifies a request's signature (any of the four forms) or reports it anonymous. Throws OSS's error. */
export function authenticate(req: AuthRequest, s: AuthSettings): AuthResult {
  const auth = headerValue(req.headers, 'authorization');
  const q = new Map(req.query);
  if (auth !== undefined && auth !== '') {
    if (auth.startsWith('OSS4-HMAC-SHA256')) return verifyV4Header(req, auth, s);
    if (auth.startsWith('OSS ')) return verifyV1Header(req, auth, s);
    throw ossErrors.invalidArgument('Authorization header is invalid.', 'Authorization', undefined, '0002-00000201');
  }
  if (q.has('x-oss-signature-version') || q.has('x-oss-signature') || q.has('x-oss-credential')) return verifyV4Query(req, q, s);
  if (q.has('OSSAccessKeyId') || q.has('Signature')) return verifyV1Query(req, q, s);
  return { kind: 'anonymous' };
}

function lookupKey(id: string, s: AuthSettings, provided: string): EmulatorCredential {
  const cred = s.credentials.get(id);
  if (!cred) {
    throw new OssEmulatorError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', '0002-00000040', {
      OSSAccessKeyId: id,
      SignatureProvided: provided,
    });
  }
  return cred;
}

function checkToken(cred: EmulatorCredential, token: string | undefined): void {
  if ((cred.securityToken ?? '') === (token ?? '')) return;
  if (!cred.securityToken) throw new OssEmulatorError(403, 'InvalidSecurityToken', 'The security token you provided is not valid for this AccessKey.', '0002-00000045');
  throw new OssEmulatorError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', '0002-00000045');
}

/** After checkToken passed: a key with a token was used with that token. */
function withToken(cred: EmulatorCredential): { securityToken?: true } {
  return cred.securityToken ? { securityToken: true } : {};
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function mismatch(provided: string, id: string, stringToSign: string, canonicalRequest?: string): OssEmulatorError {
  return new OssEmulatorError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    '0002-00000040',
    { SignatureProvided: provided, StringToSign: stringToSign, CanonicalRequest: canonicalRequest, OSSAccessKeyId: id },
  );
}

function tooSkewed(requestTime: string, now: number): OssEmulatorError {
  return new OssEmulatorError(
    403,
    'RequestTimeTooSkewed',
    'The difference between the request time and the current time is too large.',
    '0002-00000504',
    { RequestTime: requestTime, ServerTime: new Date(now).toISOString().replace(/\.\d{3}Z$/, '.000Z') },
  );
}

/** 20231216T162057Z → ms, or NaN. */
function parseIsoBasic(v: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

interface Scope {
  id: string;
  date: string;
  region: string;
  product: string;
}

function parseCredential(value: string, ecPrefix: 'header' | 'query', s: AuthSettings): Scope {
  const parts = value.split('/');
  if (parts.length !== 5 || parts[4] !== 'aliyun_v4_request' || !parts[0]) {
    throw ossErrors.invalidArgument('Credential is invalid.', 'Credential', undefined, '0002-00000213');
  }
  const [id, date, region, product] = parts as [string, string, string, string];
  if (!/^\d{8}$/.test(date)) throw ossErrors.invalidArgument('Invalid signing date in Credential.', 'Credential', undefined, '0002-00000212');
  if (product !== 'oss') throw ossErrors.invalidArgument('Invalid signing product in Credential.', 'Credential', undefined, '0002-00000227');
  if (region !== s.region) {
    throw ossErrors.invalidArgument(
      `Invalid signing region in Credential: expected ${s.region}.`,
      'Credential',
      undefined,
      ecPrefix === 'header' ? '0002-00000228' : '0002-00000226',
    );
  }
  return { id, date, region, product };
}

interface V4Signed {
  scope: Scope;
  cred: EmulatorCredential;
  dateTime: string;
  provided: string;
}

/**
 * Accepts a V4 signature over the documented canonical query or, when the request has empty-valued
 * parameters that are not sub-resources, over ali-oss's form of them (auth-canonical.ts EmptyValueForm).
 * A refusal shows the documented form.
 */
function checkSignatureV4(req: AuthRequest, additional: readonly string[], omitQuery: string | undefined, v: V4Signed): void {
  const forms: EmptyValueForm[] = emptyValueFormsDiffer(req, omitQuery) ? ['documented', 'ali-oss'] : ['documented'];
  let refused: OssEmulatorError | undefined;
  for (const form of forms) {
    const canonical = canonicalRequestV4(req, additional, omitQuery, form);
    const sts = stringToSignV4(v.dateTime, `${v.scope.date}/${v.scope.region}/${v.scope.product}/aliyun_v4_request`, canonical);
    if (sameText(signatureV4(v.cred.accessKeySecret, v.scope.date, v.scope.region, v.scope.product, sts), v.provided)) return;
    refused ??= mismatch(v.provided, v.scope.id, sts, canonical);
  }
  throw refused!;
}

function verifyV4Header(req: AuthRequest, auth: string, s: AuthSettings): AuthResult {
  const fields = new Map<string, string>();
  for (const part of auth.slice('OSS4-HMAC-SHA256'.length).trim().split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw ossErrors.invalidArgument('Authorization header is invalid.', 'Authorization', undefined, '0002-00000203');
    const name = part.slice(0, eq).trim();
    if (!['Credential', 'AdditionalHeaders', 'Signature'].includes(name)) {
      throw ossErrors.invalidArgument('Authorization header has an unknown field.', 'Authorization', undefined, '0002-00000204');
    }
    fields.set(name, part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const provided = fields.get('Signature');
  if (!credential || !provided) throw ossErrors.invalidArgument('Authorization header is invalid.', 'Authorization', undefined, '0002-00000202');
  const scope = parseCredential(credential, 'header', s);
  const cred = lookupKey(scope.id, s, provided);
  const dateTime = headerValue(req.headers, 'x-oss-date') ?? '';
  const t = parseIsoBasic(dateTime);
  if (Number.isNaN(t)) throw ossErrors.accessDenied('x-oss-date header is missing or invalid.', '0002-00000211');
  if (dateTime.slice(0, 8) !== scope.date) throw ossErrors.invalidArgument('Signing date in Credential does not match x-oss-date.', 'Credential', undefined, '0002-00000212');
  const sha = headerValue(req.headers, 'x-oss-content-sha256');
  if (sha !== undefined && sha !== 'UNSIGNED-PAYLOAD') {
    throw ossErrors.invalidArgument('x-oss-content-sha256 must be UNSIGNED-PAYLOAD.', 'x-oss-content-sha256', sha, '0002-00000214');
  }
  const additional = fields.get('AdditionalHeaders');
  if (additional !== undefined && (additional === '' || additional.split(';').some((n) => n.trim() === ''))) {
    throw ossErrors.invalidArgument('AdditionalHeaders is invalid.', 'AdditionalHeaders', undefined, additional === '' ? '0002-00000209' : '0002-00000210');
  }
  if (Math.abs(s.now() - t) > MAX_SKEW_MS) throw tooSkewed(dateTime, s.now());
  checkToken(cred, headerValue(req.headers, 'x-oss-security-token'));
  checkSignatureV4(req, normaliseAdditional(additional ?? '', req.headers), undefined, { scope, cred, dateTime, provided });
  return { kind: 'v4', accessKeyId: scope.id, ...withToken(cred) };
}

function verifyV4Query(req: AuthRequest, q: Map<string, string>, s: AuthSettings): AuthResult {
  const version = q.get('x-oss-signature-version');
  const credential = q.get('x-oss-credential');
  const provided = q.get('x-oss-signature');
  const dateTime = q.get('x-oss-date') ?? '';
  const expiresText = q.get('x-oss-expires') ?? '';
  if (version !== 'OSS4-HMAC-SHA256' || !credential || !provided) {
    throw ossErrors.invalidArgument('Presigned URL is missing V4 parameters.', 'x-oss-signature-version', version, '0002-00000225');
  }
  const scope = parseCredential(credential, 'query', s);
  const cred = lookupKey(scope.id, s, provided);
  const t = parseIsoBasic(dateTime);
  if (Number.isNaN(t) || dateTime.slice(0, 8) !== scope.date) {
    throw ossErrors.invalidArgument('x-oss-date is invalid.', 'x-oss-date', dateTime, '0002-00000229');
  }
  const expires = /^\d+$/.test(expiresText) ? Number(expiresText) : NaN;
  if (!(expires >= 1 && expires <= MAX_PRESIGN_EXPIRES)) {
    throw ossErrors.invalidArgument('x-oss-expires must be between 1 and 604800.', 'x-oss-expires', expiresText, '0002-00000232');
  }
  const now = s.now();
  if (t - now > MAX_SKEW_MS) throw tooSkewed(dateTime, now);
  if (now > t + expires * 1000) throw ossErrors.accessDenied('Request has expired.', '0002-00000069');
  checkToken(cred, q.get('x-oss-security-token'));
  checkSignatureV4(req, normaliseAdditional(q.get('x-oss-additional-headers') ?? '', req.headers), 'x-oss-signature', { scope, cred, dateTime, provided });
  return { kind: 'v4-presign', accessKeyId: scope.id, ...withToken(cred) };
}

function verifyV1Header(req: AuthRequest, auth: string, s: AuthSettings): AuthResult {
  const m = /^OSS ([^:]+):(.+)$/.exec(auth.trim());
  if (!m) throw ossErrors.invalidArgument('Authorization header is invalid.', 'Authorization', undefined, '0002-00000201');
  const [, id, provided] = m as unknown as [string, string, string];
  const cred = lookupKey(id, s, provided);
  const ossDate = headerValue(req.headers, 'x-oss-date');
  const candidates = [headerValue(req.headers, 'date'), ossDate].filter((v): v is string => !!v);
  if (candidates.length === 0) throw ossErrors.accessDenied('Date header is missing.', '0002-00000020');
  // x-oss-date is always under the signature (a canonical x-oss-* header) while Date may not be: judging
  // skew by Date would let a captured request be replayed forever behind a fresh Date.
  const signedTime = ossDate || candidates[0]!;
  const t = Date.parse(signedTime);
  if (Number.isNaN(t)) throw ossErrors.accessDenied('Date header is invalid.', '0002-00000020');
  if (Math.abs(s.now() - t) > MAX_SKEW_MS) throw tooSkewed(signedTime, s.now());
  checkToken(cred, headerValue(req.headers, 'x-oss-security-token'));
  let first = '';
  for (const dateLine of new Set(candidates)) {
    const sts = stringToSignV1(req, dateLine);
    first ||= sts;
    if (sameText(signatureV1(cred.accessKeySecret, sts), provided)) return { kind: 'v1', accessKeyId: id, ...withToken(cred) };
  }
  throw mismatch(provided, id, first);
}

function verifyV1Query(req: AuthRequest, q: Map<string, string>, s: AuthSettings): AuthResult {
  const id = q.get('OSSAccessKeyId') ?? '';
  const provided = q.get('Signature') ?? '';
  const expiresText = q.get('Expires') ?? '';
  if (!id || !provided || !/^\d+$/.test(expiresText)) {
    throw ossErrors.invalidArgument('Presigned URL is missing OSSAccessKeyId, Signature or Expires.', 'Expires', expiresText, '0002-00000030');
  }
  const cred = lookupKey(id, s, provided);
  if (s.now() > Number(expiresText) * 1000) throw ossErrors.accessDenied('Request has expired.', '0002-00000069');
  checkToken(cred, q.get('security-token'));
  const sts = stringToSignV1(req, expiresText);
  if (!sameText(signatureV1(cred.accessKeySecret, sts), provided)) throw mismatch(provided, id, sts);
  return { kind: 'v1-presign', accessKeyId: id, ...withToken(cred) };
}
