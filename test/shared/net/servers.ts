// Loopback servers for shared/net tests, and the dialer that makes any other destination impossible.
import { type IncomingMessage, type ServerResponse, createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type Server, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { classifyAddress } from '../../../shared/net/address.ts';
import type { DialTarget, Dialer } from '../../../shared/net/dial.ts';
import type { TestCert } from '../../helpers/tls.ts';

export interface CountingDialer extends Dialer {
  /** Every target dialed (loopback ones only ever reach the network). */
  attempts: DialTarget[];
  /** Non-loopback targets that were refused: any entry is a failure of the code under test. */
  refused: DialTarget[];
}

/** Opens sockets to loopback addresses only; anything else throws before a socket exists. */
export function loopbackOnlyDialer(): CountingDialer {
  const attempts: DialTarget[] = [];
  const refused: DialTarget[] = [];
  const dialer = ((target: DialTarget) => {
    attempts.push(target);
    if (classifyAddress(target.address) !== 'loopback') {
      refused.push(target);
      throw new Error(`test dialer: refusing to connect to non-loopback ${target.address}`);
    }
    return connect({ host: target.address, port: target.port, family: target.family });
  }) as CountingDialer;
  dialer.attempts = attempts;
  dialer.refused = refused;
  return dialer;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  host: string;
  port: number;
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  /** TCP connections accepted so far. */
  connections(): number;
  /** Requests received so far ("METHOD /path"). */
  requests: string[];
  /** SNI names sent by clients of an HTTPS server (a handshake without SNI adds nothing). */
  servernames: string[];
  close(): Promise<void>;
}

export interface ServerOptions {
  host?: string;
  port?: number;
  tls?: TestCert;
}

export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: string[] = [];
  const servernames: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const wrapped: Handler = (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  };
  const server: Server = options.tls
    ? createHttpsServer({
        key: options.tls.key,
        cert: options.tls.cert,
        // Called for every ClientHello that carries SNI (none: nothing recorded).
        SNICallback: (name, cb) => { servernames.push(name); cb(null, undefined); },
      }, wrapped)
    : createHttpServer(wrapped);
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    origin: `${options.tls ? 'https' : 'http'}://${shown}:${port}`,
    connections: () => connections,
    requests,
    servernames,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A stand-in for the internet: the code under test sees (and its guard checks) public-looking
 * addresses, and this dialer carries each listed one to a loopback address instead. Anything not
 * listed, and any non-loopback destination, is refused before a socket exists.
 */
export function virtualInternetDialer(routes: Record<string, string>): CountingDialer {
  const inner = loopbackOnlyDialer();
  const dialer = ((target: DialTarget) => {
    dialer.attempts.push(target);
    const local = routes[target.address];
    if (local === undefined) {
      dialer.refused.push(target);
      throw new Error(`test dialer: no route for ${target.address}`);
    }
    return inner({ ...target, address: local, family: local.includes(':') ? 6 : 4 });
  }) as CountingDialer;
  dialer.attempts = [];
  dialer.refused = inner.refused;
  return dialer;
}

/** Two listeners on the same port, one on 127.0.0.1 and one on 127.0.0.2 (to tell which one a client reached). */
export async function startTwinServers(handlerA: Handler, handlerB: Handler): Promise<[TestServer, TestServer]> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const a = await startServer(handlerA, { host: '127.0.0.1' });
    try {
      const b = await startServer(handlerB, { host: '127.0.0.2', port: a.port });
      return [a, b];
    } catch {
      await a.close();
    }
  }
  throw new Error('could not bind twin servers');
}
