import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsError, fromEcsRamRole } from '../../../../shared/oss/credentials/index.ts';

const ROLE = 'ossedge-role';
const SECRET = 'ecs-secret-value';

interface Metadata {
  server: Server;
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
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A stand-in for 100.100.100.200 on loopback, speaking the IMDSv2 flow. */
async function startMetadata(): Promise<Metadata> {
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
    if (req.url === '/latest/meta-data/ram/security-credentials/') return void res.end(`${ROLE}\n`);
    if (req.url === `/latest/meta-data/ram/security-credentials/${ROLE}`) {
      state.serial++;
      res.writeHead(state.credentialsStatus, { 'content-type': 'text/plain' });
      return void res.end(
        JSON.stringify({
          AccessKeyId: `STS.ak${state.serial}`,
          AccessKeySecret: SECRET,
          SecurityToken: `sts-token-${state.serial}`,
          Expiration: state.expiration(),
          LastUpdated: new Date().toISOString(),
          Code: state.code,
        }),
      );
    }
    res.writeHead(404).end();
  };
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, host: `127.0.0.1:${port}`, log, state };
}

describe('fromEcsRamRole (loopback metadata stand-in)', () => {
  it('gets a session token, discovers the role and returns its STS keys with expiration', async () => {
    const md = await startMetadata();
    const p = fromEcsRamRole({ metadataHost: md.host, metadataTokenTtlSeconds: 600, timeoutMs: 2000 });
    const c = await p.getCredentials();
    expect(c).toMatchObject({ accessKeyId: 'STS.ak1', accessKeySecret: SECRET, securityToken: 'sts-token-1' });
    expect(c?.expiration).toBeInstanceOf(Date);
    expect(md.log.map((l) => `${l.method} ${l.url} ${l.token ?? '-'}`)).toEqual([
      'PUT /latest/api/token -',
      'GET /latest/meta-data/ram/security-credentials/ md-token-600',
      `GET /latest/meta-data/ram/security-credentials/${ROLE} md-token-600`,
    ]);
    await p.getCredentials(); // cached: far from expiry
    expect(md.log).toHaveLength(3);
  });

  it('uses the given role name without discovery and refreshes when the keys near expiry', async () => {
    const md = await startMetadata();
    md.state.expiration = () => new Date(Date.now() + 60_000).toISOString();
    const p = fromEcsRamRole({ metadataHost: md.host, roleName: ROLE, refreshMarginMs: 5 * 60_000, minRefreshIntervalMs: 0 });
    expect((await p.getCredentials())?.accessKeyId).toBe('STS.ak1');
    expect((await p.getCredentials())?.accessKeyId).toBe('STS.ak2');
    expect(md.log.some((l) => l.url === '/latest/meta-data/ram/security-credentials/')).toBe(false);
  });

  it('falls back to IMDSv1 when the token request fails, unless IMDSv1 is disabled', async () => {
    const md = await startMetadata();
    md.state.tokenStatus = 403;
    md.state.requireToken = false;
    expect((await fromEcsRamRole({ metadataHost: md.host }).getCredentials())?.accessKeyId).toBe('STS.ak1');
    const strict = fromEcsRamRole({ metadataHost: md.host, disableImdsV1: true });
    await expect(strict.getCredentials()).rejects.toMatchObject({ name: 'CredentialsError', code: 'REFRESH_FAILED' });
  });

  it('fails with a typed error that never quotes the body when Code is not Success', async () => {
    const md = await startMetadata();
    md.state.code = 'Failed';
    const err = await fromEcsRamRole({ metadataHost: md.host }).getCredentials().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toContain('Code=Failed');
    expect(JSON.stringify(err) + String(err) + String((err as Error).cause)).not.toContain(SECRET);
  });

  it('fails with REFRESH_FAILED on HTTP errors and within the timeout when the service hangs', async () => {
    const md = await startMetadata();
    md.state.credentialsStatus = 500;
    await expect(fromEcsRamRole({ metadataHost: md.host, roleName: ROLE }).getCredentials()).rejects.toThrow(/HTTP 500/);
    md.state.hang = true;
    const started = Date.now();
    const err = await fromEcsRamRole({ metadataHost: md.host, roleName: ROLE, timeoutMs: 150, disableImdsV1: true })
      .getCredentials()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REFRESH_FAILED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects a metadata host that is not host[:port] at construction', () => {
    expect(() => fromEcsRamRole({ metadataHost: 'bad host/' })).toThrow(CredentialsError);
  });
});
