import type { FcHttpResponse, HttpResult } from './types.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

function isHttpResult(value: unknown): value is HttpResult {
  return typeof value === 'object' && value !== null && !Buffer.isBuffer(value) &&
    typeof (value as { statusCode?: unknown }).statusCode === 'number';
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/**
 * A handler result → FC3 HTTP response. `HttpResult` keeps its status; anything else is a 200 whose
 * body is the value (objects as JSON, Buffers base64-encoded, `undefined` as 204).
 */
export function toFcHttpResponse(result: unknown): FcHttpResponse {
  if (isFcHttpResponse(result)) return result;
  const r: HttpResult = isHttpResult(result)
    ? result
    : result === undefined || result === null ? { statusCode: 204 } : { statusCode: 200, body: result as object };
  const headers: Record<string, string> = { ...r.headers };
  const body = r.body;
  if (body === undefined) return { statusCode: r.statusCode, headers, body: '', isBase64Encoded: false };
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/octet-stream';
    return { statusCode: r.statusCode, headers, body: Buffer.from(body).toString('base64'), isBase64Encoded: true };
  }
  if (typeof body === 'string') {
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    return { statusCode: r.statusCode, headers, body, isBase64Encoded: false };
  }
  if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = JSON_TYPE;
  return { statusCode: r.statusCode, headers, body: JSON.stringify(body), isBase64Encoded: false };
}

function isFcHttpResponse(value: unknown): value is FcHttpResponse {
  if (!isHttpResult(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  return typeof v.body === 'string' && typeof v.isBase64Encoded === 'boolean' && typeof v.headers === 'object';
}

/** A JSON HTTP result. */
export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}
