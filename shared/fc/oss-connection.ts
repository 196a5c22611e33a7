import { createOssClient, type OssClient } from '../oss/client.ts';
import type { CredentialsProvider } from '../oss/credentials/types.ts';

/** Connection settings a function reads once from its environment (DESIGN.md Environment). */
export interface OssConnection {
  endpoint?: string;
  region?: string;
  /** Inside FC: use the region's internal endpoint when no endpoint is given (default true). */
  internal?: boolean;
}

export function ossConnectionFromEnv(env: Readonly<Record<string, string | undefined>>): OssConnection {
  return {
    ...(env.OSS_ENDPOINT ? { endpoint: env.OSS_ENDPOINT } : {}),
    ...(env.OSS_REGION ? { region: env.OSS_REGION } : {}),
    internal: env.OSSEDGE_OSS_INTERNAL !== '0',
  };
}

/**
 * One module-level client per function instance (warm invocations reuse its connections); the keys
 * are asked per request from whatever `use(provider)` set last — each invocation brings its own.
 */
export function createInstanceClient(connection: OssConnection) {
  let current: CredentialsProvider | undefined;
  const clients = new Map<string, OssClient>();
  const credentials: CredentialsProvider = { getCredentials: async () => current?.getCredentials() };
  return {
    use(provider: CredentialsProvider): void {
      current = provider;
    },
    /** The client for `region` (the function's own region when the connection names none). */
    client(region: string): OssClient {
      const r = connection.region ?? region;
      let c = clients.get(r);
      if (!c) {
        c = createOssClient({
          region: r,
          credentials,
          ...(connection.endpoint ? { endpoint: connection.endpoint } : { internal: connection.internal !== false }),
        });
        clients.set(r, c);
      }
      return c;
    },
  };
}
