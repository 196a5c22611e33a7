import type { MiddlewareObj } from '@middy/core';
import type { Credentials, CredentialsProvider } from '../oss/credentials/types.ts';
import type { FcContext, FcCredentials } from './types.ts';

/** The variables `envCredentials` reads (local runs; on FC the role's keys come with each invocation). */
export const CREDENTIAL_VARS = ['OSS_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN', 'ALIBABA_CLOUD_SECURITY_TOKEN'] as const;

/** Keys from an environment map (passed in by the handler; library code never reads process.env). */
export function envCredentials(env: Readonly<Record<string, string | undefined>>): CredentialsProvider {
  const id = env.OSS_ACCESS_KEY_ID ?? env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.OSS_ACCESS_KEY_SECRET ?? env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  const token = env.OSS_SESSION_TOKEN ?? env.ALIBABA_CLOUD_SECURITY_TOKEN;
  const creds: Credentials | undefined = id && secret
    ? { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) }
    : undefined;
  return { getCredentials: async () => creds };
}

export function staticCredentials(creds: Credentials | undefined): CredentialsProvider {
  return { getCredentials: async () => creds };
}

function usable(c: FcCredentials | undefined): c is FcCredentials {
  return !!c && typeof c.accessKeyId === 'string' && c.accessKeyId !== '' &&
    typeof c.accessKeySecret === 'string' && c.accessKeySecret !== '';
}

/**
 * The function role's STS keys from `context.credentials` (FC fills them per invocation; they are
 * valid for hours, and each invocation brings fresh ones), else the fallback (environment keys).
 */
export function credentialsFromContext(context: FcContext, fallback?: CredentialsProvider): CredentialsProvider {
  const c = context.credentials;
  if (usable(c)) {
    const creds: Credentials = {
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      ...(c.securityToken ? { securityToken: c.securityToken } : {}),
    };
    return staticCredentials(creds);
  }
  return fallback ?? staticCredentials(undefined);
}

/** Puts the credentials provider on `context.ossedge.credentials` (after `fcRuntime`). */
export function fcCredentials(options: { fallback?: CredentialsProvider } = {}): MiddlewareObj<any, any, Error, FcContext> {
  return {
    name: 'fcCredentials',
    before: (request) => {
      const rt = request.context.ossedge;
      if (rt) rt.credentials = credentialsFromContext(request.context, options.fallback);
    },
  };
}
