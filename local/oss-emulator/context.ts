import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { AuthResult } from './auth.ts';
import type { DataPlaneHook } from './dataplane-hook.ts';
import { errorXml, ossErrors, type OssEmulatorError } from './errors.ts';
import type { BucketEntry, ObjectStore } from './store.ts';

/** State every handler shares. */
export interface EmulatorCore {
  store: ObjectStore;
  region: string;
  now: () => number;
  hook: DataPlaneHook;
  ownerId: string;
}

export interface RequestContext {
  core: EmulatorCore;
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  op: string;
  bucket?: string;
  key?: string;
  query: Map<string, string>;
  queryPairs: Array<[string, string]>;
  auth: AuthResult;
  hostId: string;
  /** Added to whatever response is sent (the data-plane hook's CORS headers). */
  responseHeaders: Record<string, string>;
  /** Fault: send half the body, then drop the connection. */
  truncate: boolean;
  /** Fault: the request took effect, but its response is lost (the connection drops before any byte). */
  lost?: boolean;
  errorCode?: string;
}

/** Upper bound for XML/JSON request bodies (OSS control-plane bodies are small). */
export const MAX_CONTROL_BODY = 1024 * 1024;

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function requireBucket(ctx: RequestContext): BucketEntry {
  const entry = ctx.core.store.bucket(ctx.bucket!);
  if (!entry) throw ossErrors.noSuchBucket(ctx.bucket!);
  return entry;
}

/** Checks a Content-MD5 header (if any) against a body digest; bad base64 or mismatch → 400 InvalidDigest. */
export function checkContentMd5(ctx: RequestContext, md5Base64: string): void {
  const sent = header(ctx, 'content-md5');
  if (sent === undefined) return;
  const raw = Buffer.from(sent, 'base64');
  if (raw.length !== 16 || raw.toString('base64') !== sent.trim() || sent.trim() !== md5Base64) throw ossErrors.invalidDigest();
}

/** Reads a small request body, checking Content-MD5. */
export async function readSmallBody(ctx: RequestContext, limit = MAX_CONTROL_BODY): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw ossErrors.invalidArgument('The request body is too large.', 'body', undefined, '0016-00000010');
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  checkContentMd5(ctx, createHash('md5').update(body).digest('base64'));
  return body;
}

function baseHeaders(ctx: RequestContext, extra: Record<string, string>): Record<string, string> {
  return { ...ctx.responseHeaders, ...extra, 'x-oss-request-id': ctx.requestId };
}

/** Sends a complete response (body omitted for HEAD), honouring the truncate fault. */
export function send(ctx: RequestContext, status: number, body: string | Buffer = '', headers: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const res = ctx.res;
  if (ctx.lost) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...baseHeaders(ctx, headers), 'Content-Length': String(buf.length) });
  if (ctx.method === 'HEAD' || buf.length === 0) {
    res.end();
    return;
  }
  if (ctx.truncate) {
    res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.destroy());
    return;
  }
  res.end(buf);
}

export function sendXml(ctx: RequestContext, status: number, xml: string, headers: Record<string, string> = {}): void {
  send(ctx, status, xml, { 'Content-Type': 'application/xml', ...headers });
}

/** Streams an object body of `length` bytes. */
export function sendStream(ctx: RequestContext, status: number, headers: Record<string, string>, body: Readable, length: number): void {
  const res = ctx.res;
  if (ctx.lost) {
    body.destroy();
    res.destroy();
    return;
  }
  res.writeHead(status, { ...baseHeaders(ctx, headers), 'Content-Length': String(length) });
  if (ctx.method === 'HEAD') {
    body.destroy();
    res.end();
    return;
  }
  if (ctx.truncate) {
    // Send the first half, then drop the connection once it is flushed.
    let left = Math.floor(length / 2);
    const cut = () => {
      body.destroy();
      res.write(Buffer.alloc(0), () => res.destroy());
    };
    body.on('data', (chunk: Buffer) => {
      if (left <= 0) return;
      const part = chunk.subarray(0, left);
      left -= part.length;
      res.write(part);
      if (left <= 0) cut();
    });
    body.on('end', cut);
    return;
  }
  body.on('error', () => res.destroy());
  body.pipe(res);
}

export function sendError(ctx: RequestContext, err: OssEmulatorError): void {
  ctx.errorCode = err.code;
  const xml = errorXml(err, ctx.requestId, ctx.hostId);
  const headers: Record<string, string> = { ...err.headers, 'x-oss-ec': err.ec, 'Content-Type': 'application/xml' };
  if (ctx.method === 'HEAD') headers['x-oss-err'] = Buffer.from(xml).toString('base64');
  send(ctx, err.status, xml, headers);
}
