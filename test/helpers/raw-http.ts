import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request sent exactly as given, over node:http to 127.0.0.1 at the URL's port whatever host the URL
 * names (a virtual-hosted or presigned OSS URL stays on loopback): the path and query as written, the
 * headers as given, and `host` as the Host header when asked (fetch would not send it; else node's
 * default, 127.0.0.1:PORT, unless `headers` has one).
 */
export function rawRequest(url: string, options: { method?: string; host?: string; headers?: Record<string, string> } = {}): Promise<RawReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const headers = options.host === undefined ? { ...options.headers } : { ...options.headers, host: options.host };
    const req = request({ host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
