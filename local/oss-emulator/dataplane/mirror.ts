import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { checkContentMd5, mirroredLastModified, storesMirroredCopy, type Md5Check } from '../../../shared/mirror/index.ts';
import type { DataPlaneContext } from '../dataplane-hook.ts';
import { ossErrors } from '../errors.ts';
import type { StoredObject } from '../types.ts';
import type { ObjectHeaders, Upload } from '../store.ts';
import { MIRROR_FETCH_ASSUMPTIONS } from './assumptions.ts';
import { fetchFromOrigins, type OriginAnswer, type OriginFetchOptions } from './origin-fetch.ts';
import { mirrorFailed, mirrorFailedAfter } from './mirror-errors.ts';
import { roleSigner, type MirrorRoleStore } from './mirror-role.ts';
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

/** Where MirrorUsingRole finds its keys: the emulator's role store and region (for path-style OSS origins). */
export interface RoleContext {
  roles?: MirrorRoleStore;
  region?: string;
}

/** A TransparentMirrorResponseCodes answer: the origin's status and body as they are, nothing stored. */
async function passThrough(ctx: DataPlaneContext, origin: OriginAnswer): Promise<void> {
  const headers: Record<string, string> = { ...ctx.responseHeaders };
  for (const name of ['content-type', 'content-length']) {
    const v = one(origin.headers[name]);
    if (v !== undefined) headers[name] = v;
  }
  ctx.res.writeHead(origin.status, headers);
  if (ctx.method === 'HEAD') {
    origin.body.resume();
    ctx.res.end();
    return;
  }
  await pipeline(origin.body, ctx.res).catch(() => ctx.res.destroy());
}

/** Response headers of a mirrored answer that is streamed (or was not stored), from the origin's. */
function streamedHeaders(ctx: DataPlaneContext, meta: ObjectHeaders, origin: OriginAnswer): Record<string, string> {
  const headers: Record<string, string> = {
    ...ctx.responseHeaders,
    'content-type': meta.contentType,
    'last-modified': new Date(meta.lastModified ?? ctx.now()).toUTCString(),
    ...meta.headers,
    ...meta.userMeta,
  };
  const length = one(origin.headers['content-length']);
  if (length !== undefined) headers['content-length'] = length;
  const md5 = one(origin.headers['content-md5']);
  if (md5 !== undefined) headers['content-md5'] = md5;
  return headers;
}

/**
 * Mirroring-based back-to-origin for a missing key. Throws OSS errors before any byte is sent: 404
 * NoSuchKey when the origin has no such object, 424 MirrorFailed when the origins failed. A 200 is
 * streamed to the client while it is stored; with MirrorCheckMd5 a Content-MD5 mismatch is known only
 * at the end, so the client has the body and the copy is dropped (MIRROR_FETCH_ASSUMPTIONS). A mirrored
 * HEAD reads the whole body first (it has no body to stream).
 */
export async function mirrorObject(ctx: DataPlaneContext, rule: RoutingRule, opts: OriginFetchOptions, role: RoleContext = {}): Promise<void> {
  const sign = roleSigner(rule.redirect, role.roles, role.region ?? 'cn-hangzhou', ctx.now);
  if (sign === 'missing') throw mirrorFailed('noRole');
  const fetchOpts = sign ? { ...opts, sign } : opts;
  const outcome = await fetchFromOrigins(rule, { key: ctx.key, rawQuery: rawQueryOf(ctx), headers: ctx.headers }, fetchOpts);
  if (outcome.kind === 'not-found') throw ossErrors.noSuchKey(ctx.key);
  if (outcome.kind === 'failure') throw mirrorFailedAfter(outcome.attempts);
  if (outcome.kind === 'transparent') return passThrough(ctx, outcome.answer);
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
  if (ctx.method === 'HEAD') {
    try {
      await pipeline(origin.body, store, new Writable({ write: (_c, _e, done) => done() }));
    } catch {
      await upload.abort().catch(() => undefined);
      throw mirrorFailed('shortBody');
    }
    if (result.stored) serveObject(ctx, result.stored);
    else answer(ctx, 200, streamedHeaders(ctx, meta, origin));
    return;
  }
  ctx.res.writeHead(200, streamedHeaders(ctx, meta, origin));
  try {
    await pipeline(origin.body, store, ctx.res);
  } catch {
    await upload.abort().catch(() => undefined);
    ctx.res.destroy();
  }
}
