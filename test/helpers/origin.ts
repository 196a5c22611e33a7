// Local origin servers for mirroring tests: plain HTTP or HTTPS (a certificate from a test CA made with the
// openssl CLI, see tls.ts), routes by path, every request recorded, and the failures OSS must survive
// (slow headers, connection reset, stalled body) on demand.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeTestPki, type TestPki } from './tls.ts';

export interface OriginRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: IncomingMessage['headers'];
}

export interface OriginReply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Wait this long before sending the status line. */
  delayMs?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Send headers and half the body, then destroy the socket. */
  resetMidBody?: boolean;
}

export type OriginRoute = OriginReply | ((req: OriginRequest) => OriginReply);

export interface OriginServer {
  /** Base URL ending in "/", e.g. http://127.0.0.1:PORT/ */
  url: string;
  requests: OriginRequest[];
  /** Answer requests whose path (without query) equals `path`. Unrouted paths answer 404. */
  route(path: string, reply: OriginRoute): void;
  close(): Promise<void>;
}

let pki: TestPki | undefined;

/** One test CA per test file (process); its PEM is what the emulator must trust. */
export function testPki(): TestPki {
  if (!pki) {
    pki = makeTestPki(['localhost', '127.0.0.1']);
    // Keys and certificates are PEM strings in memory; the scratch directory is not needed any more.
    pki.cleanup();
  }
  return pki;
}

async function respond(reply: OriginReply, res: ServerResponse): Promise<void> {
  if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
  if (reply.reset) {
    res.socket?.destroy();
    return;
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : (reply.body ?? Buffer.alloc(0));
  res.writeHead(reply.status ?? 200, { 'content-length': String(body.length), ...reply.headers });
  if (reply.resetMidBody) {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
    return;
  }
  res.end(body);
}

export async function startOrigin(options: { https?: boolean } = {}): Promise<OriginServer> {
  const routes = new Map<string, OriginRoute>();
  const requests: OriginRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const seen: OriginRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers };
    requests.push(seen);
    req.resume();
    const path = seen.url.split('?')[0] ?? '/';
    const route = routes.get(path);
    const reply = route === undefined ? { status: 404, body: 'not here' } : typeof route === 'function' ? route(seen) : route;
    respond(reply, res).catch(() => res.destroy());
  };
  const server: Server = options.https
    ? createHttpsServer({ key: testPki().good.key, cert: testPki().good.cert }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.https ? 'https' : 'http'}://127.0.0.1:${port}/`,
    requests,
    route: (path, reply) => routes.set(path, reply),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
