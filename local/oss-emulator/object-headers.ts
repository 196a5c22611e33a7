import type { IncomingHttpHeaders } from 'node:http';
import { MAX_KEY_BYTES } from '../../shared/oss/endpoint.ts';
import type { ObjectHeaders } from './store.ts';
import type { StoredObject } from './types.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';

/** Standard headers OSS stores with an object and returns on GET/HEAD. */
export const STORED_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'] as const;
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function checkKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES || key.startsWith('/') || key.startsWith('\\')) throw ossErrors.invalidObjectName();
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

/** Content-Type, x-oss-meta-* and the stored standard headers of a PUT. */
export function objectHeadersFrom(headers: IncomingHttpHeaders): ObjectHeaders {
  const userMeta: Record<string, string> = {};
  const stored: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-oss-meta-') && value !== undefined) userMeta[name] = one(value)!;
  }
  for (const name of STORED_HEADERS) {
    const v = one(headers[name]);
    if (v !== undefined) stored[name] = v;
  }
  return { contentType: one(headers['content-type']) || DEFAULT_CONTENT_TYPE, userMeta, headers: stored };
}

/** The metadata headers of a GET/HEAD response. */
export function objectResponseHeaders(obj: StoredObject): Record<string, string> {
  return {
    'Content-Type': obj.contentType,
    ETag: obj.etag,
    'Last-Modified': new Date(obj.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    'Content-MD5': obj.contentMd5,
    'x-oss-object-type': 'Normal',
    'x-oss-storage-class': 'Standard',
    'x-oss-hash-crc64ecma': obj.crc64,
    ...obj.headers,
    ...obj.userMeta,
  };
}

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * `Range: bytes=a-b | a- | -n`. OSS ignores a range it cannot satisfy or parse and sends the whole object
 * (200), unless `x-oss-range-behavior: standard`, where an unsatisfiable range is 416 InvalidRange.
 */
export function parseRange(value: string | undefined, size: number, standard: boolean): ByteRange | undefined {
  if (!value) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return unsatisfiable(standard, size);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size) return unsatisfiable(standard, size);
  return { start, end };
}

function unsatisfiable(standard: boolean, size: number): undefined {
  if (!standard) return undefined;
  throw new OssEmulatorError(416, 'InvalidRange', 'The requested range cannot be satisfied.', '0003-00000502', {}, { 'Content-Range': `bytes */${size}` });
}
