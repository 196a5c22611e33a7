import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The origin the decision rows mirror from: `/s/<script>/<anything>` answers one behaviour per script
 * (decisions/types.ts OriginScript). Bodies carry what a client of OSS needs to see what happened at the
 * origin (a hit counter per path, the Host it received), so the same rows run against real OSS, which only
 * shows the client what the origin answered.
 */
export interface ScriptedOrigin {
  /** Base URL ending in "/" (the public URL when one was given). */
  url: string;
  close(): Promise<void>;
}

export interface ScriptedOriginOptions {
  /** Listen address; loopback by default (tests). */
  host?: string;
  port?: number;
  /** The URL OSS reaches this origin by (its Host decides the `vhost` script); default the listen URL. */
  publicUrl?: string;
}

/** Paths remembered for hit counts; past this the counts start again (a long public run). */
const MAX_PATHS = 10_000;
const MAX_HOST_ECHO = 512;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(body);
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': String(buf.length), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : buf);
}

function objectHeaders(body: string): Record<string, string> {
  return { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'last-modified': new Date(0).toUTCString() };
}

export async function startScriptedOrigin(options: ScriptedOriginOptions = {}): Promise<ScriptedOrigin> {
  const hits = new Map<string, number>();
  let ownHost = '';
  let publicBase = 'http://127.0.0.1/';
  const count = (path: string): number => {
    if (hits.size >= MAX_PATHS && !hits.has(path)) hits.clear();
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    return n;
  };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    req.resume();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const script = path.startsWith('/s/') ? (path.split('/')[2] ?? '') : '';
    const host = String(req.headers.host ?? '').slice(0, MAX_HOST_ECHO);
    if (script === 'ok') {
      const body = `ok #${count(path)}`;
      return send(res, 200, body, objectHeaders(body));
    }
    if (script === 'md5-bad') {
      const body = `md5-bad #${count(path)}`;
      return send(res, 200, body, { ...objectHeaders(body), 'content-md5': createHash('md5').update('another body').digest('base64') });
    }
    if (script === 'echo-host') return send(res, 200, `host=${host}`);
    if (script === 'redirect-ok') return send(res, 302, '', { location: new URL(`s/ok/${path.split('/').slice(3).join('/')}`, publicBase).href });
    if (script === 'vhost') return host === ownHost ? send(res, 200, 'vhost ok', objectHeaders('vhost ok')) : send(res, 403, 'wrong host');
    const status = /^status-([1-5][0-9]{2})$/.exec(script);
    if (status) return send(res, Number(status[1]), `origin status ${status[1]}`);
    send(res, 400, 'unknown script');
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = options.publicUrl ?? `http://${options.host ?? '127.0.0.1'}:${port}/`;
  ownHost = new URL(url).host;
  publicBase = url.endsWith('/') ? url : `${url}/`;
  return {
    url: url.endsWith('/') ? url : `${url}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
