import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { checkContentMd5, checksMd5, mirroredLastModified, storesMirroredCopy, type Md5Check } from '../../../shared/mirror/index.ts';
import type { DataPlaneContext } from '../dataplane-hook.ts';
import { ossErrors } from '../errors.ts';
import type { StoredObject } from '../types.ts';
import type { ObjectHeaders, Upload } from '../store.ts';
import { MIRROR_FETCH_ASSUMPTIONS } from './assumptions.ts';
import { fetchFromOrigins, type OriginAnswer, type OriginFetchOptions } from './origin-fetch.ts';
import { mirrorFailed, mirrorFailedAfter } from './mirror-errors.ts';
import { answer, serveObject } from './respond.ts';

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** What is stored with the copy: content type, kept standard headers, x-oss-meta-* with MirrorSaveOssMeta. */
function copyHeaders(rule: RoutingRule, origin: OriginAnswer, storedAt: number): ObjectHeaders {
  const headers: Record<string, string> = {};
  for (const name of MIRROR_FETCH_ASSUMPTIONS.keptOriginHeaders) {
    const v = one(origin.headers[name]);
    if (v !== undefined && name !== 'content-type') headers[name] = v;
  }
  const userMeta: Record<string, string> = {};
  if (rule.redirect.mirrorSaveOssMeta) {
    for (const [k, v] of Object.entries(origin.headers)) if (k.startsWith('x-oss-meta-') && v !== undefined) userMeta[k] = one(v) as string;
  }
  const lastModified = mirroredLastModified(rule.redirect, one(origin.headers['last-modified']), new Date(storedAt)).getTime();
  return { contentType: one(origin.headers['content-type']) ?? 'application/octet-stream', userMeta, headers, lastModified };
}

function rawQueryOf(ctx: DataPlaneContext): string {
  const url = ctx.req.url ?? '';
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}

/** Outcome of reading the origin body into the store. */
interface CopyResult {
  md5: Md5Check;
  stored?: StoredObject;
}

/** A transform that passes the body through while writing it to a store upload; commits or aborts at the end. */
function storingTransform(ctx: DataPlaneContext, rule: RoutingRule, meta: ObjectHeaders, originMd5: string | undefined, upload: Upload, result: CopyResult): Transform {
  const md5 = createHash('md5');
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      md5.update(chunk);
      upload.write(chunk).then(() => done(null, chunk), done);
    },
    flush(done) {
      result.md5 = checkContentMd5(originMd5, md5.digest('base64'));
      if (!storesMirroredCopy(rule.redirect, result.md5)) {
        upload.abort().then(() => done(), done);
        return;
      }
      upload.commit(ctx.bucket, ctx.key, meta).then((obj) => {
        result.stored = obj;
        done();
      }, done);
    },
  });
}

/**
 * Mirroring-based back-to-origin for a missing key. Throws OSS errors before any byte is sent: 404
 * NoSuchKey when the origin has no such object, 424 MirrorFailed when every origin failed. A 200 is
 * streamed to the client while it is stored; when the origin's Content-MD5 must be checked
 * (MirrorCheckMd5) or the request is a HEAD, the whole body is read and verified first, so a
 * mismatch answers 424 (MIRROR_FETCH_ASSUMPTIONS.verifyBeforeAnswer).
 */
export async function mirrorObject(ctx: DataPlaneContext, rule: RoutingRule, opts: OriginFetchOptions): Promise<void> {
  const outcome = await fetchFromOrigins(rule, { key: ctx.key, rawQuery: rawQueryOf(ctx), headers: ctx.headers }, opts);
  if (outcome.kind === 'not-found') throw ossErrors.noSuchKey(ctx.key);
  if (outcome.kind === 'failure') throw mirrorFailedAfter(outcome.attempts);
  if (outcome.kind === 'return-redirect') {
    answer(ctx, outcome.status, { location: outcome.location });
    return;
  }
  const origin = outcome.answer;
  const meta = copyHeaders(rule, origin, ctx.now());
  const originMd5 = one(origin.headers['content-md5']);
  const upload = await ctx.store.beginUpload();
  const result: CopyResult = { md5: 'absent' };
  const store = storingTransform(ctx, rule, meta, originMd5, upload, result);
  const verifyFirst = ctx.method === 'HEAD' || (checksMd5(rule.redirect) && originMd5 !== undefined && MIRROR_FETCH_ASSUMPTIONS.verifyBeforeAnswer);
  if (verifyFirst) {
    try {
      await pipeline(origin.body, store, new Writable({ write: (_c, _e, done) => done() }));
    } catch {
      await upload.abort().catch(() => undefined);
      throw mirrorFailed('shortBody');
    }
    if (!result.stored) throw mirrorFailed('md5Mismatch');
    serveObject(ctx, result.stored);
    return;
  }
  const headers: Record<string, string> = {
    ...ctx.responseHeaders,
    'content-type': meta.contentType,
    'last-modified': new Date(meta.lastModified ?? ctx.now()).toUTCString(),
    ...meta.headers,
    ...meta.userMeta,
  };
  const length = one(origin.headers['content-length']);
  if (length !== undefined) headers['content-length'] = length;
  if (originMd5 !== undefined) headers['content-md5'] = originMd5;
  ctx.res.writeHead(200, headers);
  try {
    await pipeline(origin.body, store, ctx.res);
  } catch {
    await upload.abort().catch(() => undefined);
    ctx.res.destroy();
  }
}
