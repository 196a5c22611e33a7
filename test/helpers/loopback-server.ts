import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One request as the server saw it (body read whole: test bodies are small). */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Which TCP connection (1, 2, ...) carried it. */
  connection: number;
}

/** Answers one request. Throwing or never ending the response is allowed (the test decides). */
export type Responder = (req: SeenRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** Connections open right now. */
  openConnections(): number;
  /** Responders used once each, in order, before the default one. */
  enqueue(...responders: Responder[]): void;
  setDefault(responder: Responder): void;
  close(): Promise<void>;
}

/** `res` with a status, headers and body, then end. */
export function reply(status: number, body: string | Buffer = '', headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
}

/** An OSS error XML body with the given code (and extra elements). */
export function ossErrorXml(code: string, message: string, extra: Record<string, string> = {}): string {
  const more = Object.entries(extra).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>RID-${code}</RequestId><HostId>h.example</HostId>${more}<EC>0000-00000000</EC></Error>`;
}

export function replyError(status: number, code: string, message = `${code} from loopback`, extra: Record<string, string> = {}): Responder {
  return reply(status, ossErrorXml(code, message, extra), { 'content-type': 'application/xml', 'x-oss-request-id': `RID-${code}` });
}

/** Closes the TCP connection without an answer. */
export const resetConnection: Responder = (_req, res) => {
  res.socket?.resetAndDestroy?.() ?? res.socket?.destroy();
};

/** Sends headers only after `ms`. */
export function delayHeaders(ms: number, then: Responder = reply(200, 'late')): Responder {
  return (req, res, raw) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => resolve(then(req, res, raw) as void), ms);
      res.on('close', () => clearTimeout(t));
    });
}

/** Sends headers and a first chunk at once, then stalls `ms` before the rest. */
export function stallBody(ms: number): Responder {
  return (_req, res) => {
    res.writeHead(200, { 'content-length': '10' });
    res.write('hello');
    const t = setTimeout(() => res.end('world'), ms);
    res.on('close', () => clearTimeout(t));
  };
}

export async function startLoopbackServer(defaultResponder: Responder = reply(200, '')): Promise<LoopbackServer> {
  const queue: Responder[] = [];
  const requests: SeenRequest[] = [];
  const sockets = new Map<Socket, number>();
  let accepted = 0;
  let fallback = defaultResponder;
  const server: Server = createServer((raw, res) => {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('error', () => undefined);
    raw.on('end', () => {
      const seen: SeenRequest = {
        method: raw.method ?? '',
        url: raw.url ?? '',
        headers: raw.headers,
        body: Buffer.concat(chunks),
        connection: sockets.get(raw.socket) ?? 0,
      };
      requests.push(seen);
      const responder = queue.shift() ?? fallback;
      Promise.resolve()
        .then(() => responder(seen, res, raw))
        .catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (socket: Socket) => {
    sockets.set(socket, ++accepted);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    connections: () => accepted,
    openConnections: () => sockets.size,
    enqueue: (...r) => void queue.push(...r),
    setDefault: (r) => void (fallback = r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets.keys()) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface LoopbackProxy {
  readonly url: string;
  /** `host:port` targets of the CONNECT requests seen. */
  readonly tunnels: string[];
  /** Proxy-Authorization values seen. */
  readonly auth: (string | undefined)[];
  close(): Promise<void>;
}

/** A tiny HTTP CONNECT proxy that only tunnels to 127.0.0.1. */
export async function startConnectProxy(): Promise<LoopbackProxy> {
  const tunnels: string[] = [];
  const auth: (string | undefined)[] = [];
  const open = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    tunnels.push(target);
    auth.push(req.headers['proxy-authorization']);
    const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    open.add(upstream).add(client);
    const done = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', done).on('close', () => open.delete(upstream));
    client.on('error', done).on('close', () => open.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    auth,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
