import { createHash } from 'node:crypto';
import { createOssClient, type OssClient } from '../../../../shared/oss/client.ts';
import { startLoopbackServer, type LoopbackServer, type SeenRequest } from '../../../helpers/loopback-server.ts';

export const BUCKET = 'examplebucket';

export interface Stub {
  server: LoopbackServer;
  client: OssClient;
  close(): Promise<void>;
}

/** A loopback HTTP server answering canned bodies, and our real client pointed at it (no retries). */
export async function startStub(): Promise<Stub> {
  const server = await startLoopbackServer();
  const client = createOssClient({
    endpoint: server.url,
    region: 'cn-hangzhou',
    credentials: { accessKeyId: 'ossedge-test-ak', accessKeySecret: 'ossedge-test-secret' },
    retry: { maxAttempts: 1 },
    timeouts: { connectMs: 2_000, headersMs: 5_000, bodyMs: 5_000 },
  });
  return { server, client, close: async () => (await client.close(), await server.close()) };
}

export interface Seen {
  method: string;
  /** Decoded path: `/bucket/key`. */
  path: string;
  query: URLSearchParams;
  headers: SeenRequest['headers'];
  body: string;
}

export function seen(request: SeenRequest | undefined): Seen {
  if (!request) throw new Error('no request reached the server');
  const url = new URL(request.url, 'http://127.0.0.1');
  return {
    method: request.method,
    path: decodeURIComponent(url.pathname),
    query: url.searchParams,
    headers: request.headers,
    body: request.body.toString('utf8'),
  };
}

export function lastSeen(server: LoopbackServer): Seen {
  return seen(server.requests.at(-1));
}

export function md5Base64(body: string | Buffer): string {
  return createHash('md5').update(body).digest('base64');
}

export const XML_HEADERS = { 'content-type': 'application/xml', 'x-oss-request-id': 'RID-OK' };
