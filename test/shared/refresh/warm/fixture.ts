// Set-up for warm-up tests: a loopback origin that serves `/<key>` with a body derived from the key for
// every key of a set (404 for the rest) and counts GETs per path; helpers over the emulator's request log.
import type { EmulatorHandle } from '../../../../local/oss-emulator/index.ts';
import { startLoopbackServer, type LoopbackServer } from '../../../helpers/loopback-server.ts';

export interface KeyOrigin {
  server: LoopbackServer;
  url: string;
  /** Keys the origin has. */
  keys: Set<string>;
  /** GETs per key. */
  gets: Map<string, number>;
  /** Paths answered with a body of their own (a sitemap). */
  files: Map<string, string>;
  close(): Promise<void>;
}

export const originBody = (key: string) => `origin body of ${key}\n`;

export async function startKeyOrigin(): Promise<KeyOrigin> {
  const keys = new Set<string>();
  const gets = new Map<string, number>();
  const files = new Map<string, string>();
  const server = await startLoopbackServer((req, res) => {
    const key = decodeURIComponent((req.url.split('?')[0] ?? '/').slice(1));
    if (req.method === 'GET') gets.set(key, (gets.get(key) ?? 0) + 1);
    const file = files.get(key);
    const found = keys.has(key) || file !== undefined;
    const body = file ?? (keys.has(key) ? originBody(key) : 'not found');
    res.writeHead(found ? 200 : 404, { 'content-length': String(Buffer.byteLength(body)), 'content-type': 'text/plain' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return { server, url: `${server.url}/`, keys, gets, files, close: () => server.close() };
}

/** Mirroring GETs OSS answered (any status) for `bucket`, with their arrival times. */
export function warmGets(emu: EmulatorHandle, bucket: string, since = 0) {
  return emu.requestLog().filter((e) => e.bucket === bucket && e.op === 'GetObject' && Date.parse(e.time) >= since);
}

/** The most requests that arrived within any one second (sliding window over the log's times). */
export function peakPerSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= 1000) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
