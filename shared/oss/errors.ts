import { OssedgeError } from '../errors/base.ts';
import { ossErrorCode } from '../errors/codes.ts';

/** Stable codes of errors raised on our side of the wire. */
export type OssClientErrorCode =
  | 'INVALID_ARGUMENT'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'NETWORK'
  | 'MALFORMED_RESPONSE'
  | 'CREDENTIALS';

export interface OssClientErrorOptions {
  op?: string;
  /** HTTP status, when a response was received (MALFORMED_RESPONSE). */
  status?: number;
  cause?: unknown;
  /** Attempts made before giving up (set by the retry loop). */
  attempts?: number;
}

/** A failure on our side: bad argument, timeout, abort, network, unreadable response, credentials. */
export class OssClientError extends OssedgeError<OssClientErrorCode> {
  override readonly name = 'OssClientError';
  readonly op: string | undefined;
  readonly status: number | undefined;
  attempts: number | undefined;

  constructor(code: OssClientErrorCode, message: string, options: OssClientErrorOptions = {}) {
    super(code, message, options);
    this.op = options.op;
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

export interface OssServiceErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  hostId?: string;
  ec?: string;
  op: string;
  /** Other elements of the error body (e.g. BucketName, ArgumentName), secrets removed. */
  fields?: Record<string, string>;
  /** Response headers (lower-case names), for callers that need e.g. x-oss-server-time. */
  headers?: Record<string, string>;
}

/** OSS answered with an error: status, OSS Code, Message, RequestId, HostId, EC and the operation. */
export class OssServiceError extends OssedgeError {
  override readonly name = 'OssServiceError';
  readonly status: number;
  /** `code` is the OSS error Code, e.g. NoSuchBucket; reportCode() is ossedge's, e.g. OSS_NO_SUCH_BUCKET. */
  /** OSS's own Message (the Error message adds op, status and ids). */
  readonly ossMessage: string;
  readonly requestId: string | undefined;
  readonly hostId: string | undefined;
  readonly ec: string | undefined;
  readonly op: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  attempts: number | undefined;

  constructor(init: OssServiceErrorInit) {
    const ids = [init.requestId && `RequestId: ${init.requestId}`, init.ec && `EC: ${init.ec}`].filter(Boolean);
    super(init.code, `${init.op}: ${init.status} ${init.code}: ${init.message}${ids.length ? ` (${ids.join(', ')})` : ''}`);
    this.status = init.status;
    this.ossMessage = init.message;
    this.requestId = init.requestId;
    this.hostId = init.hostId;
    this.ec = init.ec;
    this.op = init.op;
    this.fields = init.fields ?? {};
    this.headers = init.headers ?? {};
    this.attempts = undefined;
  }

  override reportCode(): string {
    return ossErrorCode(this.code, this.status);
  }
}

/** Error-body elements never copied into an error: they carry a signature or a token. */
const SECRET_FIELDS = new Set(['signatureprovided', 'authorization', 'securitytoken', 'x-oss-security-token', 'signature']);

const SECRET_PATTERNS: readonly RegExp[] = [
  /OSS4-HMAC-SHA256\s+Credential=[^\s"<]*/g,
  /\bOSS\s+[A-Za-z0-9._-]+:[A-Za-z0-9+/=]+/g,
  /(Signature=)[0-9a-fA-F]{16,}/g,
  /((?:x-oss-signature|Signature|security-token|x-oss-security-token)=)[^&\s"<]+/gi,
];

/**
 * Removes signatures, Authorization values and any of the given exact secrets from a text that is
 * about to go into an error message or a log.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const re of SECRET_PATTERNS) out = out.replace(re, (_m, prefix?: string) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`);
  return out;
}

/** A short, printable, secret-free excerpt of a response body. */
export function excerpt(text: string, secrets: readonly (string | undefined)[] = [], max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max)}…` : flat;
  return redact(cut, secrets);
}

export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.has(name.toLowerCase());
}

/** A non-2xx response whose body was read: what `errorFromResponse` needs. */
export interface ErrorResponseInput {
  op: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Exact values to keep out of messages (signature, token, secret of the attempt). */
  secrets?: readonly (string | undefined)[];
}

/**
 * The error to throw for a non-2xx response (see parseErrorResponse in error-response.ts). The XML
 * parser is loaded on the first error, so importing the client does not evaluate it.
 */
export async function errorFromResponse(res: ErrorResponseInput): Promise<OssServiceError | OssClientError> {
  const { parseErrorResponse } = await import('./error-response.ts');
  return parseErrorResponse(res);
}
