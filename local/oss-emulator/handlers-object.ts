import { deleteRequestFromXml, MAX_DELETE_KEYS } from '../../shared/oss/xml/object.ts';
import { checkContentMd5, header, readSmallBody, requireBucket, send, sendStream, sendXml, type RequestContext } from './context.ts';
import { dataPlaneContext } from './dataplane-call.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';
import { codecToOss } from './handlers-bucket.ts';
import { checkKey, objectHeadersFrom, objectResponseHeaders, parseRange } from './object-headers.ts';
import type { BucketEntry } from './store.ts';
import type { StoredObject } from './types.ts';
import { XML_DECLARATION, isoTime, xmlEscape } from './xml-out.ts';

/** PutObject, CopyObject, GetObject, HeadObject, DeleteObject, DeleteMultipleObjects. */

function fileAlreadyExists(): OssEmulatorError {
  return new OssEmulatorError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', '0026-00000009');
}

function forbidsOverwrite(ctx: RequestContext): boolean {
  return header(ctx, 'x-oss-forbid-overwrite') === 'true';
}

function checkForbidOverwrite(ctx: RequestContext, entry: BucketEntry, key: string): void {
  if (forbidsOverwrite(ctx) && (entry.objects.has(key) || entry.creating.has(key))) throw fileAlreadyExists();
}

export async function putObject(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const key = ctx.key!;
  checkKey(key);
  checkForbidOverwrite(ctx, entry, key);
  const headers = objectHeadersFrom(ctx.req.headers);
  const upload = await ctx.core.store.beginUpload();
  let obj: StoredObject;
  try {
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) await upload.write(chunk);
    checkContentMd5(ctx, upload.digest().md5Base64);
    checkForbidOverwrite(ctx, entry, key);
    // from the last check to the install, no other create of this key may pass its check
    const reserved = forbidsOverwrite(ctx);
    if (reserved) entry.creating.add(key);
    try {
      obj = await upload.commit(ctx.bucket!, key, headers);
    } finally {
      if (reserved) entry.creating.delete(key);
    }
  } catch (err) {
    await upload.abort();
    throw err;
  }
  send(ctx, 200, '', { ETag: obj.etag, 'Content-MD5': obj.contentMd5, 'x-oss-hash-crc64ecma': obj.crc64 });
}

function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((e) => {
    const t = e.trim();
    return t === '*' || t.replace(/^W\//, '').replace(/"/g, '').toUpperCase() === etag.replace(/"/g, '');
  });
}

/** OSS compares HTTP dates at second precision. */
function modifiedSince(obj: StoredObject, date: string): boolean | undefined {
  const t = Date.parse(date);
  if (Number.isNaN(t)) return undefined;
  return Math.floor(obj.lastModified / 1000) * 1000 > t;
}

function preconditionFailed(name: string): OssEmulatorError {
  return new OssEmulatorError(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold.', '0026-00000005', { Condition: name });
}

/** If-Match / If-Unmodified-Since → 412; If-None-Match / If-Modified-Since → true (answer 304). */
function notModified(ctx: RequestContext, obj: StoredObject, prefix = ''): boolean {
  const ifMatch = header(ctx, `${prefix}if-match`);
  if (ifMatch !== undefined && !etagMatches(ifMatch, obj.etag)) throw preconditionFailed(`${prefix}If-Match`);
  const ifUnmodified = header(ctx, `${prefix}if-unmodified-since`);
  if (ifUnmodified !== undefined && modifiedSince(obj, ifUnmodified) === true) throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  const ifNone = header(ctx, `${prefix}if-none-match`);
  if (ifNone !== undefined) return etagMatches(ifNone, obj.etag);
  const ifModified = header(ctx, `${prefix}if-modified-since`);
  return ifModified !== undefined && modifiedSince(obj, ifModified) === false;
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'Content-Type',
  'response-content-language': 'Content-Language',
  'response-expires': 'Expires',
  'response-cache-control': 'Cache-Control',
  'response-content-disposition': 'Content-Disposition',
  'response-content-encoding': 'Content-Encoding',
};

/** GetObject and HeadObject (the data-plane hook's beforeObject already ran in the router). */
export async function getObject(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const obj = entry.objects.get(ctx.key!);
  if (!obj) {
    const hook = ctx.core.hook.onMissing;
    if (hook) {
      const result = await hook(dataPlaneContext(ctx, entry));
      if (result?.handled) {
        if (result.errorCode) ctx.errorCode = result.errorCode;
        return;
      }
    }
    throw ossErrors.noSuchKey(ctx.key!);
  }
  const headers = objectResponseHeaders(obj);
  if (notModified(ctx, obj)) {
    send(ctx, 304, '', { ETag: obj.etag, 'Last-Modified': headers['Last-Modified']! });
    return;
  }
  for (const [q, h] of Object.entries(RESPONSE_OVERRIDES)) {
    const v = ctx.query.get(q);
    if (v !== undefined) headers[h] = v;
  }
  const range = parseRange(header(ctx, 'range'), obj.size, header(ctx, 'x-oss-range-behavior') === 'standard');
  if (range) {
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${obj.size}`;
    sendStream(ctx, 206, headers, ctx.core.store.openBody(obj, range.start, range.end), range.end - range.start + 1);
    return;
  }
  sendStream(ctx, 200, headers, ctx.core.store.openBody(obj), obj.size);
}

export async function deleteObject(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  ctx.core.store.deleteObject(entry, ctx.key!);
  send(ctx, 204);
}

export async function deleteMultipleObjects(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  if (header(ctx, 'content-md5') === undefined) {
    throw ossErrors.invalidArgument('Content-MD5 is required for DeleteMultipleObjects.', 'Content-MD5', undefined, '0016-00000701');
  }
  const body = (await readSmallBody(ctx, 2 * 1024 * 1024)).toString('utf8');
  let request;
  try {
    request = deleteRequestFromXml(body);
  } catch (err) {
    throw codecToOss(err);
  }
  if (request.objects.length === 0 || request.objects.length > MAX_DELETE_KEYS) throw ossErrors.malformedXml(`between 1 and ${MAX_DELETE_KEYS} keys per request`);
  const url = ctx.query.get('encoding-type') === 'url';
  let xml = `${XML_DECLARATION}<DeleteResult>`;
  if (url) xml += '<EncodingType>url</EncodingType>';
  for (const o of request.objects) {
    ctx.core.store.deleteObject(entry, o.key);
    if (!request.quiet) xml += `<Deleted><Key>${xmlEscape(url ? encodeURIComponent(o.key) : o.key)}</Key></Deleted>`;
  }
  sendXml(ctx, 200, `${xml}</DeleteResult>`);
}

export async function copyObject(ctx: RequestContext): Promise<void> {
  const entry = requireBucket(ctx);
  const key = ctx.key!;
  checkKey(key);
  const source = (header(ctx, 'x-oss-copy-source') ?? '').split('?')[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(source);
  } catch {
    throw ossErrors.invalidArgument('x-oss-copy-source is not valid.', 'x-oss-copy-source', source, '0017-00000801');
  }
  const m = /^\/?([^/]+)\/(.+)$/.exec(decoded);
  if (!m) throw ossErrors.invalidArgument('x-oss-copy-source must be /bucket/key.', 'x-oss-copy-source', source, '0017-00000801');
  const srcEntry = ctx.core.store.bucket(m[1]!);
  if (!srcEntry) throw ossErrors.noSuchBucket(m[1]!);
  const src = srcEntry.objects.get(m[2]!);
  if (!src) throw ossErrors.noSuchKey(m[2]!);
  if (notModified(ctx, src, 'x-oss-copy-source-')) throw preconditionFailed('x-oss-copy-source-If-None-Match');
  checkForbidOverwrite(ctx, entry, key);
  const directive = header(ctx, 'x-oss-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw ossErrors.invalidArgument('x-oss-metadata-directive must be COPY or REPLACE.', 'x-oss-metadata-directive', directive, '0017-00000802');
  }
  const headers =
    directive === 'REPLACE' ? objectHeadersFrom(ctx.req.headers) : { contentType: src.contentType, userMeta: src.userMeta, headers: src.headers };
  await readSmallBody(ctx);
  const body = await ctx.core.store.readBody(src);
  const obj = ctx.core.store.putObjectSync(ctx.bucket!, key, body, headers);
  sendXml(ctx, 200, `${XML_DECLARATION}<CopyObjectResult><ETag>${xmlEscape(obj.etag)}</ETag><LastModified>${isoTime(obj.lastModified)}</LastModified></CopyObjectResult>`, {
    ETag: obj.etag,
    'x-oss-hash-crc64ecma': obj.crc64,
  });
}
