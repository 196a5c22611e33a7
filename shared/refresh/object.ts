// One copy: ask the origin, judge by evidence, confirm candidates, then refresh (or only report).
// Whatever fails, the copy stays as it is; the manifest records only copies judged equal to their origin.
import { redactUrl } from '../net/index.ts';
import type { ReportItem } from '../report/model.ts';
import { copyMd5, entryFor, judge, originFactsOf, type CopyFacts, type Verdict } from './evidence.ts';
import type { ManifestEntry } from './manifest.ts';
import { getOrigin, probeFailover, type OriginIo, type OriginTarget } from './origin.ts';
import { refetch, RefetchError, verifiedDelete, type OssIo } from './replace.ts';
import type { RefreshCounters, Strategy } from './types.ts';
import { tempKeyFor } from './keys.ts';
import { codeOf } from '../errors/codes.ts';

export interface ObjectContext {
  bucket: string;
  strategy: Strategy;
  dryRun: boolean;
  origin: OriginIo;
  oss: OssIo;
  counters: RefreshCounters;
  item(item: Omit<ReportItem, 'bucket'>): void;
  caps: { maxObjects: number; maxBytes: number; confirmMaxBytes: number; maxObjectBytes: number };
  /** Writes and bytes reserved so far (caps are checked before a write starts). */
  reserved: { objects: number; bytes: number };
  tempPrefix: string;
  runId: string;
  refetchBudgetMs: number;
  /** ms until the run's deadline (a refetch never runs past it). */
  timeLeft(): number;
}

const MIN_REFETCH_BUDGET_MS = 1_000;

const entryOf = (copy: CopyFacts, headers: Record<string, string | string[] | undefined>): ManifestEntry => {
  const f = originFactsOf(headers);
  return { key: copy.key, size: copy.size, ...(copy.etag ? { copyEtag: copy.etag } : {}), ...(f.etag ? { originEtag: f.etag } : {}), ...(f.lastModified ? { originLastModified: f.lastModified } : {}) };
};


/** Handles one listed copy; returns the manifest entry to record when the copy equals its origin. */
export async function refreshObject(ctx: ObjectContext, copy: CopyFacts, rule: OriginTarget, seen: ManifestEntry | undefined): Promise<ManifestEntry | undefined> {
  const c = ctx.counters;
  const valid = entryFor(copy, seen);
  let verdict: Verdict;
  // the origin OSS's mirror would fetch from now (failover order): the copy is judged against it and refetched from it
  const probed = await probeFailover(ctx.origin, rule, valid);
  const target = probed.target;
  if ('error' in probed) {
    const err = probed.error;
    c.failed += 1;
    ctx.item({ target: copy.key, code: 'ORIGIN_ERROR', status: 'fail', message: `origin HEAD (or its GET fallback) failed (${codeOf(err)}): ${(err as Error).message}; copy kept`, data: { url: target.url } });
    return undefined;
  }
  const head = probed.head;
  if (head.status === 304 && valid) {
    c.unchanged += 1;
    return valid;
  }
  if (head.status === 404 || head.status === 410) {
    c.gone += 1;
    ctx.item({ target: copy.key, code: 'ORIGIN_GONE', status: 'warn', message: `origin ${head.method} answered ${head.status}; copy kept`, data: { url: target.url } });
    return undefined;
  }
  if (head.status !== 200) {
    c.failed += 1;
    ctx.item({ target: copy.key, code: 'ORIGIN_ERROR', status: 'fail', message: `origin ${head.method} answered ${head.status}; copy kept`, data: { url: target.url, status: head.status } });
    return undefined;
  }
  verdict = judge(copy, originFactsOf(head.headers), valid);
  if (verdict.kind === 'unchanged') {
    c.unchanged += 1;
    return entryOf(copy, head.headers);
  }
  if (verdict.kind === 'candidate') {
    const confirmed = await confirm(ctx, copy, target, verdict.reason);
    if (confirmed === undefined) return undefined;
    if (confirmed.same) {
      c.unchanged += 1;
      return entryOf(copy, confirmed.headers);
    }
    verdict = { kind: 'stale', reason: 'CONTENT_DIFFERS' };
  }
  c.stale += 1;
  return act(ctx, copy, target, verdict.reason, head.headers);
}

/** Reads the origin body (capped) and compares its MD5 with the copy's. undefined: not decided (reported). */
async function confirm(ctx: ObjectContext, copy: CopyFacts, target: OriginTarget, reason: string): Promise<{ same: boolean; headers: Record<string, string | string[] | undefined> } | undefined> {
  const c = ctx.counters;
  const md5 = copyMd5(copy.etag);
  if (!md5) {
    c.skipped += 1;
    ctx.item({ target: copy.key, code: 'UNVERIFIABLE', status: 'warn', message: `origin may have changed (${reason}) but the copy's ETag is not an MD5 (multipart upload); left as it is` });
    return undefined;
  }
  if (copy.size > ctx.caps.confirmMaxBytes) {
    c.capped += 1;
    ctx.item({ target: copy.key, code: 'CONFIRM_CAPPED', status: 'warn', message: `origin may have changed (${reason}); ${copy.size} bytes is over the confirmation cap of ${ctx.caps.confirmMaxBytes}` });
    return undefined;
  }
  c.confirmed += 1;
  try {
    const res = await getOrigin(ctx.origin, target, { maxBytes: ctx.caps.confirmMaxBytes, crc64: false });
    if (res.status !== 200) {
      await res.dump();
      if (res.status === 404 || res.status === 410) c.gone += 1;
      else c.failed += 1;
      ctx.item({ target: copy.key, code: res.status === 404 || res.status === 410 ? 'ORIGIN_GONE' : 'ORIGIN_ERROR', status: res.status === 404 || res.status === 410 ? 'warn' : 'fail', message: `origin GET answered ${res.status}; copy kept` });
      return undefined;
    }
    for await (const _ of res.body) { /* hashed by the meter */ }
    const d = res.body.digests();
    const sent = originFactsOf(res.headers).contentMd5?.trim();
    if (sent !== undefined && sent !== d.md5Base64) {
      c.failed += 1;
      ctx.item({ target: copy.key, code: 'ORIGIN_ERROR', status: 'fail', message: 'origin body does not match its Content-MD5; copy kept' });
      return undefined;
    }
    return { same: d.md5Hex === md5 && d.bytes === copy.size, headers: res.headers };
  } catch (err) {
    c.failed += 1;
    ctx.item({ target: copy.key, code: 'ORIGIN_ERROR', status: 'fail', message: `origin GET failed (${codeOf(err)}): ${(err as Error).message}; copy kept` });
    return undefined;
  }
}

/** `probe`: the origin answer that judged the copy stale; its size is reserved against the byte cap and the refetch must agree with it. */
async function act(ctx: ObjectContext, copy: CopyFacts, target: OriginTarget, reason: string, probe: Record<string, string | string[] | undefined>): Promise<ManifestEntry | undefined> {
  const c = ctx.counters;
  const expectedBytes = originFactsOf(probe).contentLength ?? copy.size;
  if (ctx.dryRun) {
    ctx.item({ target: copy.key, code: 'STALE', status: 'warn', message: `copy is stale (${reason}); dry run, nothing changed`, data: { reason } });
    return undefined;
  }
  if (ctx.reserved.objects >= ctx.caps.maxObjects || ctx.reserved.bytes + expectedBytes > ctx.caps.maxBytes) {
    c.capped += 1;
    ctx.item({ target: copy.key, code: 'CAPPED', status: 'warn', message: `copy is stale (${reason}); not refreshed: the run's object or byte cap is reached`, data: { reason } });
    return undefined;
  }
  ctx.reserved.objects += 1;
  ctx.reserved.bytes += expectedBytes;
  const budgetMs = Math.max(MIN_REFETCH_BUDGET_MS, Math.min(ctx.refetchBudgetMs, ctx.timeLeft()));
  if (ctx.strategy === 'delete') {
    try {
      const out = await verifiedDelete(ctx.oss, ctx.origin, {
        bucket: ctx.bucket, key: copy.key, ...(copy.etag ? { copyEtag: copy.etag } : {}), target, probe, maxObjectBytes: ctx.caps.maxObjectBytes, budgetMs,
      });
      if (out.kind === 'gone') {
        c.gone += 1;
        ctx.item({ target: copy.key, code: 'ORIGIN_GONE', status: 'warn', message: `origin answered ${out.status} on the GET before delete; copy kept` });
        return undefined;
      }
      if (out.kind === 'identical') {
        c.stale -= 1;
        c.unchanged += 1;
        return entryOf(copy, out.origin.headers);
      }
      if (out.kind === 'notStored') {
        c.skipped += 1;
        ctx.item({
          target: copy.key, code: 'MIRROR_WOULD_NOT_STORE', status: 'warn',
          message: `copy is stale (${reason}) but not deleted: the origin's body does not match its Content-MD5 and the Mirror rule has MirrorCheckMd5, so OSS would serve that body without storing it and every later GET would go back to the origin; copy kept`,
          data: { reason, contentMd5: out.contentMd5, bodyMd5: out.md5Base64, bytes: out.bytes, url: redactUrl(target.url) },
        });
        return undefined;
      }
      c.deleted += 1;
      ctx.item({ target: copy.key, code: 'STALE_DELETED', status: 'ok', message: `copy was stale (${reason}); the origin's ${out.bytes} bytes verified, copy deleted: the next GET mirrors it again`, data: { reason, bytes: out.bytes, md5: out.md5 } });
    } catch (err) {
      refetchFailed(ctx, copy, target, reason, err);
    }
    return undefined;
  }
  try {
    const out = await refetch(ctx.oss, ctx.origin, {
      bucket: ctx.bucket, key: copy.key, ...(copy.etag ? { copyEtag: copy.etag } : {}), tempKey: tempKeyFor(ctx.tempPrefix, ctx.runId, copy.key),
      target, probe, maxObjectBytes: ctx.caps.maxObjectBytes, onTempLeft: (tempKey, err) => {
        c.tempLeft += 1;
        ctx.item({ target: copy.key, code: 'TEMP_LEFT', status: 'warn', message: `temporary object ${tempKey} may be left (${codeOf(err)}); a later run removes it`, data: { tempKey } });
      }, budgetMs,
    });
    if (out.kind === 'gone') {
      c.gone += 1;
      ctx.item({ target: copy.key, code: 'ORIGIN_GONE', status: 'warn', message: `origin answered ${out.status} on refetch; copy kept` });
      return undefined;
    }
    if (out.kind === 'identical') {
      c.stale -= 1;
      c.unchanged += 1;
      return entryOf(copy, out.origin.headers);
    }
    c.refreshed += 1;
    c.bytesMoved += out.bytes;
    ctx.item({ target: copy.key, code: 'STALE_REFRESHED', status: 'ok', message: `copy was stale (${reason}); replaced with the origin's ${out.bytes} bytes (MD5 and CRC-64 verified)`, data: { reason, bytes: out.bytes, md5: out.md5 } });
    const f = originFactsOf(out.origin.headers);
    return { key: copy.key, size: out.bytes, copyEtag: out.md5.toUpperCase(), ...(f.etag ? { originEtag: f.etag } : {}), ...(f.lastModified ? { originLastModified: f.lastModified } : {}) };
  } catch (err) {
    refetchFailed(ctx, copy, target, reason, err);
    return undefined;
  }
}

/** Counts and reports a refetch that did not replace the copy. */
function refetchFailed(ctx: ObjectContext, copy: CopyFacts, target: OriginTarget, reason: string, err: unknown): void {
  const c = ctx.counters;
  const code = err instanceof RefetchError ? err.code : undefined;
  if (code === 'COPY_CHANGED') {
    c.skipped += 1;
    ctx.item({ target: copy.key, code: 'COPY_CHANGED', status: 'warn', message: `copy was stale (${reason}); not refreshed: ${(err as Error).message}`, data: { reason } });
  } else if (code === 'ORIGIN_CONTRADICTS') {
    c.refused += 1;
    ctx.item({ target: copy.key, code: 'ORIGIN_CONTRADICTS', status: 'fail', message: (err as Error).message, data: { reason, disagreement: (err as RefetchError).reason, url: redactUrl(target.url) } });
  } else {
    c.failed += 1;
    // only an unknown CopyObject outcome may have changed the key (to the verified body, never anything else)
    const kept = code === 'COPY_OUTCOME_UNKNOWN' || code === 'DELETE_FAILED' ? '' : '; copy kept';
    const what = ctx.strategy === 'delete' ? 'verified delete' : 'refetch';
    ctx.item({ target: copy.key, code: 'REFRESH_FAILED', status: 'fail', message: `${what} failed (${codeOf(err)}): ${(err as Error).message}${kept}` });
  }
}
