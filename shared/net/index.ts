// shared/net: every outbound request to an origin goes through here (SSRF guard, DNS pinning, TLS inspection).
export { type AddressClass, type AddressInfo, METADATA_ADDRESSES, classifyAddress, embeddedIPv4, ipFamily, isPublicAddress } from './address.ts';
export { BodyMeter, type BodyDigests, type BodyMeterOptions, DEFAULT_MAX_BODY_BYTES, type ReadBodyOptions, type ReadBodyResult, contentMd5Matches, readBody } from './body.ts';
export { type ConnectOptions, DEFAULT_CONNECT_TIMEOUT_MS, type DialTarget, type Dialer, type TcpProbeOptions, type TcpProbeResult, connectTcp, defaultDialer, probeTcp } from './dial.ts';
export { NET_HINTS, NetError, type NetErrorCode, type NetErrorDetails, isNetError, toNetError } from './errors.ts';
export { type GuardOptions, type PinnedTarget, type ResolvePinnedOptions, pinAddress, resolvePinned } from './guard.ts';
export { DEFAULT_INSPECT_TIMEOUT_MS, type InspectTlsOptions, type TlsInspection, inspectTls } from './inspect-tls.ts';
export {
  DEFAULT_BUDGET_MS,
  DEFAULT_MAX_REDIRECTS,
  type OriginRequestOptions,
  type OriginResponse,
  type OriginTimings,
  type RedirectHop,
  originRequest,
  redactUrl,
} from './origin-request.ts';
export { DEFAULT_DNS_TIMEOUT_MS, type ResolveOptions, type ResolveResult, type ResolvedAddress, type Resolver, dnsServerResolver, resolveHost, systemResolver } from './resolve.ts';
export { type CertificateSummary, type TlsSummary, type TlsVerifyOptions, summarizeCertificate, tlsErrorCode, upgradeTls } from './tls.ts';
export {
  DEFAULT_DNS_TTL_MS,
  DEFAULT_KEEP_ALIVE_MS,
  DEFAULT_SESSION_CONNECTIONS,
  type OriginSession,
  type OriginSessionOptions,
  type SessionRequestOptions,
  createOriginSession,
} from './session.ts';
export { type ConnectionInfo, pinnedConnector } from './connector.ts';
export { parseOriginUrl } from './url.ts';
