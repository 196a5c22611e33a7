import type { DataPlaneContext } from '../dataplane-hook.ts';
import type { StoredObject } from '../types.ts';

/** Response headers OSS sends with an object body. */
export function objectHeaders(obj: StoredObject): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': obj.contentType,
    etag: obj.etag,
    'last-modified': new Date(obj.lastModified).toUTCString(),
    'x-oss-object-type': 'Normal',
    'x-oss-hash-crc64ecma': obj.crc64,
    'content-md5': obj.contentMd5,
    'accept-ranges': 'bytes',
    ...obj.headers,
  };
  for (const [k, v] of Object.entries(obj.userMeta)) out[k] = v;
  return out;
}

/** Writes a complete answer (no body for HEAD), with the hook's extra headers. */
export function answer(ctx: DataPlaneContext, status: number, headers: Record<string, string>, body?: Buffer): void {
  const res = ctx.res;
  const buf = body ?? Buffer.alloc(0);
  res.writeHead(status, { ...ctx.responseHeaders, ...headers, 'content-length': String(buf.length) });
  if (ctx.method === 'HEAD' || buf.length === 0) res.end();
  else res.end(buf);
}

/** Streams a stored object with `status` (200, or the error document's HttpStatus). */
export function serveObject(ctx: DataPlaneContext, obj: StoredObject, status = 200): void {
  const res = ctx.res;
  res.writeHead(status, { ...ctx.responseHeaders, ...objectHeaders(obj), 'content-length': String(obj.size) });
  if (ctx.method === 'HEAD') {
    res.end();
    return;
  }
  const body = ctx.store.openBody(obj);
  body.on('error', () => res.destroy());
  body.pipe(res);
}
