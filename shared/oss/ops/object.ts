import type { Readable } from 'node:stream';
import type { OssOperation } from '../operation.ts';
import { copyObjectResultFromXml } from '../xml/object.ts';
import { unquoteEtag } from '../xml/schema.ts';
import { callParts, drain, invalidArgument, invokeDrained, parseResponse, type ObjectRequest, type OssInvoker, type OssResult } from './common.ts';
import { metaHeaders, objectMetadataFromHeaders, type ObjectMetadata } from './object-headers.ts';

/** Conditional request headers (RFC 7232); dates are sent as HTTP dates. */
export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: Date;
  ifUnmodifiedSince?: Date;
}

export interface HeadObjectRequest extends ObjectRequest, Conditions {
  versionId?: string;
}

export interface GetObjectRequest extends HeadObjectRequest {
  /** `{start, end?}` (inclusive, bytes) or a raw `bytes=...` value. */
  range?: { start: number; end?: number } | string;
}

/** A body (stream to consume) or, for a satisfied If-None-Match / If-Modified-Since, 304 without one. */
export type GetObjectResult =
  | { notModified: false; status: number; body: Readable; contentLength?: number; contentRange?: string; metadata: ObjectMetadata }
  | { notModified: true; status: 304; metadata: ObjectMetadata };

export type HeadObjectResult = ObjectMetadata & { notModified: boolean };

export interface PutObjectRequest extends ObjectRequest {
  /** A string or bytes can be retried; a stream is sent once; `() => Readable` is re-opened per attempt. */
  body: string | Uint8Array | Readable | (() => Readable);
  contentType?: string;
  /** true: compute Content-MD5 (string/bytes bodies); a string: send this base64 MD5 (any body). */
  contentMd5?: boolean | string;
  /** `x-oss-forbid-overwrite: true` → 409 FileAlreadyExists when the key exists. */
  forbidOverwrite?: boolean;
  /** `x-oss-meta-*`. */
  metadata?: Record<string, string>;
  /** Further headers (Cache-Control, Content-Disposition, x-oss-storage-class, x-oss-object-acl...). */
  headers?: Record<string, string>;
}

export interface PutObjectResult extends OssResult {
  etag?: string;
  crc64?: string;
  contentMd5?: string;
  versionId?: string;
}

export interface CopyObjectRequest extends ObjectRequest {
  sourceBucket?: string;
  sourceKey: string;
  sourceVersionId?: string;
  /** COPY (default on OSS) keeps the source metadata; REPLACE takes `metadata`/`contentType`. */
  metadataDirective?: 'COPY' | 'REPLACE';
  metadata?: Record<string, string>;
  contentType?: string;
  forbidOverwrite?: boolean;
  /** `x-oss-copy-source-if-*` conditions on the source. */
  sourceConditions?: Conditions;
  headers?: Record<string, string>;
}

export interface CopyObjectResult extends OssResult {
  etag?: string;
  lastModified?: Date;
  versionId?: string;
  crc64?: string;
}

export interface DeleteObjectRequest extends ObjectRequest {
  versionId?: string;
}

export interface DeleteObjectResult extends OssResult {
  deleteMarker?: boolean;
  versionId?: string;
}

function conditionHeaders(c: Conditions, prefix = ''): Record<string, string> {
  const h: Record<string, string> = {};
  if (c.ifMatch !== undefined) h[`${prefix}if-match`] = c.ifMatch;
  if (c.ifNoneMatch !== undefined) h[`${prefix}if-none-match`] = c.ifNoneMatch;
  if (c.ifModifiedSince) h[`${prefix}if-modified-since`] = c.ifModifiedSince.toUTCString();
  if (c.ifUnmodifiedSince) h[`${prefix}if-unmodified-since`] = c.ifUnmodifiedSince.toUTCString();
  return h;
}

function versionQuery(versionId: string | undefined): Pick<OssOperation, 'query'> {
  return versionId === undefined ? {} : { query: [['versionId', versionId]] };
}

function rangeHeader(op: string, range: GetObjectRequest['range']): Record<string, string> {
  if (range === undefined) return {};
  if (typeof range === 'string') return { range };
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0 || (end !== undefined && (!Number.isSafeInteger(end) || end < start))) {
    throw invalidArgument(op, `bad range ${JSON.stringify(range)}`);
  }
  return { range: `bytes=${start}-${end ?? ''}` };
}

/** HeadObject; a satisfied If-None-Match / If-Modified-Since gives `notModified: true`. */
export async function headObject(client: OssInvoker, request: HeadObjectRequest): Promise<HeadObjectResult> {
  const res = await invokeDrained(client, {
    op: 'HeadObject',
    method: 'HEAD',
    bucket: request.bucket,
    key: request.key,
    ...versionQuery(request.versionId),
    headers: conditionHeaders(request),
    ...callParts(request),
  });
  return { ...objectMetadataFromHeaders(res.headers, res.requestId, res.status), notModified: res.status === 304 };
}

/** GetObject as a stream: the caller must consume or destroy `body`. */
export async function getObject(client: OssInvoker, request: GetObjectRequest): Promise<GetObjectResult> {
  const op = 'GetObject';
  const headers = { ...conditionHeaders(request), ...rangeHeader(op, request.range) };
  const res = await client.invoke({ op, method: 'GET', bucket: request.bucket, key: request.key, ...versionQuery(request.versionId), headers, ...callParts(request) });
  const metadata = objectMetadataFromHeaders(res.headers, res.requestId, res.status);
  if (res.status === 304) {
    await drain(res);
    return { notModified: true, status: 304, metadata };
  }
  const length = res.headers['content-length'];
  return {
    notModified: false,
    status: res.status,
    body: res.body,
    ...(length !== undefined && /^\d+$/.test(length) ? { contentLength: Number(length) } : {}),
    ...(res.headers['content-range'] ? { contentRange: res.headers['content-range'] } : {}),
    metadata,
  };
}

export async function putObject(client: OssInvoker, request: PutObjectRequest): Promise<PutObjectResult> {
  const op = 'PutObject';
  const headers: Record<string, string> = { ...request.headers, ...metaHeaders(op, request.metadata) };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  if (typeof request.contentMd5 === 'string') headers['content-md5'] = request.contentMd5;
  const computeMd5 = request.contentMd5 === true;
  if (computeMd5 && typeof request.body !== 'string' && !(request.body instanceof Uint8Array)) {
    throw invalidArgument(op, 'contentMd5: true needs a string or bytes body; pass the base64 MD5 for a stream');
  }
  const res = await invokeDrained(client, {
    op,
    method: 'PUT',
    bucket: request.bucket,
    key: request.key,
    headers,
    body: request.body,
    ...(computeMd5 ? { contentMd5: true } : {}),
    ...callParts(request),
  });
  const h = res.headers;
  return {
    ...(h.etag !== undefined ? { etag: unquoteEtag(h.etag) } : {}),
    ...(h['x-oss-hash-crc64ecma'] !== undefined ? { crc64: h['x-oss-hash-crc64ecma'] } : {}),
    ...(h['content-md5'] !== undefined ? { contentMd5: h['content-md5'] } : {}),
    ...(h['x-oss-version-id'] !== undefined ? { versionId: h['x-oss-version-id'] } : {}),
    ...(res.requestId ? { requestId: res.requestId } : {}),
  };
}

/** `x-oss-copy-source` value: `/bucket/key` with the key percent-encoded ('/' kept). */
export function copySource(bucket: string, key: string, versionId?: string): string {
  const path = `/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
  return versionId === undefined ? path : `${path}?versionId=${encodeURIComponent(versionId)}`;
}

/** Server-side CopyObject (same region; source defaults to the target bucket). */
export async function copyObject(client: OssInvoker, request: CopyObjectRequest): Promise<CopyObjectResult> {
  const op = 'CopyObject';
  const headers: Record<string, string> = {
    ...request.headers,
    ...conditionHeaders(request.sourceConditions ?? {}, 'x-oss-copy-source-'),
    ...metaHeaders(op, request.metadata),
    'x-oss-copy-source': copySource(request.sourceBucket ?? request.bucket, request.sourceKey, request.sourceVersionId),
  };
  if (request.metadataDirective) headers['x-oss-metadata-directive'] = request.metadataDirective;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.forbidOverwrite) headers['x-oss-forbid-overwrite'] = 'true';
  const res = await client.invokeText({ op, method: 'PUT', bucket: request.bucket, key: request.key, headers, ...callParts(request) });
  const body = parseResponse(op, res.status, res.text, copyObjectResultFromXml);
  const h = res.headers;
  return {
    ...body,
    ...(h['x-oss-version-id'] !== undefined ? { versionId: h['x-oss-version-id'] } : {}),
    ...(h['x-oss-hash-crc64ecma'] !== undefined ? { crc64: h['x-oss-hash-crc64ecma'] } : {}),
    ...(res.requestId ? { requestId: res.requestId } : {}),
  };
}

export async function deleteObject(client: OssInvoker, request: DeleteObjectRequest): Promise<DeleteObjectResult> {
  const res = await invokeDrained(client, {
    op: 'DeleteObject',
    method: 'DELETE',
    bucket: request.bucket,
    key: request.key,
    ...versionQuery(request.versionId),
    ...callParts(request),
  });
  const h = res.headers;
  return {
    ...(h['x-oss-delete-marker'] !== undefined ? { deleteMarker: h['x-oss-delete-marker'] === 'true' } : {}),
    ...(h['x-oss-version-id'] !== undefined ? { versionId: h['x-oss-version-id'] } : {}),
    ...(res.requestId ? { requestId: res.requestId } : {}),
  };
}
