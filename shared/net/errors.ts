import { OssedgeError, rawCode } from '../errors/base.ts';

/** Stable machine codes for every failure of an outbound origin request. */
export type NetErrorCode =
  | 'NET_INVALID_URL'
  | 'NET_INVALID_REQUEST'
  | 'NET_BLOCKED_ADDRESS'
  | 'NET_DNS_FAILED'
  | 'NET_DNS_TIMEOUT'
  | 'NET_CONNECT_REFUSED'
  | 'NET_CONNECT_TIMEOUT'
  | 'NET_UNREACHABLE'
  | 'NET_TLS_UNTRUSTED'
  | 'NET_TLS_EXPIRED'
  | 'NET_TLS_NOT_YET_VALID'
  | 'NET_TLS_SELF_SIGNED'
  | 'NET_TLS_HOSTNAME'
  | 'NET_TLS_HANDSHAKE'
  | 'NET_TIMEOUT'
  | 'NET_ABORTED'
  | 'NET_TOO_MANY_REDIRECTS'
  | 'NET_BAD_REDIRECT'
  | 'NET_BODY_TOO_LARGE'
  | 'NET_RESET'
  | 'NET_PROTOCOL';

/** A plain-words hint per code, written for the operator who reads the report. */
export const NET_HINTS: Readonly<Record<NetErrorCode, string>> = {
  NET_INVALID_URL: 'Use an absolute http:// or https:// URL (RFC 3986) with a host name.',
  NET_INVALID_REQUEST: 'The request is malformed (a header or option the HTTP client refuses). This is a bug in the caller.',
  NET_BLOCKED_ADDRESS:
    'The name resolves to a private, loopback, link-local or metadata address. OSS cannot reach it; point the rule at a public address (allowed only for local tests).',
  NET_DNS_FAILED: 'The host name does not resolve. Check the spelling and that its DNS records are published.',
  NET_DNS_TIMEOUT: 'The DNS lookup took too long. Check the DNS servers of the origin domain.',
  NET_CONNECT_REFUSED: 'Nothing listens on that port. Check the port and that the origin server is running.',
  NET_CONNECT_TIMEOUT: 'The origin did not accept the connection in time. Check firewalls and security groups.',
  NET_UNREACHABLE: 'No route to the origin address. Check that the address is reachable from the internet.',
  NET_TLS_UNTRUSTED:
    'The certificate is not issued by a trusted CA (or the chain is incomplete). Install a certificate from a public CA with its intermediates.',
  NET_TLS_EXPIRED: 'The certificate has expired. Renew it on the origin.',
  NET_TLS_NOT_YET_VALID: 'The certificate is not valid yet. Check the origin clock and the certificate dates.',
  NET_TLS_SELF_SIGNED: 'The certificate is self-signed. OSS only trusts certificates from public CAs.',
  NET_TLS_HOSTNAME:
    'The certificate does not name this host. Use a certificate whose subjectAltName covers the host (and check MirrorSNI).',
  NET_TLS_HANDSHAKE: 'The TLS handshake failed. Check that the port speaks TLS and supports TLS 1.2 or later.',
  NET_TIMEOUT: 'The origin did not answer within the time budget (OSS gives up after 10 s). Make it faster.',
  NET_ABORTED: 'The request was cancelled by the caller.',
  NET_TOO_MANY_REDIRECTS: 'The origin redirects too many times. Point the rule at the final URL.',
  NET_BAD_REDIRECT: 'The origin sent a redirect without a valid http(s) Location.',
  NET_BODY_TOO_LARGE: 'The body is larger than the allowed cap.',
  NET_RESET: 'The origin closed the connection unexpectedly. Check the origin server logs.',
  NET_PROTOCOL: 'The origin sent an invalid HTTP response.',
};

export interface NetErrorDetails {
  host?: string;
  address?: string;
  port?: number;
  url?: string;
  /** The underlying system or library code, e.g. ENOTFOUND or CERT_HAS_EXPIRED. */
  reason?: string;
}

/** Every shared/net failure. `code` is stable; `hint` says what to do in plain words. */
export class NetError extends OssedgeError<NetErrorCode> {
  override readonly name = 'NetError';
  readonly hint: string;
  readonly details: NetErrorDetails;

  constructor(code: NetErrorCode, message: string, details: NetErrorDetails = {}, options?: { cause?: unknown }) {
    super(code, message, options);
    this.hint = NET_HINTS[code];
    this.details = details;
  }

  /** For reports and logs: the stable fields, never the cause chain (which may quote foreign messages). */
  toJSON(): { name: string; code: NetErrorCode; message: string; hint: string; details: NetErrorDetails } {
    return { name: this.name, code: this.code, message: this.message, hint: this.hint, details: this.details };
  }
}

export function isNetError(err: unknown): err is NetError {
  return err instanceof NetError;
}

const SYSTEM_CODES: Record<string, NetErrorCode> = {
  ECONNREFUSED: 'NET_CONNECT_REFUSED',
  ETIMEDOUT: 'NET_CONNECT_TIMEOUT',
  ECONNRESET: 'NET_RESET',
  EPIPE: 'NET_RESET',
  UND_ERR_SOCKET: 'NET_RESET',
  UND_ERR_CLOSED: 'NET_RESET',
  EHOSTUNREACH: 'NET_UNREACHABLE',
  ENETUNREACH: 'NET_UNREACHABLE',
  EADDRNOTAVAIL: 'NET_UNREACHABLE',
  UND_ERR_HEADERS_TIMEOUT: 'NET_TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'NET_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'NET_CONNECT_TIMEOUT',
  HPE_INVALID_CONSTANT: 'NET_PROTOCOL',
  UND_ERR_INFO: 'NET_PROTOCOL',
  UND_ERR_INVALID_ARG: 'NET_INVALID_REQUEST',
  UND_ERR_NOT_SUPPORTED: 'NET_INVALID_REQUEST',
  ERR_INVALID_ARG_TYPE: 'NET_INVALID_REQUEST',
  ERR_INVALID_ARG_VALUE: 'NET_INVALID_REQUEST',
};

/** Wraps a foreign error once, at the boundary; a NetError passes through unchanged. */
export function toNetError(err: unknown, details: NetErrorDetails = {}): NetError {
  if (err instanceof NetError) return err;
  const code = rawCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const mapped: NetErrorCode = (code ? SYSTEM_CODES[code] : undefined) ?? (code?.startsWith('HPE_') ? 'NET_PROTOCOL' : 'NET_RESET');
  return new NetError(mapped, `${mapped}: ${message}`, { ...details, reason: code ?? details.reason }, { cause: err });
}
