import OSS from 'ali-oss';

/** Where the rows run: an OSS endpoint (real OSS or the emulator) and the keys to use. */
export interface ConformanceTarget {
  /** e.g. https://oss-cn-hangzhou.aliyuncs.com, or the emulator's http://127.0.0.1:PORT */
  endpoint: string;
  /** e.g. cn-hangzhou (the V4 scope region). */
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Buckets are named `<prefix>-<run>-<n>`. */
  bucketPrefix: string;
  /** Base URL of the scripted origin, reachable by OSS. */
  originUrl: string;
  /** Path-style addressing; default: for IP and localhost endpoints. */
  pathStyle?: boolean;
}

const CLIENT_TIMEOUT_MS = 30_000;

export function usesPathStyle(target: ConformanceTarget): boolean {
  if (target.pathStyle !== undefined) return target.pathStyle;
  const host = new URL(target.endpoint).hostname;
  return host === 'localhost' || /^[0-9.]+$/.test(host) || host.includes(':');
}

/** ali-oss for one bucket: V4 signing, no retries (a row reports what OSS answered, once). */
export function aliOss(target: ConformanceTarget, bucket: string): OSS {
  const options: Record<string, unknown> = {
    endpoint: target.endpoint,
    region: `oss-${target.region}`,
    accessKeyId: target.accessKeyId,
    accessKeySecret: target.accessKeySecret,
    bucket,
    sldEnable: usesPathStyle(target),
    authorizationV4: true,
    timeout: CLIENT_TIMEOUT_MS,
    retryMax: 0,
  };
  if (target.securityToken) {
    const token = target.securityToken;
    options.stsToken = token;
    options.refreshSTSTokenInterval = 3_600_000;
    options.refreshSTSToken = async () => ({ accessKeyId: target.accessKeyId, accessKeySecret: target.accessKeySecret, stsToken: token });
  }
  return new OSS(options as unknown as OSS.Options);
}

/** The URL of an object as an anonymous client (a browser) asks for it. */
export function objectUrl(target: ConformanceTarget, bucket: string, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  const base = new URL(target.endpoint);
  if (usesPathStyle(target)) return `${base.protocol}//${base.host}/${bucket}/${path}`;
  return `${base.protocol}//${bucket}.${base.host}/${path}`;
}

/** ali-oss's private request helpers, for bodies its public API never sends (a RefererConfiguration without RefererList). */
interface AliOssInternals {
  _bucketRequestParams(method: string, bucket: string, subres: string): Record<string, unknown>;
  request(params: Record<string, unknown>): Promise<{ status: number }>;
}

async function putBucketXml(client: OSS, bucket: string, subresource: string, xml: string): Promise<void> {
  const internals = client as unknown as AliOssInternals;
  const params = internals._bucketRequestParams('PUT', bucket, subresource);
  params.content = xml;
  params.mime = 'xml';
  params.successStatuses = [200];
  await internals.request(params);
}

export function putBucketRefererXml(client: OSS, bucket: string, xml: string): Promise<void> {
  return putBucketXml(client, bucket, 'referer', xml);
}

/**
 * New buckets may start with Block Public Access on (real OSS), which would make every anonymous row a 403:
 * rows that need a public ACL turn it off for their own temporary bucket first.
 */
export function allowPublicAccess(client: OSS, bucket: string): Promise<void> {
  return putBucketXml(client, bucket, 'publicAccessBlock',
    '<PublicAccessBlockConfiguration><BlockPublicAccess>false</BlockPublicAccess></PublicAccessBlockConfiguration>');
}

/** Status, Code and EC of an ali-oss error (never its message: it may echo request details). */
export function aliOssErrorFacts(err: unknown): { status: number; code?: string; ec?: string } {
  const e = err as { status?: number; code?: string; ecCode?: string; headers?: Record<string, string> };
  const out: { status: number; code?: string; ec?: string } = { status: typeof e.status === 'number' ? e.status : 0 };
  if (e.code) out.code = e.code;
  const ec = e.ecCode ?? e.headers?.['x-oss-ec'];
  if (ec) out.ec = ec;
  return out;
}
