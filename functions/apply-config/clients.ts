import type { BucketConfig, OssedgeConfig } from '../../shared/config/index.ts';
import { createOssClient, type OssClient, type OssClientOptions } from '../../shared/oss/client.ts';
import type { CredentialsProvider } from '../../shared/oss/credentials/types.ts';
import type { OssConnection } from '../../shared/fc/oss-connection.ts';

export const DEFAULT_REGION = 'cn-hangzhou';

export type ClientTuning = Pick<OssClientOptions, 'retry' | 'timeouts' | 'connections'>;

/**
 * Module-level OSS clients per (endpoint, region), reused by warm invocations; the keys are asked per
 * request from whatever `use(provider)` set last. Connection precedence (DESIGN.md CLI): the
 * environment's endpoint/region over the file's `defaults` over the bucket's own region.
 */
export function createClientCache(connection: OssConnection, tuning: ClientTuning = {}) {
  let current: CredentialsProvider | undefined;
  const credentials: CredentialsProvider = { getCredentials: async () => current?.getCredentials() };
  const clients = new Map<string, OssClient>();
  const get = (endpoint: string | undefined, region: string): OssClient => {
    const key = `${endpoint ?? ''}|${region}`;
    let c = clients.get(key);
    if (!c) {
      c = createOssClient({
        region, credentials, ...tuning,
        ...(endpoint ? { endpoint } : { internal: connection.internal !== false }),
      });
      clients.set(key, c);
    }
    return c;
  };
  return {
    use(provider: CredentialsProvider): void {
      current = provider;
    },
    /** true when buckets are reached at their own region's endpoint (no endpoint, no region forced). */
    locatesBuckets(): boolean {
      return !connection.endpoint && !connection.region;
    },
    /** For state kept by the function itself (reports, leases, the config object). */
    home(fallbackRegion: string | undefined): OssClient {
      return get(connection.endpoint, connection.region ?? fallbackRegion ?? DEFAULT_REGION);
    },
    /** For a bucket of the file. */
    forBucket(config: Pick<OssedgeConfig, 'defaults'>, bucket: Pick<BucketConfig, 'region'>, fallbackRegion: string | undefined): OssClient {
      const endpoint = connection.endpoint ?? config.defaults.endpoint;
      const region = connection.region ?? bucket.region ?? config.defaults.region ?? fallbackRegion ?? DEFAULT_REGION;
      return get(endpoint, region);
    },
  };
}

export type ClientCache = ReturnType<typeof createClientCache>;
