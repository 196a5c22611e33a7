// A stand-in for the ECS metadata service (100.100.100.200) on loopback, speaking its IMDSv2 flow:
// `PUT /latest/api/token` for a session token, then `GET /latest/meta-data/ram/security-credentials/`
// (the role's name) and `.../<role>` (its STS keys as JSON).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Metadata {
  server: Server;
  /** `127.0.0.1:PORT`, the metadata host to inject. */
  host: string;
  log: Array<{ method: string; url: string; token?: string }>;
  /** Mutable behaviour per test. */
  state: {
    requireToken: boolean;
    tokenStatus: number;
    credentialsStatus: number;
    code: string;
    expiration: () => string;
    serial: number;
    hang: boolean;
  };
  close(): Promise<void>;
}

export interface MetadataOptions {
  role: string;
  secret: string;
  /** The key id and token of the n-th answer (default `STS.ak<n>`, `sts-token-<n>`). */
  keys?: (serial: number) => { accessKeyId: string; securityToken: string };
}

export async function startEcsMetadata(o: MetadataOptions): Promise<Metadata> {
  const keys = o.keys ?? ((n: number) => ({ accessKeyId: `STS.ak${n}`, securityToken: `sts-token-${n}` }));
  const log: Metadata['log'] = [];
  const state: Metadata['state'] = {
    requireToken: true,
    tokenStatus: 200,
    credentialsStatus: 200,
    code: 'Success',
    expiration: () => new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    serial: 0,
    hang: false,
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const token = req.headers['x-aliyun-ecs-metadata-token'] as string | undefined;
    log.push({ method: req.method ?? '', url: req.url ?? '', ...(token ? { token } : {}) });
    if (state.hang) return; // never answers
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      const ttl = req.headers['x-aliyun-ecs-metadata-token-ttl-seconds'];
      if (state.tokenStatus !== 200 || ttl === undefined) return void res.writeHead(state.tokenStatus === 200 ? 400 : state.tokenStatus).end();
      return void res.end(`md-token-${ttl}`);
    }
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (state.requireToken && token === undefined) return void res.writeHead(401).end();
    if (req.url === '/latest/meta-data/ram/security-credentials/') return void res.end(`${o.role}\n`);
    if (req.url === `/latest/meta-data/ram/security-credentials/${o.role}`) {
      state.serial++;
      const k = keys(state.serial);
      res.writeHead(state.credentialsStatus, { 'content-type': 'text/plain' });
      return void res.end(JSON.stringify({
        AccessKeyId: k.accessKeyId,
        AccessKeySecret: o.secret,
        SecurityToken: k.securityToken,
        Expiration: state.expiration(),
        LastUpdated: new Date().toISOString(),
        Code: state.code,
      }));
    }
    res.writeHead(404).end();
  };
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server, host: `127.0.0.1:${port}`, log, state,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
