import type { Socket } from 'node:net';
import { type PeerCertificate, type TLSSocket, checkServerIdentity, connect, rootCertificates } from 'node:tls';
import { ipFamily } from './address.ts';
import { type NetErrorCode, NetError, toNetError } from './errors.ts';

const DAY_MS = 86_400_000;
export const DEFAULT_TLS_TIMEOUT_MS = 5_000;

export interface TlsVerifyOptions {
  /** Send SNI (MirrorSNI); the certificate is verified against the host name either way. Default true. */
  sni?: boolean;
  /** The name to send as SNI and verify the certificate against when it differs from the URL host. */
  servername?: string;
  /** Extra trusted CAs (PEM), added to the system CAs. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Trust node's bundled system CAs too (default true). */
  trustSystemCas?: boolean;
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  /** Whole days until validTo (negative when expired). */
  daysToExpiry: number;
  selfSigned: boolean;
  serialNumber: string;
  fingerprint256: string;
}

export interface TlsSummary {
  authorized: boolean;
  /** OpenSSL / node reason when not authorized, e.g. CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID. */
  authorizationError?: string;
  /** Our stable code for the reason when not authorized. */
  errorCode?: NetErrorCode;
  /** The certificate names the host (checked on its own, even when the chain fails). */
  hostnameMatches: boolean;
  protocol: string | null;
  cipher?: string;
  servername?: string;
  certificate?: CertificateSummary;
}

function name(dn: PeerCertificate['subject'] | undefined): string {
  if (!dn) return '';
  return Object.entries(dn)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

export function summarizeCertificate(cert: PeerCertificate & { issuerCertificate?: PeerCertificate }, now: number = Date.now()): CertificateSummary {
  const validTo = new Date(cert.valid_to);
  // A self-signed certificate is its own issuer (node links it to itself in the detailed chain).
  const selfSigned = name(cert.subject) === name(cert.issuer) && cert.issuerCertificate?.fingerprint256 === cert.fingerprint256;
  return {
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(', ') : [],
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysToExpiry: Math.floor((validTo.getTime() - now) / DAY_MS),
    selfSigned,
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
}

/** Maps node's authorizationError to our stable code. */
export function tlsErrorCode(reason: string): NetErrorCode {
  switch (reason) {
    case 'CERT_HAS_EXPIRED':
      return 'NET_TLS_EXPIRED';
    case 'CERT_NOT_YET_VALID':
      return 'NET_TLS_NOT_YET_VALID';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'NET_TLS_SELF_SIGNED';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'NET_TLS_HOSTNAME';
    default:
      return 'NET_TLS_UNTRUSTED';
  }
}

function trustStore(options: TlsVerifyOptions): Array<string | Buffer> | undefined {
  if (options.ca === undefined) return options.trustSystemCas === false ? [] : undefined;
  const extra = Array.isArray(options.ca) ? options.ca : [options.ca];
  return options.trustSystemCas === false ? extra : [...rootCertificates, ...extra];
}

export interface TlsUpgradeOptions extends TlsVerifyOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  alpn?: string[];
}

/**
 * Runs the TLS handshake on a connected socket and reports the outcome without deciding it:
 * the caller gets the socket and a summary (trusted or the exact reason) and chooses to go on or not.
 */
export function upgradeTls(socket: Socket, host: string, options: TlsUpgradeOptions = {}): Promise<{ socket: TLSSocket; tlsMs: number; tls: TlsSummary }> {
  const verifyName = options.servername ?? host;
  const sniName = options.sni === false || ipFamily(verifyName) ? undefined : verifyName;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TLS_TIMEOUT_MS;
  const details = { host, address: socket.remoteAddress, port: socket.remotePort };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const tlsSocket = connect({
      socket,
      servername: sniName,
      ca: trustStore(options),
      rejectUnauthorized: false,
      ALPNProtocols: options.alpn,
      checkServerIdentity: (_host, cert) => checkServerIdentity(verifyName, cert),
    });
    const done = (err?: NetError) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      tlsSocket.off('error', onError);
      if (err) {
        tlsSocket.destroy();
        reject(err);
        return;
      }
      const cert = tlsSocket.getPeerCertificate(true);
      const hasCert = cert && Object.keys(cert).length > 0;
      const reason = tlsSocket.authorized ? undefined : String(tlsSocket.authorizationError ?? 'UNKNOWN');
      const summary: TlsSummary = {
        authorized: tlsSocket.authorized,
        hostnameMatches: hasCert ? checkServerIdentity(verifyName, cert) === undefined : false,
        protocol: tlsSocket.getProtocol(),
        cipher: tlsSocket.getCipher()?.name,
        servername: sniName,
        certificate: hasCert ? summarizeCertificate(cert) : undefined,
      };
      if (reason) {
        summary.authorizationError = reason;
        summary.errorCode = tlsErrorCode(reason);
      }
      resolve({ socket: tlsSocket, tlsMs: performance.now() - started, tls: summary });
    };
    const onError = (err: Error) => {
      const mapped = toNetError(err, details);
      done(mapped.code === 'NET_RESET' || mapped.code === 'NET_PROTOCOL'
        ? new NetError('NET_TLS_HANDSHAKE', `TLS handshake with ${host} failed: ${err.message}`, details, { cause: err })
        : mapped);
    };
    const onAbort = () => done(new NetError('NET_ABORTED', 'TLS handshake aborted', details));
    const timer = setTimeout(() => done(new NetError('NET_TIMEOUT', `TLS handshake with ${host} took longer than ${timeoutMs} ms`, details)), timeoutMs);
    tlsSocket.once('secureConnect', () => done());
    tlsSocket.once('error', onError);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error to throw when a request must not go on over an unverified connection. */
export function tlsFailure(host: string, tls: TlsSummary): NetError {
  const code = tls.errorCode ?? 'NET_TLS_UNTRUSTED';
  const cert = tls.certificate;
  const what =
    code === 'NET_TLS_EXPIRED' && cert ? `expired on ${cert.validTo}`
    : code === 'NET_TLS_HOSTNAME' && cert ? `does not name ${host} (${cert.subjectAltNames.join(', ') || cert.subject})`
    : `is not trusted (${tls.authorizationError})`;
  return new NetError(code, `certificate of ${host} ${what}`, { host, reason: tls.authorizationError });
}
