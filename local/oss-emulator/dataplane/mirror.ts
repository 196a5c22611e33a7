import { createHash } from 'node:crypto';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RoutingRule } from '../../../shared/oss/models/website.ts';
import { checkContentMd5, mirroredLastModified, storesMirroredCopy } from '../../../shared/mirror/index.ts';
import type { DataPlaneContext } from '../dataplane-hook.ts';
import { OssEmulatorError, ossErrors } from '../errors.ts';
import type { ObjectHeaders } from '../store.ts';
import { MIRROR_FETCH_ASSUMPTIONS } from './assumptions.ts';
import { fetchFromOrigins, type OriginAnswer, type OriginFetchOptions } from './origin-fetch.ts';
import { answer } from './respond.ts';

/** EC for MirrorFailed: no documented value found, a stable stand-in (see local/oss-emulator/README.md, Data plane assumptions). */
export const MIRROR_FAILED_EC = '0000-00000424';

function mirrorFailed(detail: string): OssEmulatorError {
  return new OssEmulatorError(424, 'MirrorFailed', `Mirror back-to-origin failed: ${detail}`, MIRROR_FAILED_EC);
}

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

/**
 * Mirroring-based back-to-origin for a missing key: fetch, then stream the origin body to the client
 * while storing it under the requested key (stored only after the whole body arrived and, with
 * MirrorCheckMd5, its MD5 equals the origin's Content-MD5). Throws OSS errors before any byte is sent.
 */
export async function mirrorObject(ctx: DataPlaneContext, rule: RoutingRule, opts: OriginFetchOptions): Promise<void> {
  const outcome = await fetchFromOrigins(rule, { key: ctx.key, rawQuery: rawQueryOf(ctx), headers: ctx.headers }, opts);
  if (outcome.kind === 'not-found') throw ossErrors.noSuchKey(ctx.key);
  if (outcome.kind === 'failure') throw mirrorFailed(outcome.attempts.map((a) => a.reason).join('; ') || 'no origin');
  if (outcome.kind === 'return-redirect') {
    answer(ctx, outcome.status, { location: outcome.location });
    return;
  }
  const origin = outcome.answer;
  const storedAt = ctx.now();
  const meta = copyHeaders(rule, origin, storedAt);
  const upload = await ctx.store.beginUpload();
  const md5 = createHash('md5');
  const originMd5 = one(origin.headers['content-md5']);
  const store = new Transform({
    transform(chunk: Buffer, _enc, done) {
      md5.update(chunk);
      upload.write(chunk).then(() => done(null, chunk), done);
    },
    flush(done) {
      const check = checkContentMd5(originMd5, md5.digest('base64'));
      const keep = storesMirroredCopy(rule.redirect, check);
      (keep ? upload.commit(ctx.bucket, ctx.key, meta).then(() => undefined) : upload.abort()).then(() => done(), done);
    },
  });
  const headers: Record<string, string> = {
    ...ctx.responseHeaders,
    'content-type': meta.contentType,
    'last-modified': new Date(meta.lastModified ?? storedAt).toUTCString(),
    ...meta.headers,
    ...meta.userMeta,
  };
  const length = one(origin.headers['content-length']);
  if (length !== undefined) headers['content-length'] = length;
  if (originMd5 !== undefined) headers['content-md5'] = originMd5;
  const sink = ctx.method === 'HEAD' ? drainSink() : ctx.res;
  if (ctx.method !== 'HEAD') ctx.res.writeHead(200, headers);
  try {
    await pipeline(origin.body, store, sink);
  } catch {
    await upload.abort().catch(() => undefined);
    if (ctx.method === 'HEAD') throw mirrorFailed('origin body failed');
    ctx.res.destroy();
    return;
  }
  if (ctx.method === 'HEAD') {
    ctx.res.writeHead(200, headers);
    ctx.res.end();
  }
}

function drainSink(): Writable {
  return new Writable({ write: (_c, _e, done) => done() });
}
