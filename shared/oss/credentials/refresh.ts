import { CredentialsError } from './errors.ts';
import type { Credentials, CredentialsProvider } from './types.ts';

/** Refresh this long before `expiration` (STS keys usually live 1 h; FC and ECS rotate well before). */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
/** After a refresh, wait at least this long before the next one unless the keys have expired. */
export const DEFAULT_MIN_REFRESH_INTERVAL_MS = 10_000;

export interface RefreshOptions {
  refreshMarginMs?: number;
  minRefreshIntervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Caches what `source` returns and asks it again only when the keys are within `refreshMarginMs`
 * of their `expiration` (keys without one are kept for good). Concurrent callers share one
 * refresh. If a refresh fails while the cached keys have not expired yet, those are returned;
 * otherwise the failure surfaces as a REFRESH_FAILED CredentialsError (or the source's own
 * CredentialsError unchanged).
 */
export function withRefresh(source: CredentialsProvider, options: RefreshOptions = {}): CredentialsProvider {
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const minInterval = options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let cached: Credentials | undefined;
  let hasCached = false;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<Credentials | undefined> | undefined;

  const expired = (c: Credentials | undefined): boolean =>
    c?.expiration !== undefined && c.expiration.getTime() <= now();
  const fresh = (c: Credentials | undefined): boolean => {
    if (c?.expiration === undefined) return true;
    if (expired(c)) return false;
    return c.expiration.getTime() - margin > now() || now() - fetchedAt < minInterval;
  };

  const refresh = (): Promise<Credentials | undefined> => {
    inflight ??= (async () => {
      try {
        const value = await source.getCredentials();
        cached = value;
        hasCached = true;
        fetchedAt = now();
        return value;
      } finally {
        inflight = undefined;
      }
    })();
    return inflight;
  };

  return {
    async getCredentials() {
      if (hasCached && fresh(cached)) return cached;
      try {
        const value = await refresh();
        if (expired(value)) throw new CredentialsError('REFRESH_FAILED', 'the credentials source returned expired keys');
        return value;
      } catch (err) {
        if (hasCached && cached !== undefined && !expired(cached)) return cached;
        if (err instanceof CredentialsError) throw err;
        throw new CredentialsError('REFRESH_FAILED', 'refreshing temporary credentials failed', { cause: err });
      }
    },
  };
}
