import { type Dialer, connectTcp } from './dial.ts';
import { NET_HINTS, type NetErrorCode } from './errors.ts';
import { type ResolvePinnedOptions, resolvePinned } from './guard.ts';
import { type CertificateSummary, type TlsSummary, type TlsVerifyOptions, upgradeTls } from './tls.ts';

export const DEFAULT_INSPECT_TIMEOUT_MS = 10_000;

export interface InspectTlsOptions extends TlsVerifyOptions, ResolvePinnedOptions {
  /** Budget for lookup, connect and handshake together. */
  timeoutMs?: number;
  dialer?: Dialer;
}

export interface TlsInspection {
  host: string;
  port: number;
  address: string;
  family: 4 | 6;
  /** Chain trusted and the certificate names the host. */
  trusted: boolean;
  /** Why not trusted: NET_TLS_EXPIRED, NET_TLS_SELF_SIGNED, NET_TLS_HOSTNAME, NET_TLS_UNTRUSTED... */
  code?: NetErrorCode;
  /** node's own reason, e.g. CERT_HAS_EXPIRED. */
  reason?: string;
  hint?: string;
  hostnameMatches: boolean;
  daysLeft?: number;
  protocol: string | null;
  certificate?: CertificateSummary;
  tls: TlsSummary;
  timings: { dns: number; connect: number; tls: number };
}

/**
 * Connects to the pinned address of `host` and reports the certificate: trusted or the exact
 * reason, whether it names the host, days left and protocol. Connection failures throw NetError;
 * an untrusted certificate is a result, not an error.
 */
export async function inspectTls(host: string, port: number, options: InspectTlsOptions = {}): Promise<TlsInspection> {
  const budget = options.timeoutMs ?? DEFAULT_INSPECT_TIMEOUT_MS;
  const deadline = performance.now() + budget;
  const left = () => Math.max(1, deadline - performance.now());
  const target = await resolvePinned(host, { ...options, dnsTimeoutMs: options.dnsTimeoutMs ?? budget });
  const { socket, connectMs } = await connectTcp({ ...target.pinned, port }, { dialer: options.dialer, timeoutMs: left(), signal: options.signal });
  const { socket: tlsSocket, tlsMs, tls } = await upgradeTls(socket, target.host, { ...options, timeoutMs: left() });
  tlsSocket.destroy();
  const result: TlsInspection = {
    host: target.host,
    port,
    ...target.pinned,
    trusted: tls.authorized,
    hostnameMatches: tls.hostnameMatches,
    daysLeft: tls.certificate?.daysToExpiry,
    protocol: tls.protocol,
    certificate: tls.certificate,
    tls,
    timings: { dns: target.dnsMs, connect: connectMs, tls: tlsMs },
  };
  if (!tls.authorized) {
    result.code = tls.errorCode;
    result.reason = tls.authorizationError;
    if (tls.errorCode) result.hint = NET_HINTS[tls.errorCode];
  }
  return result;
}
