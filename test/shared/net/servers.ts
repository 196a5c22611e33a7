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
  /** SNI names seen by an HTTPS server. */
  servernames: Array<string | false>;
  close(): Promise<void>;
}

export interface ServerOptions {
  host?: string;
  tls?: TestCert;
}

export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<TestServer> {
  const host = options.host ?? '127.0.0.1';
  const requests: string[] = [];
  const servernames: Array<string | false> = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const wrapped: Handler = (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  };
  const server: Server = options.tls
    ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, wrapped)
    : createHttpServer(wrapped);
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: { servername?: string | false }) => servernames.push(socket.servername ?? false));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
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
