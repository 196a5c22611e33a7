import { isIP } from 'node:net';
import { OssClientError } from './errors.ts';

export interface EndpointOptions {
  /** Bare region id, e.g. cn-hangzhou. Gives `oss-<region>.aliyuncs.com` when no endpoint is set. */
  region?: string;
  /** Host (`oss-cn-hangzhou.aliyuncs.com`, `127.0.0.1:9000`) or URL (`http://127.0.0.1:9000`). */
  endpoint?: string;
  /** The endpoint is a custom domain bound to one bucket: no bucket in host or path. */
  cname?: boolean;
  /** HTTPS (default true). An explicit `http://` endpoint turns it off. */
  secure?: boolean;
  /** Force path style (`host/bucket/key`). Automatic for IP and localhost endpoints. */
  pathStyle?: boolean;
  /** Region endpoint inside Alibaba Cloud's network: `oss-<region>-internal.aliyuncs.com`. */
  internal?: boolean;
  /** Global acceleration endpoint `oss-accelerate.aliyuncs.com`. */
  accelerate?: boolean;
}

export interface ResolvedEndpoint {
  protocol: 'https:' | 'http:';
  /** Host with port when one was given. */
  host: string;
  pathStyle: boolean;
  cname: boolean;
}

export interface RequestTarget {
  /** `https://bucket.oss-cn-hangzhou.aliyuncs.com` */
  origin: string;
  /** Encoded path and query: `/key%20name?website` */
  path: string;
}

export const OSS_DOMAIN = 'aliyuncs.com';
export const ACCELERATE_HOST = `oss-accelerate.${OSS_DOMAIN}`;
/** OSS: an object name is 1..1023 bytes of UTF-8. */
export const MAX_KEY_BYTES = 1023;

const REGION_RE = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** An OSS bucket name: 3-63 characters of a-z, 0-9 and "-", starting and ending with a letter or digit (unanchored, to embed). */
export const BUCKET_NAME_SOURCE = '[a-z0-9][a-z0-9-]{1,61}[a-z0-9]';
const BUCKET_RE = new RegExp(`^${BUCKET_NAME_SOURCE}$`);

/** Whether `name` is a valid bucket name (false for undefined). */
export function isBucketName(name: string | undefined): name is string {
  return name !== undefined && BUCKET_RE.test(name);
}

function invalid(message: string): OssClientError {
  return new OssClientError('INVALID_ARGUMENT', message);
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colons = host.split(':').length - 1;
  return colons === 1 ? host.slice(0, host.indexOf(':')) : host;
}

/** IP and localhost endpoints cannot take a bucket subdomain. */
export function needsPathStyle(host: string): boolean {
  const name = hostnameOf(host).toLowerCase();
  return isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost');
}

export function resolveEndpoint(options: EndpointOptions): ResolvedEndpoint {
  let secure = options.secure ?? true;
  let host: string;
  if (options.endpoint) {
    let raw = options.endpoint.trim();
    const scheme = /^([a-z]+):\/\//i.exec(raw);
    if (scheme) {
      const proto = scheme[1]!.toLowerCase();
      if (proto !== 'http' && proto !== 'https') throw invalid(`endpoint scheme must be http or https, got "${proto}"`);
      secure = proto === 'https';
      raw = raw.slice(scheme[0].length);
    }
    host = raw.replace(/\/+$/, '');
    if (host === '' || /[/?#@\s]/.test(host)) throw invalid(`endpoint must be a host or an http(s) URL without a path: "${options.endpoint}"`);
  } else if (options.accelerate) {
    host = ACCELERATE_HOST;
  } else {
    const region = options.region;
    if (!region) throw invalid('either region or endpoint is required');
    if (!REGION_RE.test(region)) throw invalid(`region "${region}" is not a region id such as cn-hangzhou`);
    host = `oss-${region}${options.internal ? '-internal' : ''}.${OSS_DOMAIN}`;
  }
  const cname = options.cname ?? false;
  return {
    protocol: secure ? 'https:' : 'http:',
    host: host.toLowerCase(),
    pathStyle: !cname && (options.pathStyle ?? needsPathStyle(host)),
    cname,
  };
}

/** `oss-<name>.aliyuncs.com` hosts that are OSS's but name no region (the global acceleration endpoints). */
const REGIONLESS_HOST_NAMES: ReadonlySet<string> = new Set(['accelerate', 'accelerate-overseas']);
/** A region id as a host label part: hyphen-separated runs of letters and digits (no empty run). */
const REGION_LABEL_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Region id from an `oss-<region>[-internal].aliyuncs.com[:port]` host, when it is one. */
export function regionFromHost(host: string): string | undefined {
  const m = /^oss-([a-z0-9-]+)\.aliyuncs\.com(?::\d+)?$/.exec(host.toLowerCase());
  if (!m) return undefined;
  const name = m[1]!.endsWith('-internal') ? m[1]!.slice(0, -'-internal'.length) : m[1]!;
  if (!REGION_LABEL_RE.test(name) || name === 'internal' || REGIONLESS_HOST_NAMES.has(name)) return undefined;
  return name;
}

/** 3-63 characters: lowercase letters, digits and hyphens, not starting or ending with a hyphen. */
export function validateBucketName(name: string): void {
  if (!BUCKET_RE.test(name)) {
    throw invalid(
      `bucket name "${name.slice(0, 80)}" is invalid: 3-63 characters, lowercase letters, digits and hyphens, not starting or ending with a hyphen`,
    );
  }
}

export function validateObjectKey(key: string): void {
  const bytes = Buffer.byteLength(key);
  if (bytes === 0 || bytes > MAX_KEY_BYTES) throw invalid(`object key must be 1-${MAX_KEY_BYTES} bytes, got ${bytes}`);
  if (key.startsWith('/') || key.startsWith('\\')) throw invalid('object key must not start with "/" or "\\"');
}

/** RFC 3986 encoding: unreserved characters stay, every other UTF-8 byte becomes %XX. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Object key for the URL path: as RFC 3986, but `/` stays a path separator. */
export function encodeObjectKey(key: string): string {
  return key.split('/').map(encodeRfc3986).join('/');
}

/** `a=1&website`: keys and values encoded, a key with an empty value written alone. */
export function encodeQuery(query: ReadonlyArray<readonly [string, string]>): string {
  return query.map(([k, v]) => (v === '' ? encodeRfc3986(k) : `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)).join('&');
}

/** The URL parts for one request: virtual-hosted, path style or CNAME. */
export function requestTarget(
  ep: ResolvedEndpoint,
  bucket: string | undefined,
  key: string | undefined,
  query: ReadonlyArray<readonly [string, string]> = [],
): RequestTarget {
  if (bucket !== undefined) validateBucketName(bucket);
  if (key !== undefined) {
    if (bucket === undefined) throw invalid('an object key needs a bucket');
    validateObjectKey(key);
  }
  const encodedKey = key === undefined ? '' : encodeObjectKey(key);
  let host = ep.host;
  let path: string;
  if (bucket === undefined || ep.cname) {
    path = `/${encodedKey}`;
  } else if (ep.pathStyle) {
    path = `/${bucket}/${encodedKey}`;
  } else {
    host = `${bucket}.${ep.host}`;
    path = `/${encodedKey}`;
  }
  const qs = encodeQuery(query);
  return { origin: `${ep.protocol}//${host}`, path: qs ? `${path}?${qs}` : path };
}
