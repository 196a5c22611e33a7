import { type AddressInfo, classifyAddress, ipFamily } from './address.ts';
import { NetError } from './errors.ts';
import { type ResolvedAddress, type Resolver, bareHost, resolveHost } from './resolve.ts';

export interface GuardOptions {
  /** Lets loopback, private, link-local, metadata... addresses through (local runs and tests only). */
  allowPrivate?: boolean;
  /**
   * Which family to pin when the answer has both (default 4: FC and many origins have no IPv6 route,
   * and OSS fetches over IPv4). Every address is checked either way.
   */
  preferFamily?: 4 | 6;
}

/**
 * The SSRF guard. Refuses the host when any of its addresses is not public (an answer that mixes a
 * public and a private address is refused, not half-trusted) and otherwise returns the one address
 * to connect to: callers connect to exactly this address, so a second lookup can never change it.
 */
export function pinAddress(host: string, addresses: readonly ResolvedAddress[], options: GuardOptions = {}): AddressInfo {
  const invalid = addresses.find((a) => a.class === 'invalid');
  if (invalid) throw new NetError('NET_BLOCKED_ADDRESS', `${host} resolved to an invalid address`, { host, address: invalid.address });
  const flagged = addresses.filter((a) => a.class !== 'public');
  if (flagged.length > 0 && !options.allowPrivate) {
    const list = flagged.map((a) => `${a.address} (${a.class})`).join(', ');
    throw new NetError('NET_BLOCKED_ADDRESS', `${host} resolves to a non-public address: ${list}`, {
      host,
      address: flagged[0]!.address,
      reason: flagged[0]!.class,
    });
  }
  const preferred = options.preferFamily ?? 4;
  const first = addresses.find((a) => a.family === preferred) ?? addresses[0];
  if (!first) throw new NetError('NET_DNS_FAILED', `${host} has no address`, { host });
  return { address: first.address, family: first.family };
}

export interface PinnedTarget {
  host: string;
  /** Every address of the answer, classified. */
  addresses: ResolvedAddress[];
  /** The address that was checked and must be connected to. */
  pinned: AddressInfo;
  dnsMs: number;
}

export interface ResolvePinnedOptions extends GuardOptions {
  resolver?: Resolver;
  dnsTimeoutMs?: number;
  signal?: AbortSignal;
  /** An address pinned by an earlier step (still checked by the guard; no lookup). */
  address?: string;
}

/** Resolves (or takes the given address), classifies and pins: the one entry point to "where do we connect". */
export async function resolvePinned(host: string, options: ResolvePinnedOptions = {}): Promise<PinnedTarget> {
  const name = bareHost(host);
  const resolved = options.address
    ? { host: name, addresses: [{ address: options.address, family: ipFamily(options.address) || 4, class: classifyAddress(options.address) }] as ResolvedAddress[], ms: 0 }
    : await resolveHost(name, { resolver: options.resolver, timeoutMs: options.dnsTimeoutMs, signal: options.signal });
  const pinned = pinAddress(name, resolved.addresses, options);
  return { host: name, addresses: resolved.addresses, pinned, dnsMs: resolved.ms };
}
