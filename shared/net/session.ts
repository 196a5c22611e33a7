import { type ConnectionInfo, pinnedConnector } from './connector.ts';
import { DEFAULT_CONNECT_TIMEOUT_MS } from './dial.ts';
import { type PinnedTarget, resolvePinned } from './guard.ts';
import { DEFAULT_DNS_TIMEOUT_MS } from './resolve.ts';
import { loadUndici } from './undici.ts';
import {
  DEFAULT_BUDGET_MS,
  type HopConnection,
  type HopSource,
  type OriginRequestOptions,
  type OriginResponse,
  portOf,
  requestThrough,
} from './origin-request.ts';

export const DEFAULT_DNS_TTL_MS = 30_000;
export const DEFAULT_SESSION_CONNECTIONS = 4;
export const DEFAULT_KEEP_ALIVE_MS = 4_000;

export interface OriginSessionOptions extends OriginRequestOptions {
  /** How long a checked answer is reused; the pinned address of a host is fixed for this long. */
  dnsTtlMs?: number;
  /** Keep-alive connections per origin address. */
  connectionsPerOrigin?: number;
  keepAliveMs?: number;
  /** Clock for the TTL (injectable for tests). */
  now?: () => number;
}

/** What may change per request of a session; the guard, resolver, dialer and TLS trust are the session's. */
export type SessionRequestOptions = Pick<
  OriginRequestOptions,
  'method' | 'headers' | 'body' | 'followRedirects' | 'maxRedirects' | 'budgetMs' | 'maxBytes' | 'md5' | 'crc64' | 'signal'
>;

export interface OriginSession {
  request(url: string, options?: SessionRequestOptions): Promise<OriginResponse>;
  /** Lookups done and connections opened so far (for reports and benchmarks). */
  stats(): { lookups: number; connections: number };
  close(): Promise<void>;
}

/**
 * Many requests to the same origins (refresh-stale-objects): each host is looked up and checked once
 * per TTL, and its keep-alive connections always go to that checked address. Same guard, pinning, TLS
 * verification and bounds as originRequest; connect/tls timings are those of the latest connection setup.
 */
export function createOriginSession(base: OriginSessionOptions = {}): OriginSession {
  const ttl = base.dnsTtlMs ?? DEFAULT_DNS_TTL_MS;
  const now = base.now ?? Date.now;
  const names = new Map<string, { target: PinnedTarget; expires: number }>();
  const pools = new Map<string, HopConnection>();
  let lookups = 0;
  let connections = 0;
  let closed = false;

  const source: HopSource = {
    resolve: async (host, _options, signal, left) => {
      const hit = names.get(host);
      if (hit && hit.expires > now()) return { ...hit.target, dnsMs: 0 };
      lookups += 1;
      const dnsTimeoutMs = Math.min(base.dnsTimeoutMs ?? DEFAULT_DNS_TIMEOUT_MS, left());
      const target = await resolvePinned(host, { resolver: base.resolver, allowPrivate: base.allowPrivate, preferFamily: base.preferFamily, dnsTimeoutMs, signal });
      names.set(host, { target, expires: now() + ttl });
      return target;
    },
    connection: async (url, target) => {
      // loaded before the pool lookup, so two first requests cannot both miss and open two pools
      const { Agent } = await loadUndici();
      const port = portOf(url);
      const key = `${url.protocol}//${target.host}:${port}|${target.pinned.address}`;
      const existing = pools.get(key);
      if (existing) return existing;
      const info: ConnectionInfo = { connect: 0, tls: 0 };
      const connectTimeout = base.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
      const inner = pinnedConnector(url.protocol, target.host, { ...target.pinned, port }, { ...base, signal: undefined, timeoutMs: () => connectTimeout }, info);
      const connect: typeof inner = (opts, callback) => {
        connections += 1;
        inner(opts, callback);
      };
      const budget = base.budgetMs ?? DEFAULT_BUDGET_MS;
      const agent = new Agent({
        connect,
        connections: base.connectionsPerOrigin ?? DEFAULT_SESSION_CONNECTIONS,
        keepAliveTimeout: base.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS,
        headersTimeout: budget,
        bodyTimeout: budget,
      });
      const created: HopConnection = { agent, info, oneShot: false };
      pools.set(key, created);
      return created;
    },
  };

  return {
    request: (url, options = {}) => {
      if (closed) return Promise.reject(new Error('origin session is closed'));
      const { method, headers, body, followRedirects, maxRedirects, budgetMs, maxBytes, md5, crc64, signal } = options;
      const picked = { method, headers, body, followRedirects, maxRedirects, budgetMs, maxBytes, md5, crc64, signal };
      const defined = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
      return requestThrough(source, url, { ...base, ...defined });
    },
    stats: () => ({ lookups, connections }),
    close: async () => {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      names.clear();
      await Promise.all(all.map((c) => c.agent.destroy().catch(() => {})));
    },
  };
}
