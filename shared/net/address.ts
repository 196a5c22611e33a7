import { isIP } from 'node:net';

/**
 * Address classes as far as an origin is concerned: only `public` is reachable by OSS's mirror
 * fetcher; every other class is refused by the guard unless private origins are allowed.
 */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'cgnat'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'ula'
  | 'documentation'
  | 'reserved'
  | 'invalid';

export interface AddressInfo {
  address: string;
  family: 4 | 6;
}

/** Cloud instance metadata endpoints: Alibaba Cloud, AWS/GCP/Azure IMDS, ECS tasks, Azure wire server, AWS IPv6. */
export const METADATA_ADDRESSES: readonly string[] = [
  '100.100.100.200',
  '169.254.169.254',
  '169.254.170.2',
  '168.63.129.16',
  'fd00:ec2::254',
];

type V4Range = readonly [base: number, prefix: number, cls: AddressClass];

// Checked in order; the first match wins (metadata is checked before all of these).
const V4_RANGES: readonly V4Range[] = [
  [v4('255.255.255.255'), 32, 'broadcast'],
  [v4('0.0.0.0'), 32, 'unspecified'],
  [v4('0.0.0.0'), 8, 'reserved'],
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'cgnat'],
  [v4('127.0.0.0'), 8, 'loopback'],
  [v4('169.254.0.0'), 16, 'link-local'],
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'reserved'],
  [v4('192.0.2.0'), 24, 'documentation'],
  [v4('192.88.99.0'), 24, 'reserved'],
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'reserved'],
  [v4('198.51.100.0'), 24, 'documentation'],
  [v4('203.0.113.0'), 24, 'documentation'],
  [v4('224.0.0.0'), 4, 'multicast'],
  [v4('240.0.0.0'), 4, 'reserved'],
];

function v4(text: string): number {
  const parts = text.split('.').map(Number);
  return (((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!) >>> 0;
}

function inV4(ip: number, base: number, prefix: number): boolean {
  if (prefix === 0) return true;
  const mask = prefix === 32 ? 0xffffffff : (~(0xffffffff >>> prefix)) >>> 0;
  return ((ip & mask) >>> 0) === ((base & mask) >>> 0);
}

function classifyV4(text: string): AddressClass {
  if (METADATA_ADDRESSES.includes(text)) return 'metadata';
  const ip = v4(text);
  for (const [base, prefix, cls] of V4_RANGES) if (inV4(ip, base, prefix)) return cls;
  return 'public';
}

/** Expands an IPv6 text (zone id stripped, embedded IPv4 allowed) into eight 16-bit groups. */
export function ipv6Groups(text: string): number[] {
  const bare = text.split('%')[0]!;
  const [head = '', tail] = bare.split('::') as [string, string | undefined];
  const toGroups = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const n = v4(g);
        out.push(n >>> 16, n & 0xffff);
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = toGroups(head);
  const t = tail === undefined ? [] : toGroups(tail);
  const zeros = new Array<number>(8 - h.length - t.length).fill(0);
  return tail === undefined ? h : [...h, ...zeros, ...t];
}

function v4FromGroups(hi: number, lo: number): string {
  return `${hi >>> 8}.${hi & 0xff}.${lo >>> 8}.${lo & 0xff}`;
}

/** The IPv4 address an IPv6 address carries and routes to (mapped, NAT64, 6to4), if any. */
export function embeddedIPv4(text: string): string | undefined {
  if (isIP(text.split('%')[0]!) !== 6) return undefined;
  const g = ipv6Groups(text);
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(5) && g[5] === 0xffff) return v4FromGroups(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4FromGroups(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4FromGroups(g[1]!, g[2]!); // 6to4
  return undefined;
}

function classifyV6(text: string): AddressClass {
  const embedded = embeddedIPv4(text);
  if (embedded) return classifyV4(embedded);
  const g = ipv6Groups(text);
  const canonical = g.map((x) => x.toString(16)).join(':');
  if (METADATA_ADDRESSES.some((m) => isIP(m) === 6 && ipv6Groups(m).map((x) => x.toString(16)).join(':') === canonical)) {
    return 'metadata';
  }
  const first = g[0]!;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if (g.slice(0, 6).every((x) => x === 0)) return 'reserved'; // IPv4-compatible (deprecated)
  if (first >= 0xff00) return 'multicast';
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((first & 0xfe00) === 0xfc00) return 'ula';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (first === 0x3fff && g[1]! < 0x1000) return 'documentation'; // 3fff::/20
  if (first === 0x0100 && g.slice(1, 4).every((x) => x === 0)) return 'reserved'; // discard 100::/64
  if (first === 0x2001 && g[1]! < 0x0200) return 'reserved'; // IETF protocol assignments incl. Teredo
  if ((first & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}

/** The class of an IP address text (IPv4 or IPv6; IPv4-mapped IPv6 is classified as its IPv4). */
export function classifyAddress(address: string): AddressClass {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return classifyV4(bare);
  if (family === 6) return classifyV6(bare);
  return 'invalid';
}

/** True only for addresses OSS's mirror fetcher could reach on the internet. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

/** The IP family of a literal, or 0 when the text is a host name. */
export function ipFamily(host: string): 0 | 4 | 6 {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return isIP(bare.split('%')[0]!) as 0 | 4 | 6;
}
