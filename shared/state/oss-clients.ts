// OSS clients of a function instance per (endpoint, region), and which one serves a bucket (DESIGN.md
// CLI connection rules): an explicit endpoint serves every bucket, else each bucket is reached at its own
// region's endpoint — the file's `region`, `defaults.region`, or where OSS says the bucket is. The file's
// `defaults.endpoint` is honoured only where the connection says so (the CLI), never in the functions.
import type { BucketConfig, OssedgeConfig } from '../config/index.ts';
import { createOssClient, type OssClient, type OssClientOptions } from '../oss/client.ts';
import type { CredentialsProvider } from '../oss/credentials/types.ts';
import { getBucketLocation } from '../oss/ops/bucket.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import { RefusedError } from '../errors/refused.ts';
import { endpointOf, endpointRegion, type OssConnection } from './oss-connection.ts';

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
      c = createOssClient({ region, credentials, ...tuning, ...(endpoint ? { endpoint } : endpointOf(connection, region)) });
      clients.set(key, c);
    }
    return c;
  };
  const admit = (config: Pick<OssedgeConfig, 'defaults'>): void => {
    if (config.defaults.endpoint && connection.fileEndpoint !== true) throw endpointNotAllowed();
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
      const stated = connection.endpoint ? endpointRegion(connection.endpoint, connection.region) : connection.region;
      return get(connection.endpoint, stated ?? fallbackRegion ?? DEFAULT_REGION);
    },
    /**
     * Throws CONFIG_ENDPOINT_NOT_ALLOWED (400) for a config with `defaults.endpoint` unless the connection
     * honours it (the CLI): a function calls it right after loading a config, before any request.
     */
    admit,
    /** For a bucket of the file (or `{}` / `{region}` for one outside it). */
    forBucket(config: Pick<OssedgeConfig, 'defaults'>, bucket: Pick<BucketConfig, 'region'>, fallbackRegion: string | undefined): OssClient {
      // the last line: even a caller that skipped `admit` never signs a request for the file's endpoint
      admit(config);
      // an explicit endpoint serves every bucket and signs for its own region, never the bucket's (OSS would refuse it)
      if (connection.endpoint) return get(connection.endpoint, endpointRegion(connection.endpoint, connection.region) ?? fallbackRegion ?? DEFAULT_REGION);
      const fileEndpoint = config.defaults.endpoint;
      if (fileEndpoint) return get(fileEndpoint, endpointRegion(fileEndpoint, connection.region ?? config.defaults.region) ?? fallbackRegion ?? DEFAULT_REGION);
      return get(undefined, connection.region ?? bucket.region ?? config.defaults.region ?? fallbackRegion ?? DEFAULT_REGION);
    },
  };
}

export type ClientCache = ReturnType<typeof createClientCache>;

function endpointNotAllowed(): RefusedError {
  const path = 'defaults.endpoint';
  const message = 'not allowed in the functions: the deployment chooses the OSS endpoint (OSS_ENDPOINT, else each bucket\'s region); remove it (the CLI still honours it)';
  return new RefusedError('CONFIG_ENDPOINT_NOT_ALLOWED', `invalid config (1 error):\n${path}: ${message}`, {
    details: { issues: [{ path, message, code: 'CONFIG_ENDPOINT_NOT_ALLOWED' }] },
  });
}

/** `oss-cn-hangzhou` (GetBucketLocation, ListBuckets' Location) → `cn-hangzhou`; none (or empty) → undefined. */
export function regionOfLocation(location: string | undefined): string | undefined {
  return location ? location.replace(/^oss-/, '') : undefined;
}

/**
 * true when the file alone says where a bucket is reached: `defaults.endpoint` serves every bucket; a
 * bucket of the file (`bucket` given) with its own `region` or under `defaults.region` needs no lookup.
 */
export function placedByFile(config: Pick<OssedgeConfig, 'defaults'>, bucket: Pick<BucketConfig, 'region'> | undefined): boolean {
  return Boolean(config.defaults.endpoint) || Boolean(bucket && (bucket.region || config.defaults.region));
}

/** One GetBucketLocation per bucket, remembered (also failures: undefined). */
export function bucketLocator(lookup: OssInvoker) {
  const regions = new Map<string, Promise<string | undefined>>();
  const asked: string[] = [];
  return {
    locate(bucket: string): Promise<string | undefined> {
      let r = regions.get(bucket);
      if (!r) {
        asked.push(bucket);
        r = getBucketLocation(lookup, { bucket }).then(regionOfLocation, () => undefined);
        regions.set(bucket, r);
      }
      return r;
    },
    learn(bucket: string, region: string | undefined): void {
      if (region && !regions.has(bucket)) regions.set(bucket, Promise.resolve(regionOfLocation(region)));
    },
    located: (): string[] => [...asked],
  };
}

export interface BucketClientsOptions {
  /** The file, when there is one: its `region` / `defaults` decide for the buckets it names. */
  config?: Pick<OssedgeConfig, 'defaults' | 'buckets'>;
  /** The function's region (the FC context's). */
  fallbackRegion?: string;
  /** Asks GetBucketLocation (any region's endpoint answers it). */
  lookup: OssInvoker;
}

export interface BucketClients {
  /** The client that reads `bucket` (locating it first when nothing says where it is). */
  clientFor(bucket: string): Promise<OssClient>;
  /** A region already known from elsewhere (ListBuckets' Region/Location, a coordinator's shard payload): no GetBucketLocation for it. */
  learn(bucket: string, region: string | undefined): void;
  /** Buckets located with GetBucketLocation so far (tests, logs). */
  located(): string[];
}

const NO_DEFAULTS: Pick<OssedgeConfig, 'defaults'> = { defaults: {} };

/**
 * Clients for buckets by name, for a function that reads buckets the file may not name (live rules of
 * validate-mirror-origin). An explicit endpoint or region (connection or `defaults.endpoint`) serves
 * every bucket; a bucket of the file with a `region` (or `defaults.region`) uses it; any other bucket is
 * located once (ListBuckets' answer when `learn`t, else one GetBucketLocation) and read through its own
 * region's endpoint. A bucket that cannot be located falls back to the function's region, where its own
 * request then fails naming why.
 */
export function bucketClients(cache: ClientCache, options: BucketClientsOptions): BucketClients {
  const config = options.config ?? NO_DEFAULTS;
  const fileBuckets = new Map((options.config?.buckets ?? []).map((b) => [b.name, b]));
  const locator = bucketLocator(options.lookup);
  return {
    async clientFor(bucket) {
      const own = fileBuckets.get(bucket);
      if (!cache.locatesBuckets() || placedByFile(config, own)) return cache.forBucket(config, own ?? {}, options.fallbackRegion);
      const region = await locator.locate(bucket);
      return cache.forBucket(config, region ? { region } : {}, options.fallbackRegion);
    },
    learn: locator.learn,
    located: locator.located,
  };
}
