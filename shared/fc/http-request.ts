import { BadRequestError } from './errors.ts';
import type { FcHttpEventV1 } from './types.ts';

/**
 * Header map of an FC3 HTTP event: the original names are kept (FC does not lower-case them) and
 * `get` looks a name up case-insensitively. Repeated headers arrive comma-joined, as FC sends them.
 */
export class FcHeaders {
  readonly raw: Readonly<Record<string, string>>;
  readonly #lower = new Map<string, string>();

  constructor(raw: Record<string, string> = {}) {
    this.raw = Object.freeze({ ...raw });
    for (const [name, value] of Object.entries(raw)) {
      const key = name.toLowerCase();
      const prev = this.#lower.get(key);
      this.#lower.set(key, prev === undefined ? String(value) : `${prev},${value}`);
    }
  }

  get(name: string): string | undefined {
    return this.#lower.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.#lower.has(name.toLowerCase());
  }

  /** Comma-joined values split back into a list (trimmed, empty parts dropped). */
  values(name: string): string[] {
    const v = this.get(name);
    return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  }
}

/** A typed FC3 HTTP trigger request. `rawBody` holds the exact bytes (base64 decoded when needed). */
export interface HttpRequest {
  kind: 'http';
  method: string;
  /** Decoded path (`requestContext.http.path`). */
  path: string;
  /** URL-encoded path as received. */
  rawPath: string;
  headers: FcHeaders;
  /** Comma-joined values for repeated parameters, as FC sends them. */
  query: Readonly<Record<string, string>>;
  rawBody: Buffer;
  sourceIp?: string;
  requestContext: FcHttpEventV1['requestContext'];
  /** The body as UTF-8 text. */
  text(): string;
}

export function isFcHttpEvent(value: unknown): value is FcHttpEventV1 {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const rc = v.requestContext as Record<string, unknown> | undefined;
  return v.version === 'v1' && typeof v.rawPath === 'string' && typeof rc?.http === 'object' && rc.http !== null;
}

export function toHttpRequest(event: FcHttpEventV1): HttpRequest {
  const body = event.body ?? '';
  const rawBody = event.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  const http = event.requestContext.http;
  return {
    kind: 'http',
    method: http.method.toUpperCase(),
    path: http.path ?? safeDecode(event.rawPath),
    rawPath: event.rawPath,
    headers: new FcHeaders(event.headers ?? {}),
    query: Object.freeze({ ...(event.queryParameters ?? {}) }),
    rawBody,
    ...(http.sourceIp !== undefined ? { sourceIp: http.sourceIp } : {}),
    requestContext: event.requestContext,
    text: () => rawBody.toString('utf8'),
  };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The body as JSON; a 400 `INVALID_JSON` (with no body excerpt) when it is not. */
export function parseJsonBody<T = unknown>(req: HttpRequest): T {
  try {
    return JSON.parse(req.text()) as T;
  } catch {
    // no cause: V8's message quotes the body text around the error
    throw new BadRequestError('request body is not valid JSON', { code: 'INVALID_JSON' });
  }
}
