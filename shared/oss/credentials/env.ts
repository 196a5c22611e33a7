import { CredentialsError } from './errors.ts';
import type { Credentials, CredentialsProvider } from './types.ts';

export const ENV_ACCESS_KEY_ID = 'OSS_ACCESS_KEY_ID';
export const ENV_ACCESS_KEY_SECRET = 'OSS_ACCESS_KEY_SECRET';
export const ENV_SESSION_TOKEN = 'OSS_SESSION_TOKEN';

/**
 * Keys from an environment map the caller passes (a function's settings module, the CLI), read once here:
 * `OSS_ACCESS_KEY_ID`, `OSS_ACCESS_KEY_SECRET` and, for STS keys, `OSS_SESSION_TOKEN`.
 * Throws a MISSING_ENV CredentialsError naming each missing variable.
 */
export function fromEnv(env: Readonly<Record<string, string | undefined>>): CredentialsProvider {
  const accessKeyId = env[ENV_ACCESS_KEY_ID]?.trim() ?? '';
  const accessKeySecret = env[ENV_ACCESS_KEY_SECRET]?.trim() ?? '';
  const missing = [
    ...(accessKeyId === '' ? [ENV_ACCESS_KEY_ID] : []),
    ...(accessKeySecret === '' ? [ENV_ACCESS_KEY_SECRET] : []),
  ];
  if (missing.length > 0) {
    throw new CredentialsError('MISSING_ENV', `environment variable ${missing.join(' and ')} is not set`, {
      variables: missing,
    });
  }
  const token = env[ENV_SESSION_TOKEN]?.trim();
  const credentials: Credentials = { accessKeyId, accessKeySecret, ...(token ? { securityToken: token } : {}) };
  return { getCredentials: () => Promise.resolve(credentials) };
}
