// Staleness by evidence, in this order (README "refresh-stale-objects"):
//   (1) origin Content-Length ≠ copy size                                  → stale
//   (2) origin Content-MD5, or an ETag that is a plain MD5, ≠ the copy's MD5 → stale (equal → unchanged)
//   (3) origin Last-Modified later than the copy's stored time, or origin validators (ETag, Last-Modified,
//       size) changed since the manifest saw them                          → candidate, confirmed by body MD5
// Last-Modified alone never makes a copy stale.
import type { ManifestEntry } from './manifest.ts';

export interface CopyFacts {
  key: string;
  size: number;
  /** OSS ETag without quotes. */
  etag?: string;
  lastModified?: Date;
}

export interface OriginFacts {
  contentLength?: number;
  contentMd5?: string;
  etag?: string;
  lastModified?: string;
}

export type Verdict =
  | { kind: 'unchanged'; reason: 'MD5_EQUAL' | 'VALIDATORS_SAME' | 'NOT_NEWER' | 'NOT_MODIFIED' }
  | { kind: 'stale'; reason: 'SIZE_DIFFERS' | 'MD5_DIFFERS' | 'CONTENT_DIFFERS' }
  | { kind: 'candidate'; reason: 'ORIGIN_NEWER' | 'VALIDATORS_CHANGED' | 'NO_VALIDATORS' };

const HEX_MD5 = /^[0-9a-f]{32}$/i;
const B64_MD5 = /^[A-Za-z0-9+/]{22}==$/;

/** The MD5 (lower-case hex) of a copy from its OSS ETag: only a simple upload's ETag is one (multipart has "-N"). */
export function copyMd5(etag: string | undefined): string | undefined {
  if (!etag) return undefined;
  const e = etag.replace(/^"|"$/g, '');
  return HEX_MD5.test(e) ? e.toLowerCase() : undefined;
}

/** The origin's MD5 (hex): Content-MD5 (base64) first, else an ETag that is a plain (strong) MD5. */
export function originMd5(facts: OriginFacts): string | undefined {
  const cm = facts.contentMd5?.trim();
  if (cm && B64_MD5.test(cm)) return Buffer.from(cm, 'base64').toString('hex');
  const et = facts.etag?.trim();
  if (!et || et.startsWith('W/')) return undefined;
  const bare = et.replace(/^"|"$/g, '');
  return HEX_MD5.test(bare) ? bare.toLowerCase() : undefined;
}

/** A manifest entry applies only while the copy is the one it was written for. */
export function entryFor(copy: CopyFacts, entry: ManifestEntry | undefined): ManifestEntry | undefined {
  return entry && entry.key === copy.key && entry.copyEtag?.toLowerCase() === copy.etag?.toLowerCase() && entry.size === copy.size ? entry : undefined;
}

/** Judges a HEAD 200 of the origin against the copy (and what the manifest last recorded). */
export function judge(copy: CopyFacts, origin: OriginFacts, entry: ManifestEntry | undefined): Verdict {
  if (origin.contentLength !== undefined && origin.contentLength !== copy.size) return { kind: 'stale', reason: 'SIZE_DIFFERS' };
  const om = originMd5(origin);
  const cm = copyMd5(copy.etag);
  if (om && cm) return om === cm ? { kind: 'unchanged', reason: 'MD5_EQUAL' } : { kind: 'stale', reason: 'MD5_DIFFERS' };
  const seen = entryFor(copy, entry);
  if (seen) {
    const same = seen.originEtag === origin.etag && seen.originLastModified === origin.lastModified;
    return same ? { kind: 'unchanged', reason: 'VALIDATORS_SAME' } : { kind: 'candidate', reason: 'VALIDATORS_CHANGED' };
  }
  if (origin.lastModified === undefined && origin.etag === undefined) return { kind: 'candidate', reason: 'NO_VALIDATORS' };
  const lm = origin.lastModified === undefined ? NaN : Date.parse(origin.lastModified);
  if (!Number.isNaN(lm) && copy.lastModified && lm > copy.lastModified.getTime()) return { kind: 'candidate', reason: 'ORIGIN_NEWER' };
  return { kind: 'unchanged', reason: 'NOT_NEWER' };
}

/** Origin facts from response headers (first value of a repeated header). */
export function originFactsOf(headers: Record<string, string | string[] | undefined>): OriginFacts {
  const one = (name: string): string | undefined => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const len = one('content-length');
  const out: OriginFacts = {};
  if (len !== undefined && /^\d+$/.test(len)) out.contentLength = Number(len);
  const md5 = one('content-md5');
  if (md5) out.contentMd5 = md5;
  const etag = one('etag');
  if (etag) out.etag = etag;
  const lm = one('last-modified');
  if (lm) out.lastModified = lm;
  return out;
}
