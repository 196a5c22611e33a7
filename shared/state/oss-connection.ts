import { regionFromHost, resolveEndpoint } from '../oss/endpoint.ts';

/** Connection settings a function reads once from its environment (DESIGN.md Environment). */
export interface OssConnection {
  endpoint?: string;
  region?: string;
  /** Inside FC: use the region's internal endpoint when no endpoint is given (default true). */
  internal?: boolean;
  /**
   * The CLI only: the file's `defaults.endpoint` is honoured (the user's own machine and keys). Never set
   * from the environment: in the functions a pushed config must not choose where the role's signed
   * requests and STS token go, so such a config is refused (CONFIG_ENDPOINT_NOT_ALLOWED).
   */
  fileEndpoint?: boolean;
  /**
   * Where a region's endpoint is when it is not OSS's own `oss-<region>[-internal].aliyuncs.com` (tests:
   * one emulator per region). Unlike `endpoint`, each bucket is still reached at its own region's.
   */
  regionEndpoints?: Readonly<Record<string, string>>;
}

/** The variables `ossConnectionFromEnv` reads. */
export const OSS_CONNECTION_VARS = ['OSS_ENDPOINT', 'OSS_REGION', 'OSSEDGE_OSS_INTERNAL'] as const;

export function ossConnectionFromEnv(env: Readonly<Record<string, string | undefined>>): OssConnection {
  return {
    ...(env.OSS_ENDPOINT ? { endpoint: env.OSS_ENDPOINT } : {}),
    ...(env.OSS_REGION ? { region: env.OSS_REGION } : {}),
    internal: env.OSSEDGE_OSS_INTERNAL !== '0',
  };
}

/** A connection whose endpoint and region contradict each other (refused before any request is signed). */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  readonly code = 'ENDPOINT_REGION_MISMATCH';
}

/**
 * The region requests to an explicit `endpoint` are signed for. OSS checks that a V4 signature's scope
 * names the region of the endpoint it reached, so the endpoint decides: the region an OSS host names
 * (`oss-<region>[-internal].aliyuncs.com`), else `stated` (OSS_REGION / --region, or the file's own
 * `defaults.region` beside its `defaults.endpoint`), else undefined (the caller's fallback: the function's
 * region). A bucket's own region never signs for an explicit endpoint. A stated region that contradicts
 * the host is refused (ENDPOINT_REGION_MISMATCH) rather than signed for a region OSS would reject.
 */
export function endpointRegion(endpoint: string, stated: string | undefined): string | undefined {
  let host: string;
  try {
    host = resolveEndpoint({ endpoint }).host;
  } catch {
    return stated; // a malformed endpoint is refused by the client built on it, naming why
  }
  const named = regionFromHost(host);
  if (named && stated && named !== stated) {
    throw new ConnectionError(`the OSS endpoint ${host} is in region ${named} but the region given is ${stated}: V4 requests are signed for the endpoint's region; give ${named} or no region`);
  }
  return named ?? stated;
}

/** The endpoint options of a client for `region`: the explicit endpoint, the region's own, or OSS's. */
export function endpointOf(connection: OssConnection, region: string): { endpoint: string } | { internal: boolean } {
  const map = connection.regionEndpoints;
  const endpoint = connection.endpoint ?? (map && Object.hasOwn(map, region) ? map[region] : undefined);
  return endpoint ? { endpoint } : { internal: connection.internal !== false };
}
