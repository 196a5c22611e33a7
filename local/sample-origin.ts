import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The old site that `npm start`'s example mirror rules fetch from (loopback only). */
export interface SampleOrigin {
  url: string;
  /** Replace or add a file (e.g. to make a mirrored copy stale). */
  set(path: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

const FILES: Record<string, [string, string]> = {
  '/index.html': ['<!doctype html><title>old site</title><h1>ossedge sample origin</h1>\n', 'text/html; charset=utf-8'],
  '/assets/app.js': ['console.log("ossedge sample origin");\n', 'application/javascript'],
  '/assets/style.css': ['body { font-family: sans-serif; }\n', 'text/css'],
  '/assets/logo.svg': ['<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n', 'image/svg+xml'],
};

export async function startSampleOrigin(): Promise<SampleOrigin> {
  const files = new Map(Object.entries(FILES).map(([p, [b, t]]) => [p, { body: Buffer.from(b), type: t, at: new Date() }]));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const f = files.get(path === '/' ? '/index.html' : path);
    if (!f || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(f ? 405 : 404, { 'content-type': 'text/plain' });
      res.end(f ? 'method not allowed\n' : 'not found\n');
      return;
    }
    const md5 = createHash('md5').update(f.body).digest();
    const etag = `"${md5.toString('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': f.type, 'content-length': f.body.length, etag,
      'content-md5': md5.toString('base64'), 'last-modified': f.at.toUTCString(), 'cache-control': 'max-age=60',
    });
    res.end(req.method === 'HEAD' ? undefined : f.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    set: (path, body, type = 'application/octet-stream') => files.set(path, { body: Buffer.from(body), type, at: new Date() }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
