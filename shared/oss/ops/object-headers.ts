import { unquoteEtag } from '../xml/schema.ts';
import { invalidArgument } from './common.ts';

/** Object metadata as HeadObject / GetObject return it (from response headers). */
export interface ObjectMetadata {
  /** Whole object size: Content-Length, or the total of Content-Range for a range GET. */
  size?: number;
  /** Without quotes. */
  etag?: string;
  lastModified?: Date;
  contentType?: string;
  /** `x-oss-hash-crc64ecma`: unsigned decimal string (whole object, also for range GETs). */
  crc64?: string;
  /** `Content-MD5` (base64), when OSS has it (simple uploads). */
  contentMd5?: string;
  /** `x-oss-meta-*` headers, names without the prefix, lower case. */
  meta: Record<string, string>;
  versionId?: string;
  /** `x-oss-object-type`: Normal | Appendable | Multipart | Symlink. */
  objectType?: string;
  storageClass?: string;
  cacheControl?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  requestId?: string;
}

const META_PREFIX = 'x-oss-meta-';
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/** `status` 304: a Content-Length there says nothing about the object, so no size is reported. */
export function objectMetadataFromHeaders(headers: Record<string, string>, requestId?: string, status?: number): ObjectMetadata {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX)) meta[name.slice(META_PREFIX.length)] = value;
  }
  const out: ObjectMetadata = { meta };
  const set = <K extends keyof ObjectMetadata>(key: K, value: ObjectMetadata[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  const total = headers['content-range']?.match(/\/(\d+)\s*$/)?.[1];
  if (status !== 304) set('size', toInt(total ?? headers['content-length']));
  set('etag', headers.etag === undefined ? undefined : unquoteEtag(headers.etag));
  set('lastModified', toDate(headers['last-modified']));
  set('contentType', headers['content-type']);
  set('crc64', headers['x-oss-hash-crc64ecma']);
  set('contentMd5', headers['content-md5']);
  set('versionId', headers['x-oss-version-id']);
  set('objectType', headers['x-oss-object-type']);
  set('storageClass', headers['x-oss-storage-class']);
  set('cacheControl', headers['cache-control']);
  set('contentEncoding', headers['content-encoding']);
  set('contentDisposition', headers['content-disposition']);
  set('requestId', requestId ?? headers['x-oss-request-id']);
  return out;
}

/** `x-oss-meta-<name>` request headers; names must be header tokens and values printable ASCII. */
export function metaHeaders(op: string, meta: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(meta ?? {})) {
    if (!HEADER_NAME.test(name)) throw invalidArgument(op, `metadata name ${JSON.stringify(name)} is not a valid header name`);
    if (!HEADER_VALUE.test(value)) throw invalidArgument(op, `metadata ${name} holds characters a header cannot carry (encode it first)`);
    out[`${META_PREFIX}${name.toLowerCase()}`] = value;
  }
  return out;
}

function toInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

function toDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
