// Name resolution that tests control: injectable resolvers (no system DNS, no internet) and a tiny
// UDP DNS server on 127.0.0.1 for code that talks DNS itself (node's dns.Resolver#setServers).
import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { AddressInfo } from '../../shared/net/address.ts';
import { ipv6Groups } from '../../shared/net/address.ts';
import type { Resolver } from '../../shared/net/resolve.ts';

export interface RecordingResolver extends Resolver {
  /** Every name asked, in order. */
  calls: string[];
}

function toInfo(address: string): AddressInfo {
  const family = isIP(address);
  if (family === 0) throw new Error(`test resolver: ${address} is not an IP address`);
  return { address, family: family as 4 | 6 };
}

function notFound(name: string): Error {
  return Object.assign(new Error(`queryA ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
}

/**
 * A fixed answer per name; unknown names fail like NXDOMAIN. Addresses may be anything (tests of the
 * guard need metadata and private answers): what keeps traffic on loopback is the dialer (see
 * loopbackOnlyDialer in test/shared/net/servers.ts), which refuses to open any other socket.
 */
export function fixedResolver(map: Record<string, string | string[]>, options: { delayMs?: number } = {}): RecordingResolver {
  const calls: string[] = [];
  const resolver = (async (name: string, { signal }: { signal: AbortSignal }) => {
    calls.push(name);
    if (options.delayMs) await delay(options.delayMs, signal);
    const entry = map[name];
    if (entry === undefined) throw notFound(name);
    return (Array.isArray(entry) ? entry : [entry]).map(toInfo);
  }) as RecordingResolver;
  resolver.calls = calls;
  return resolver;
}

/** Answers change with every lookup (DNS rebinding): the n-th call gets answers[n] (the last one repeats). */
export function sequenceResolver(answers: string[][]): RecordingResolver {
  const calls: string[] = [];
  const resolver = (async (name: string, _options: { signal: AbortSignal }) => {
    calls.push(name);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)] ?? [];
    return answer.map(toInfo);
  }) as RecordingResolver;
  resolver.calls = calls;
  return resolver;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('aborted')); }, { once: true });
  });
}

export interface TestDnsServer {
  /** "127.0.0.1:PORT", for dns.Resolver#setServers. */
  server: string;
  /** Questions received, as "name TYPE". */
  queries: string[];
  close(): Promise<void>;
}

export interface TestDnsOptions {
  /** Names that get no answer at all (the client times out). */
  silent?: string[];
}

/** A minimal authoritative DNS server: A and AAAA from `records`, NXDOMAIN for anything else. */
export async function startDnsServer(records: Record<string, string[]>, options: TestDnsOptions = {}): Promise<TestDnsServer> {
  const socket: UdpSocket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    const q = parseQuestion(msg);
    if (!q) return;
    queries.push(`${q.name} ${q.type === 1 ? 'A' : q.type === 28 ? 'AAAA' : q.type}`);
    if (options.silent?.includes(q.name)) return;
    const known = records[q.name];
    const wanted = (known ?? []).filter((a) => isIP(a) === (q.type === 1 ? 4 : q.type === 28 ? 6 : -1));
    socket.send(buildAnswer(msg, q.end, known ? 0 : 3, q.type, wanted), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function parseQuestion(msg: Buffer): { name: string; type: number; end: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) < 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  for (let guard = 0; guard < 128 && at < msg.length; guard++) {
    const len = msg[at]!;
    at += 1;
    if (len === 0) break;
    labels.push(msg.subarray(at, at + len).toString('ascii').toLowerCase());
    at += len;
  }
  if (at + 4 > msg.length) return undefined;
  return { name: labels.join('.'), type: msg.readUInt16BE(at), end: at + 4 };
}

function buildAnswer(query: Buffer, questionEnd: number, rcode: number, type: number, addresses: string[]): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | rcode, 2); // QR, AA, RD copied
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const answers = addresses.map((address) => {
    const rdata = type === 1
      ? Buffer.from(address.split('.').map(Number))
      : Buffer.concat(ipv6Groups(address).map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(g); return b; }));
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // name: pointer to the question
    rr.writeUInt16BE(type, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(60, 6);
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
}
