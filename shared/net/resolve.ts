import { Resolver as DnsResolver, lookup } from 'node:dns/promises';
import { type AddressClass, type AddressInfo, classifyAddress, ipFamily } from './address.ts';
import { NetError } from './errors.ts';
import { rawCode } from '../errors/base.ts';

/** Answers A and AAAA for a name. Injected everywhere; tests pass one that only knows loopback. */
export type Resolver = (hostname: string, options: { signal: AbortSignal }) => Promise<AddressInfo[]>;

export const DEFAULT_DNS_TIMEOUT_MS = 5_000;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), A and AAAA in the resolver's order. */
export const systemResolver: Resolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/**
 * A resolver that asks the given DNS servers directly (A and AAAA in parallel), for when the system
 * resolver is not wanted; `servers` accepts "ip" or "ip:port" as node's dns.Resolver#setServers does.
 */
export function dnsServerResolver(servers: string[], options: { timeoutMs?: number; tries?: number } = {}): Resolver {
  return async (hostname, { signal }) => {
    const resolver = new DnsResolver({ timeout: options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS, tries: options.tries ?? 1 });
    resolver.setServers(servers);
    const onAbort = () => resolver.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const [a, aaaa] = await Promise.allSettled([resolver.resolve4(hostname), resolver.resolve6(hostname)]);
      const out: AddressInfo[] = [];
      if (a.status === 'fulfilled') for (const address of a.value) out.push({ address, family: 4 });
      if (aaaa.status === 'fulfilled') for (const address of aaaa.value) out.push({ address, family: 6 });
      if (out.length === 0) throw a.status === 'rejected' ? a.reason : aaaa.status === 'rejected' ? aaaa.reason : new Error('no answer');
      return out;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
}

export interface ResolvedAddress extends AddressInfo {
  class: AddressClass;
}

export interface ResolveResult {
  host: string;
  addresses: ResolvedAddress[];
  /** Milliseconds the lookup took (0 for an IP literal). */
  ms: number;
}

export interface ResolveOptions {
  resolver?: Resolver;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Strips the brackets of an IPv6 literal as URL.hostname keeps them. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Looks a host up (A and AAAA) with a timeout; an IP literal is returned as it is, without a lookup. */
export async function resolveHost(host: string, options: ResolveOptions = {}): Promise<ResolveResult> {
  const name = bareHost(host);
  const literal = ipFamily(name);
  if (literal) return { host: name, addresses: [{ address: name, family: literal, class: classifyAddress(name) }], ms: 0 };
  const timeoutMs = options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new NetError('NET_DNS_TIMEOUT', `DNS lookup of ${name} took longer than ${timeoutMs} ms`, { host: name }));
    }, timeoutMs);
    onAbort = () => {
      controller.abort();
      reject(new NetError('NET_ABORTED', `DNS lookup of ${name} was aborted`, { host: name }));
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const answers = await Promise.race([(options.resolver ?? systemResolver)(name, { signal: controller.signal }), stop]);
    const ms = performance.now() - started;
    if (answers.length === 0) throw new NetError('NET_DNS_FAILED', `${name} has no A or AAAA record`, { host: name, reason: 'ENODATA' });
    return { host: name, addresses: answers.map((a) => ({ ...a, class: classifyAddress(a.address) })), ms };
  } catch (err) {
    if (err instanceof NetError) throw err;
    const reason = rawCode(err);
    throw new NetError('NET_DNS_FAILED', `DNS lookup of ${name} failed (${reason ?? 'error'})`, { host: name, reason }, { cause: err });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
