import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsError, fromEcsRamRole } from '../../../../shared/oss/credentials/index.ts';
import { startEcsMetadata, type Metadata } from '../../../helpers/ecs-metadata.ts';

const ROLE = 'ossedge-role';
const SECRET = 'ecs-secret-value';

const metadatas: Metadata[] = [];
afterEach(async () => {
  await Promise.all(metadatas.splice(0).map((m) => m.close()));
});

async function startMetadata(): Promise<Metadata> {
  const md = await startEcsMetadata({ role: ROLE, secret: SECRET });
  metadatas.push(md);
  return md;
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
