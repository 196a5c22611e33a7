// RAM role ARN (AssumeRole) and OIDC role ARN (AssumeRoleWithOIDC) through @alicloud/credentials.
// The package (and its HTTP stack) is imported only when one of these providers is first asked, so
// a function that does not use them never loads it (esbuild's splitting puts it in its own chunk).
import { CredentialsError } from './errors.ts';
import type { Credentials, CredentialsProvider } from './types.ts';

export const DEFAULT_STS_ENDPOINT = 'sts.aliyuncs.com';
export const DEFAULT_ROLE_SESSION_NAME = 'ossedge';
export const DEFAULT_ROLE_DURATION_SECONDS = 3600;
export const DEFAULT_STS_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_STS_READ_TIMEOUT_MS = 10_000;

interface StsCommonOptions {
  roleArn: string;
  roleSessionName?: string;
  /** 900 up to the role's maximum session duration. */
  durationSeconds?: number;
  policy?: string;
  /**
   * STS host (`host[:port]`, always HTTPS: the package has no plain-HTTP option). Default
   * `sts.<stsRegionId>.aliyuncs.com` when `stsRegionId` is set (`sts-vpc.` with `enableVpc`),
   * else `sts.aliyuncs.com`.
   */
  stsEndpoint?: string;
  stsRegionId?: string;
  enableVpc?: boolean;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

export interface RamRoleArnOptions extends StsCommonOptions {
  /** The keys that call AssumeRole (any provider: static, env, FC context...). */
  source: CredentialsProvider;
  externalId?: string;
}

export interface OidcRoleArnOptions extends StsCommonOptions {
  oidcProviderArn: string;
  /** File holding the OIDC token (re-read at every refresh, as ACK/RRSA rotates it). */
  oidcTokenFilePath: string;
}

/** What this module uses of the package's providers. */
interface PackageProvider {
  getCredentials(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }>;
}
type Setter = (value: unknown) => Builder;
interface Builder {
  withRoleArn: Setter;
  withRoleSessionName: Setter;
  withDurationSeconds: Setter;
  withStsEndpoint: Setter;
  withConnectTimeout: Setter;
  withReadTimeout: Setter;
  withPolicy: Setter;
  withExternalId: Setter;
  withCredentialsProvider: Setter;
  withOIDCProviderArn: Setter;
  withOIDCTokenFilePath: Setter;
  build(): PackageProvider;
}
interface PackageModule {
  RAMRoleARNCredentialsProvider: { builder(): Builder };
  OIDCRoleArnCredentialsProvider: { builder(): Builder };
}

function stsEndpointOf(o: StsCommonOptions): string {
  if (o.stsEndpoint) return o.stsEndpoint;
  if (o.stsRegionId) return `${o.enableVpc ? 'sts-vpc' : 'sts'}.${o.stsRegionId}.aliyuncs.com`;
  return DEFAULT_STS_ENDPOINT;
}

/** Every builder field set explicitly, so the package never falls back to process.env. */
function common(builder: Builder, o: StsCommonOptions): Builder {
  builder
    .withRoleArn(o.roleArn)
    .withRoleSessionName(o.roleSessionName ?? DEFAULT_ROLE_SESSION_NAME)
    .withDurationSeconds(o.durationSeconds ?? DEFAULT_ROLE_DURATION_SECONDS)
    .withStsEndpoint(stsEndpointOf(o))
    .withConnectTimeout(o.connectTimeoutMs ?? DEFAULT_STS_CONNECT_TIMEOUT_MS)
    .withReadTimeout(o.readTimeoutMs ?? DEFAULT_STS_READ_TIMEOUT_MS);
  if (o.policy) builder.withPolicy(o.policy);
  return builder;
}

/** The package quotes STS response bodies in its errors; keep only the STS error code. */
function sanitized(err: unknown, what: string): CredentialsError {
  const text = err instanceof Error ? err.message : String(err);
  const code = /"Code"\s*:\s*"([\w.-]{1,80})"/.exec(text)?.[1];
  const leaks = /AccessKeySecret|SecurityToken/.test(text);
  return new CredentialsError('REFRESH_FAILED', `${what} failed${code ? ` (STS Code ${code})` : ''}`, {
    cause: leaks ? undefined : err,
  });
}

/**
 * Loads the package on first use, then delegates; the package caches the STS keys and refreshes
 * them 15 minutes before they expire. Concurrent first calls share one load and one AssumeRole.
 */
function lazyPackageProvider(what: string, make: (pkg: PackageModule) => PackageProvider): CredentialsProvider {
  let provider: Promise<PackageProvider> | undefined;
  let inflight: Promise<Credentials> | undefined;
  const load = (): Promise<PackageProvider> => {
    provider ??= import('@alicloud/credentials').then((mod) => make(mod as unknown as PackageModule));
    provider.catch(() => (provider = undefined));
    return provider;
  };
  return {
    getCredentials() {
      inflight ??= (async () => {
        try {
          const p = await load();
          const c = await p.getCredentials();
          return {
            accessKeyId: c.accessKeyId,
            accessKeySecret: c.accessKeySecret,
            ...(c.securityToken ? { securityToken: c.securityToken } : {}),
          };
        } catch (err) {
          throw err instanceof CredentialsError ? err : sanitized(err, what);
        } finally {
          inflight = undefined;
        }
      })();
      return inflight;
    },
  };
}

/** STS keys of a RAM role assumed with `source`'s keys (AssumeRole). */
export function fromRamRoleArn(options: RamRoleArnOptions): CredentialsProvider {
  const source = {
    async getCredentials() {
      const c = await options.source.getCredentials();
      if (c === undefined) throw new CredentialsError('INVALID_CREDENTIALS', 'AssumeRole needs source keys, got anonymous');
      return { ...c, providerName: 'ossedge' };
    },
    getProviderName: () => 'ossedge',
  };
  return lazyPackageProvider('AssumeRole', (pkg) => {
    const b = common(pkg.RAMRoleARNCredentialsProvider.builder(), options).withCredentialsProvider(source);
    if (options.externalId) b.withExternalId(options.externalId);
    return b.build();
  });
}

/** STS keys of a RAM role assumed with an OIDC token (AssumeRoleWithOIDC, e.g. ACK RRSA). */
export function fromOidcRoleArn(options: OidcRoleArnOptions): CredentialsProvider {
  return lazyPackageProvider('AssumeRoleWithOIDC', (pkg) =>
    common(pkg.OIDCRoleArnCredentialsProvider.builder(), options)
      .withOIDCProviderArn(options.oidcProviderArn)
      .withOIDCTokenFilePath(options.oidcTokenFilePath)
      .build(),
  );
}
