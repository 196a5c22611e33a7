import { request as httpRequest } from 'node:http';
import { CredentialsError } from './errors.ts';
import { withRefresh, type RefreshOptions } from './refresh.ts';
import type { Credentials, CredentialsProvider } from './types.ts';

/** The ECS instance metadata service (link-local on every ECS instance). */
export const DEFAULT_METADATA_HOST = '100.100.100.200';
export const DEFAULT_METADATA_TIMEOUT_MS = 1_000;
export const DEFAULT_METADATA_TOKEN_TTL_SECONDS = 21_600;
const TOKEN_PATH = '/latest/api/token';
const CREDENTIALS_PATH = '/latest/meta-data/ram/security-credentials/';
const MAX_BODY_BYTES = 64 * 1024;

export interface EcsRamRoleOptions extends RefreshOptions {
  /** The RAM role attached to the instance; discovered from the metadata service when absent. */
  roleName?: string;
  /** `host` or `host:port` of the metadata service. Tests point it at a loopback server. */
  metadataHost?: string;
  /** Refuse to fall back to IMDSv1 (no session token) when the token request fails. */
  disableImdsV1?: boolean;
  metadataTokenTtlSeconds?: number;
  /** Per metadata request, connect to last byte. */
  timeoutMs?: number;
}

interface Answer {
  status: number;
  body: string;
}

interface Target {
  hostname: string;
  port: number;
}

function parseHost(host: string): Target {
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch (cause) {
    throw new CredentialsError('INVALID_CREDENTIALS', `ECS RAM role: metadata host ${host} is not host[:port]`, { cause });
  }
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port === '' ? 80 : Number(url.port) };
}

function call(target: Target, method: string, path: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) req.destroy(new Error(`metadata answer larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`metadata request timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end();
  });
}

function fail(message: string, cause?: unknown): CredentialsError {
  return new CredentialsError('REFRESH_FAILED', `ECS RAM role: ${message}`, cause === undefined ? undefined : { cause });
}

/** Parses the metadata JSON. Never quotes the body: it holds the secret. */
export function parseEcsCredentials(body: string): Credentials {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw fail('metadata answered with a body that is not JSON');
  }
  if (data['Code'] !== 'Success') throw fail(`metadata answered Code=${String(data['Code']).slice(0, 64)}`);
  const { AccessKeyId, AccessKeySecret, SecurityToken, Expiration } = data;
  if (typeof AccessKeyId !== 'string' || !AccessKeyId || typeof AccessKeySecret !== 'string' || !AccessKeySecret ||
      typeof SecurityToken !== 'string' || !SecurityToken) {
    throw fail('metadata answer lacks AccessKeyId, AccessKeySecret or SecurityToken');
  }
  const expiration = new Date(typeof Expiration === 'string' ? Expiration : Number.NaN);
  if (!Number.isFinite(expiration.getTime())) throw fail('metadata answer has no valid Expiration');
  return { accessKeyId: AccessKeyId, accessKeySecret: AccessKeySecret, securityToken: SecurityToken, expiration };
}

/**
 * STS keys of the instance's RAM role from the ECS metadata service: IMDSv2 (a session token from
 * `PUT /latest/api/token`, then `GET /latest/meta-data/ram/security-credentials/<role>`), falling
 * back to IMDSv1 unless `disableImdsV1`. Cached and refreshed before expiry (see withRefresh).
 */
export function fromEcsRamRole(options: EcsRamRoleOptions = {}): CredentialsProvider {
  const host = parseHost(options.metadataHost ?? DEFAULT_METADATA_HOST);
  const timeoutMs = options.timeoutMs ?? DEFAULT_METADATA_TIMEOUT_MS;
  const ttl = options.metadataTokenTtlSeconds ?? DEFAULT_METADATA_TOKEN_TTL_SECONDS;
  let roleName = options.roleName;

  const get = async (path: string, token: string | undefined): Promise<string> => {
    const headers: Record<string, string> = token === undefined ? {} : { 'X-aliyun-ecs-metadata-token': token };
    const answer = await call(host, 'GET', path, headers, timeoutMs).catch((err: unknown) => {
      throw fail(`metadata request failed (${(err as Error).message})`, err);
    });
    if (answer.status !== 200) throw fail(`metadata answered HTTP ${answer.status} for ${path.replace(/[^/]+$/, '<role>')}`);
    return answer.body;
  };

  const fetchToken = async (): Promise<string | undefined> => {
    try {
      const answer = await call(host, 'PUT', TOKEN_PATH, { 'X-aliyun-ecs-metadata-token-ttl-seconds': String(ttl) }, timeoutMs);
      if (answer.status === 200 && answer.body.trim() !== '') return answer.body.trim();
      if (options.disableImdsV1) throw fail(`metadata token request answered HTTP ${answer.status}`);
    } catch (err) {
      if (options.disableImdsV1) throw err instanceof CredentialsError ? err : fail('metadata token request failed', err);
    }
    return undefined; // IMDSv1
  };

  const source: CredentialsProvider = {
    async getCredentials() {
      const token = await fetchToken();
      if (roleName === undefined || roleName === '') {
        const listed = (await get(CREDENTIALS_PATH, token)).split('\n').map((l) => l.trim()).find((l) => l !== '');
        if (listed === undefined) throw fail('no RAM role is attached to this instance');
        roleName = listed;
      }
      return parseEcsCredentials(await get(CREDENTIALS_PATH + encodeURIComponent(roleName), token));
    },
  };
  return withRefresh(source, options);
}
