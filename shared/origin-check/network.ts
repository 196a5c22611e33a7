import { pinAddress } from '../net/guard.ts';
import { probeTcp } from '../net/dial.ts';
import { NetError } from '../net/errors.ts';
import { inspectTls } from '../net/inspect-tls.ts';
import { redactUrl } from '../net/origin-request.ts';
import { DEFAULT_DNS_TIMEOUT_MS, type ResolvedAddress, resolveHost } from '../net/resolve.ts';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../net/dial.ts';
import { type CheckOutcome, runCheck, seconds } from './check.ts';
import { DEFAULT_CERT_WARN_DAYS, DEFAULT_ORIGIN_BUDGET_MS, type CheckResult, type OriginCheckOptions } from './types.ts';

/** RFC 3986 characters (reserved, unreserved and "%" of percent-encoding). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const OLD_TLS = new Set(['SSLv3', 'TLSv1', 'TLSv1.1']);

/** What the network checks of one origin found; the HTTP checks go on only when `reachable`. */
export interface NetworkFindings {
  checks: CheckResult[];
  url?: URL;
  /** The checked address every later connection must use. */
  address?: string;
  reachable: boolean;
}

export interface NetworkCheckInput {
  baseUrl: string;
  /** MirrorSNI (OSS sends no SNI unless it is on). */
  sni: boolean;
}

function parseUrl(text: string): { url?: URL; outcome: CheckOutcome } {
  const shown = redactUrl(text);
  const bad = (message: string): { outcome: CheckOutcome } => ({
    outcome: { status: 'fail', code: 'NET_INVALID_URL', message, hint: 'Use an absolute http:// or https:// URL (RFC 3986) with a host name, ending in "/".', target: shown },
  });
  if (!URI_CHARS.test(text)) return bad(`${shown} has characters RFC 3986 does not allow (spaces, non-ASCII): percent-encode them`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`${shown} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad(`${shown} is not http(s)`);
  if (!url.hostname) return bad(`${shown} has no host`);
  if (url.username || url.password) return bad('credentials in the URL are not allowed');
  if (url.search || url.hash) return bad(`${shown} has a query or fragment; OSS appends the key to the URL`);
  if (!text.endsWith('/')) return { url, outcome: { status: 'warn', code: 'URL_NO_SLASH', message: `${shown} does not end with "/"`, hint: 'End the origin URL with "/" (OSS requires it).', target: shown } };
  return { url, outcome: { status: 'ok', code: 'URL_OK', message: `${shown} is a valid origin URL`, target: shown } };
}

function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** URL syntax, DNS, address class, TCP connect and (https) TLS of one origin, in that order; stops at the first failure. */
export async function checkNetwork(input: NetworkCheckInput, options: OriginCheckOptions): Promise<NetworkFindings> {
  const now = options.now ?? Date.now;
  const budget = options.budgetMs ?? DEFAULT_ORIGIN_BUDGET_MS;
  const checks: CheckResult[] = [];
  let url: URL | undefined;
  checks.push(await runCheck('URL', () => {
    const parsed = parseUrl(input.baseUrl);
    url = parsed.url;
    return parsed.outcome;
  }, now));
  if (!url) return { checks, reachable: false };
  const host = url.hostname;
  const port = portOf(url);

  let addresses: ResolvedAddress[] | undefined;
  checks.push(await runCheck('DNS', async () => {
    const r = await resolveHost(host, { resolver: options.resolver, timeoutMs: Math.min(DEFAULT_DNS_TIMEOUT_MS, budget), signal: options.signal });
    addresses = r.addresses;
    const list = r.addresses.map((a) => a.address).join(', ');
    return r.ms === 0
      ? { status: 'ok', code: 'DNS_LITERAL', message: `${host} is an IP address (no lookup)`, target: host, data: { addresses: r.addresses } }
      : { status: 'ok', code: 'DNS_OK', message: `${host} resolved to ${list} in ${seconds(r.ms)}`, target: host, data: { addresses: r.addresses, ms: r.ms } };
  }, now));
  if (!addresses) return { checks, url, reachable: false };

  let address: string | undefined;
  checks.push(await runCheck('ADDRESS', () => {
    const answer = addresses!;
    // The SSRF guard itself decides: a blocked address is never connected to.
    const pinned = pinAddress(host, answer, { allowPrivate: options.allowPrivate === true });
    address = pinned.address;
    const flagged = answer.filter((a) => a.class !== 'public');
    if (flagged.length === 0) return { status: 'ok', code: 'ADDRESS_PUBLIC', message: `${pinned.address} is a public address`, target: host };
    const list = flagged.map((a) => `${a.address} (${a.class})`).join(', ');
    return {
      status: 'ok', code: 'ADDRESS_ALLOWED_PRIVATE', target: host, data: { flagged },
      message: `${list}: allowed for local use only (OSS itself cannot reach non-public addresses)`,
    };
  }, now));
  if (!address) return { checks, url, reachable: false };

  const timeoutMs = Math.min(DEFAULT_CONNECT_TIMEOUT_MS, budget);
  let connected = false;
  checks.push(await runCheck('TCP', async () => {
    const r = await probeTcp(host, port, { address, allowPrivate: options.allowPrivate, dialer: options.dialer, timeoutMs, signal: options.signal });
    connected = true;
    return { status: 'ok', code: 'TCP_OK', message: `connected to ${r.address}:${port} in ${seconds(r.connectMs)}`, target: `${host}:${port}`, data: { connectMs: r.connectMs } };
  }, now));
  if (!connected) return { checks, url, address, reachable: false };
  if (url.protocol !== 'https:') return { checks, url, address, reachable: true };

  let trusted = false;
  checks.push(await runCheck('TLS', async () => {
    const r = await inspectTls(host, port, {
      address, allowPrivate: options.allowPrivate, dialer: options.dialer, ca: options.ca, trustSystemCas: options.trustSystemCas,
      sni: input.sni, timeoutMs: budget, signal: options.signal,
    });
    trusted = r.trusted;
    return tlsOutcome(r, host, port, input.sni, options.certWarnDays ?? DEFAULT_CERT_WARN_DAYS);
  }, now));
  return { checks, url, address, reachable: trusted };
}

type Inspection = Awaited<ReturnType<typeof inspectTls>>;

function tlsOutcome(r: Inspection, host: string, port: number, sni: boolean, warnDays: number): CheckOutcome {
  const target = `${host}:${port}`;
  const data = { protocol: r.protocol, daysLeft: r.daysLeft, certificate: r.certificate, sni };
  if (!r.trusted) {
    const code = r.code ?? 'NET_TLS_UNTRUSTED';
    const cert = r.certificate;
    const message =
      code === 'NET_TLS_EXPIRED' && cert ? `certificate expired ${-(r.daysLeft ?? 0)} days ago (${cert.validTo})`
      : code === 'NET_TLS_HOSTNAME' && cert ? `certificate does not name ${host} (it names ${cert.subjectAltNames.join(', ') || cert.subject})`
      : code === 'NET_TLS_SELF_SIGNED' ? 'certificate is self-signed'
      : `certificate is not trusted (${r.reason ?? 'unknown reason'})`;
    const sniHint = code === 'NET_TLS_HOSTNAME' && !sni ? ' OSS sends no SNI for this rule: if the origin serves several names, set mirrorSNI: true.' : '';
    return { status: 'fail', code, message, hint: `${new NetError(code, '').hint}${sniHint}`, target, data };
  }
  if (r.protocol && OLD_TLS.has(r.protocol)) {
    return { status: 'warn', code: 'TLS_OLD_PROTOCOL', message: `origin negotiated ${r.protocol}`, hint: 'Enable TLS 1.2 or 1.3 on the origin; older protocols are being turned off.', target, data };
  }
  if (r.daysLeft !== undefined && r.daysLeft < warnDays) {
    return { status: 'warn', code: 'TLS_EXPIRES_SOON', message: `certificate expires in ${r.daysLeft} days`, hint: 'Renew the certificate on the origin before it expires; OSS will then fail every mirror fetch.', target, data };
  }
  return { status: 'ok', code: 'TLS_OK', message: `certificate trusted, names ${host}, ${r.daysLeft ?? '?'} days left, ${r.protocol}`, target, data };
}
