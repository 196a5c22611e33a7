import { CredentialsError } from './errors.ts';
import type { Credentials, CredentialsProvider } from './types.ts';

/** Shape every provider checks before handing keys out. */
export function checkCredentials(value: unknown, source: string): Credentials {
  const c = value as Partial<Credentials> | null | undefined;
  if (typeof c?.accessKeyId !== 'string' || c.accessKeyId === '' || typeof c.accessKeySecret !== 'string' || c.accessKeySecret === '') {
    throw new CredentialsError('INVALID_CREDENTIALS', `${source} gave no AccessKey id and secret`);
  }
  if (c.securityToken !== undefined && typeof c.securityToken !== 'string') {
    throw new CredentialsError('INVALID_CREDENTIALS', `${source} gave a security token that is not a string`);
  }
  if (c.expiration !== undefined && !(c.expiration instanceof Date && Number.isFinite(c.expiration.getTime()))) {
    throw new CredentialsError('INVALID_CREDENTIALS', `${source} gave an expiration that is not a valid Date`);
  }
  return {
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    ...(c.securityToken ? { securityToken: c.securityToken } : {}),
    ...(c.expiration !== undefined ? { expiration: c.expiration } : {}),
  };
}

/** Always the same keys (long-term AccessKey, or STS keys you rotate yourself). */
export function fromStatic(credentials: Credentials): CredentialsProvider {
  const checked = checkCredentials(credentials, 'static credentials');
  return { getCredentials: () => Promise.resolve(checked) };
}

/** No keys: requests go unsigned (public-read buckets, presigned flows). */
export function anonymous(): CredentialsProvider {
  return { getCredentials: () => Promise.resolve(undefined) };
}

/**
 * Asks `fn` on every request; `undefined` means anonymous. Wrap it in `withRefresh` when `fn` is
 * expensive and returns an `expiration`.
 */
export function fromFunction(
  fn: () => Credentials | undefined | Promise<Credentials | undefined>,
): CredentialsProvider {
  return {
    async getCredentials() {
      const value = await fn();
      return value === undefined ? undefined : checkCredentials(value, 'the credentials function');
    },
  };
}
