import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Agent, Dispatcher } from 'undici';
import type { AddressInfo } from './address.ts';
import { BodyMeter, DEFAULT_MAX_BODY_BYTES } from './body.ts';
import { type ConnectionInfo, pinnedConnector } from './connector.ts';
import { DEFAULT_CONNECT_TIMEOUT_MS, type Dialer } from './dial.ts';
import { NetError, toNetError } from './errors.ts';
import { type GuardOptions, type PinnedTarget, resolvePinned } from './guard.ts';
import { DEFAULT_DNS_TIMEOUT_MS, type ResolvedAddress, type Resolver } from './resolve.ts';
import type { TlsSummary, TlsVerifyOptions } from './tls.ts';
import { loadUndici } from './undici.ts';
import { parseOriginUrl, redactUrl } from './url.ts';

export { redactUrl } from './url.ts';

/** OSS gives up on an origin after 10 s; so do we by default. */
export const DEFAULT_BUDGET_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CROSS_ORIGIN_DROPPED = ['authorization', 'cookie', 'proxy-authorization', 'host'];

export interface OriginRequestOptions extends TlsVerifyOptions, GuardOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A rewindable body only (it may be sent again after a 307/308). */
  body?: string | Buffer;
  resolver?: Resolver;
  /**
   * Connect the URL's own host to this address, resolved by an earlier step (still checked by the
   * guard, no lookup); hosts reached through redirects are looked up as usual.
   */
  address?: string;
  dialer?: Dialer;
  /** Follow redirects (each hop re-checked by the guard). Default false: the 3xx is returned. */
  followRedirects?: boolean;
  maxRedirects?: number;
  /** Total time for every hop, connect, TLS, headers and body together. */
  budgetMs?: number;
  /** Per-hop caps inside the budget, so a slow step gets its own code (NET_DNS_TIMEOUT, NET_CONNECT_TIMEOUT). */
  dnsTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Cap on body bytes read (NET_BODY_TOO_LARGE past it). */
  maxBytes?: number;
  /** Hash the body while it is read (default: both). */
  md5?: boolean;
  crc64?: boolean;
  /** Fail on an untrusted certificate (default true). When false the TLS summary tells why. */
  verifyTls?: boolean;
  signal?: AbortSignal;
}

export interface OriginTimings {
  /** Durations of the final hop, ms. */
  dns: number;
  connect: number;
  tls: number;
  /** From the start of the final hop to its response headers (time to first byte). */
  firstByte: number;
  /** From the call to the end of the body (until then: to the response headers), all hops. */
  total: number;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

export interface OriginResponse {
  url: string;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body, capped, budgeted and hashed; `body.digests()` once it has ended. Errors are NetError. */
  body: BodyMeter;
  remote: AddressInfo & { port: number };
  /** Every address of the DNS answer for the final host, classified. */
  addresses: ResolvedAddress[];
  redirects: RedirectHop[];
  timings: OriginTimings;
  tls?: TlsSummary;
  /** Reads and discards the body (bounded), releasing the connection. */
  dump(): Promise<void>;
}

/**
 * Fetches an origin URL the way our functions may: SSRF-guarded, connected to exactly the address
 * that was checked (no DNS rebinding), TLS verified with SNI, bounded in redirects, bytes and time.
 */
export function originRequest(urlText: string, options: OriginRequestOptions = {}): Promise<OriginResponse> {
  return requestThrough(freshHops, urlText, options);
}

/** originRequest with the hop source made explicit (sessions pass their pool). */
export async function requestThrough(source: HopSource, urlText: string, options: OriginRequestOptions): Promise<OriginResponse> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const budget = new AbortController();
  const shown = redactUrl(urlText);
  const timeoutError = () => new NetError('NET_TIMEOUT', `origin did not finish within ${budgetMs} ms`, { url: shown });
  const timer = setTimeout(() => budget.abort(timeoutError()), budgetMs).unref();
  const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  const left = () => Math.max(1, Math.ceil(budgetMs - (performance.now() - started)));
  // A specific NetError (DNS or connect timeout, TLS, cap...) wins; an abort is the budget's or the caller's.
  const settle = (err: unknown): NetError =>
    err instanceof NetError && err.code !== 'NET_ABORTED' ? err
    : budget.signal.aborted ? (budget.signal.reason as NetError)
    : options.signal?.aborted ? new NetError('NET_ABORTED', 'origin request aborted', { url: shown }, { cause: err })
    : toNetError(err, { url: shown });

  const redirects: RedirectHop[] = [];
  let url = parseOriginUrl(urlText);
  const firstHost = url.hostname;
  const hops: HopSource = options.address === undefined ? source : {
    ...source,
    resolve: (host, o, s, l) =>
      host === firstHost ? resolvePinned(host, { address: options.address, allowPrivate: o.allowPrivate, preferFamily: o.preferFamily }) : source.resolve(host, o, s, l),
  };
  let method = (options.method ?? 'GET').toUpperCase();
  let body = options.body;
  const headers: Record<string, string> = { ...options.headers };
  try {
    for (let hop = 0; ; hop++) {
      const result = await fetchHop(url, method, headers, body, options, signal, left, hops);
      const location = result.data.headers.location;
      const target = typeof location === 'string' ? location : undefined;
      if (!options.followRedirects || !REDIRECT_STATUSES.has(result.data.statusCode) || !target) {
        return respond(result, url, redirects, options, started, () => clearTimeout(timer), settle);
      }
      await result.data.body.dump({ limit: 64 * 1024 }).catch(() => {});
      if (result.connection.oneShot) await result.connection.agent.close().catch(() => {});
      redirects.push({ url: redactUrl(url.href), status: result.data.statusCode, location: redactUrl(target) });
      if (redirects.length > (options.maxRedirects ?? DEFAULT_MAX_REDIRECTS)) {
        throw new NetError('NET_TOO_MANY_REDIRECTS', `more than ${options.maxRedirects ?? DEFAULT_MAX_REDIRECTS} redirects`, { url: shown });
      }
      let next: URL;
      try {
        next = parseOriginUrl(new URL(target, url).href);
      } catch (err) {
        throw new NetError('NET_BAD_REDIRECT', `bad redirect Location: ${redactUrl(target)}`, { url: redactUrl(url.href) }, { cause: err });
      }
      if (next.origin !== url.origin) for (const h of Object.keys(headers)) if (CROSS_ORIGIN_DROPPED.includes(h.toLowerCase())) delete headers[h];
      const status = result.data.statusCode;
      if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  } catch (err) {
    clearTimeout(timer);
    throw settle(err);
  }
}

/** Where a hop's address and connection come from: fresh per request, or a session's pool. */
export interface HopSource {
  resolve(host: string, options: OriginRequestOptions, signal: AbortSignal, left: () => number): Promise<PinnedTarget>;
  connection(url: URL, target: PinnedTarget, options: OriginRequestOptions, signal: AbortSignal, left: () => number): Promise<HopConnection>;
}

export interface HopConnection {
  agent: Agent;
  info: ConnectionInfo;
  /** One-shot connections are closed after the body; pooled ones stay open. */
  oneShot: boolean;
}

const freshHops: HopSource = {
  resolve: (host, options, signal, left) =>
    resolvePinned(host, { resolver: options.resolver, allowPrivate: options.allowPrivate, preferFamily: options.preferFamily, dnsTimeoutMs: Math.min(options.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS, left()), signal }),
  connection: async (url, target, options, signal, left) => {
    const { Agent } = await loadUndici();
    const info: ConnectionInfo = { connect: 0, tls: 0 };
    const remote = { ...target.pinned, port: portOf(url) };
    const timeoutMs = () => Math.min(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, left());
    const connect = pinnedConnector(url.protocol, target.host, remote, { ...options, timeoutMs, signal }, info);
    const agent = new Agent({ connect, connections: 1, pipelining: 1, headersTimeout: left(), bodyTimeout: left() });
    return { agent, info, oneShot: true };
  },
};

export function portOf(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

interface HopResult {
  data: Dispatcher.ResponseData;
  connection: HopConnection;
  remote: AddressInfo & { port: number };
  addresses: ResolvedAddress[];
  timings: Omit<OriginTimings, 'total'>;
  tls?: TlsSummary;
}

async function fetchHop(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
  options: OriginRequestOptions,
  signal: AbortSignal,
  left: () => number,
  source: HopSource,
): Promise<HopResult> {
  const hopStart = performance.now();
  const target = await source.resolve(url.hostname, options, signal, left);
  const { request } = await loadUndici();
  const connection = await source.connection(url, target, options, signal, left);
  try {
    const data = await request.call(connection.agent, {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal,
      reset: connection.oneShot,
      headersTimeout: left(),
      bodyTimeout: left(),
    });
    const { info } = connection;
    const timings = { dns: target.dnsMs, connect: info.connect, tls: info.tls, firstByte: performance.now() - hopStart };
    return { data, connection, remote: { ...target.pinned, port: portOf(url) }, addresses: target.addresses, timings, tls: info.tlsSummary };
  } catch (err) {
    if (connection.oneShot) connection.agent.destroy().catch(() => {});
    throw err;
  }
}

function respond(
  hop: HopResult,
  url: URL,
  redirects: RedirectHop[],
  options: OriginRequestOptions,
  started: number,
  stopBudget: () => void,
  settle: (err: unknown) => NetError,
): OriginResponse {
  const timings: OriginTimings = { ...hop.timings, total: performance.now() - started };
  const meter = new BodyMeter({ maxBytes: options.maxBytes ?? DEFAULT_MAX_BODY_BYTES, md5: options.md5, crc64: options.crc64 });
  const source: Readable = hop.data.body;
  let ended = false;
  const finish = () => {
    if (ended) return;
    ended = true;
    stopBudget();
    timings.total = performance.now() - started;
    if (hop.connection.oneShot) hop.connection.agent.destroy().catch(() => {});
  };
  source.on('error', (err) => meter.destroy(settle(err)));
  source.pipe(meter);
  meter.on('end', finish);
  meter.on('close', () => {
    if (!source.destroyed) source.destroy();
    finish();
  });
  // A meter error (cap) must also stop the source and surface as NetError to the reader.
  meter.on('error', () => source.destroy());
  return {
    url: url.href,
    status: hop.data.statusCode,
    headers: hop.data.headers,
    body: meter,
    remote: hop.remote,
    addresses: hop.addresses,
    redirects,
    timings,
    tls: hop.tls,
    dump: async () => {
      meter.resume();
      await finished(meter).catch(() => {});
    },
  };
}
