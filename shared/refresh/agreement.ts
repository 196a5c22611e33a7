// A refetched body must agree with the evidence that made the copy stale: the origin's HEAD (or ranged-GET)
// answer. An origin that answers HEAD with the real object's facts and GET with something else (an error
// page sent as 200, a truncated or swapped body) must never replace a copy. Rules (README
// "refresh-stale-objects", evidence rules):
//   SIZE          the GET's Content-Length, or the bytes read, differ from the HEAD's size
//   ETAG          the GET's ETag differs from the HEAD's (another representation than the one judged)
//   MD5           the body's MD5 differs from the HEAD's Content-MD5 / plain-MD5 ETag, or from the GET's own
//                 plain-MD5 strong ETag
//   CONTENT_TYPE  the GET's media type differs from the HEAD's
//   BECAME_HTML   the GET is HTML while neither the HEAD nor the copy said HTML
import type { BodyDigests } from '../net/index.ts';
import { originFactsOf, originMd5 } from './evidence.ts';

type Headers = Record<string, string | string[] | undefined>;

/** What the origin's HEAD said, plus the copy's media type. */
export interface Evidence {
  size?: number;
  /** Lower-case hex MD5 from Content-MD5 or a strong plain-MD5 ETag. */
  md5Hex?: string;
  etag?: string;
  /** Media type essence (`type/subtype`, lower case). */
  mediaType?: string;
  copyMediaType?: string;
}

export type DisagreementReason = 'SIZE' | 'ETAG' | 'MD5' | 'CONTENT_TYPE' | 'BECAME_HTML';

export interface Disagreement {
  reason: DisagreementReason;
  message: string;
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** `type/subtype` of a Content-Type, lower case, parameters dropped; undefined when absent or empty. */
export function mediaTypeOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const semi = value.indexOf(';');
  const essence = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

export function evidenceOf(probeHeaders: Headers, copyContentType: string | undefined): Evidence {
  const f = originFactsOf(probeHeaders);
  const md5Hex = originMd5(f);
  const mediaType = mediaTypeOf(one(probeHeaders['content-type']));
  const copyMediaType = mediaTypeOf(copyContentType);
  return {
    ...(f.contentLength !== undefined ? { size: f.contentLength } : {}),
    ...(md5Hex ? { md5Hex } : {}),
    ...(f.etag ? { etag: f.etag.trim() } : {}),
    ...(mediaType ? { mediaType } : {}),
    ...(copyMediaType ? { copyMediaType } : {}),
  };
}

/** Checks the GET's headers before any byte is read or written. */
export function headersDisagree(ev: Evidence, getHeaders: Headers): Disagreement | undefined {
  const f = originFactsOf(getHeaders);
  if (ev.size !== undefined && f.contentLength !== undefined && f.contentLength !== ev.size) {
    return { reason: 'SIZE', message: `GET announced ${f.contentLength} bytes, HEAD said ${ev.size}` };
  }
  if (ev.etag !== undefined && f.etag !== undefined && f.etag.trim() !== ev.etag) {
    return { reason: 'ETAG', message: `GET has ETag ${f.etag.trim()}, HEAD had ${ev.etag}` };
  }
  const got = mediaTypeOf(one(getHeaders['content-type']));
  if (ev.mediaType !== undefined && got !== ev.mediaType) {
    return { reason: 'CONTENT_TYPE', message: `GET is ${got ?? '(no Content-Type)'}, HEAD said ${ev.mediaType}` };
  }
  const wasHtml = (ev.mediaType !== undefined && HTML_TYPES.has(ev.mediaType)) || (ev.copyMediaType !== undefined && HTML_TYPES.has(ev.copyMediaType));
  if (got !== undefined && HTML_TYPES.has(got) && !wasHtml) {
    return { reason: 'BECAME_HTML', message: `GET is ${got} but the copy is ${ev.copyMediaType ?? '(no Content-Type)'} and HEAD did not say HTML` };
  }
  return undefined;
}

/** Checks the body read against the HEAD's facts and the GET's own plain-MD5 ETag. */
export function bodyDisagrees(ev: Evidence, getHeaders: Headers, d: BodyDigests): Disagreement | undefined {
  if (ev.size !== undefined && d.bytes !== ev.size) return { reason: 'SIZE', message: `GET sent ${d.bytes} bytes, HEAD said ${ev.size}` };
  if (ev.md5Hex !== undefined && d.md5Hex !== ev.md5Hex) return { reason: 'MD5', message: `body MD5 ${d.md5Hex}, HEAD said ${ev.md5Hex}` };
  const own = originMd5({ ...(one(getHeaders.etag) !== undefined ? { etag: one(getHeaders.etag)! } : {}) });
  if (own !== undefined && d.md5Hex !== own) return { reason: 'MD5', message: `body MD5 ${d.md5Hex} contradicts the GET's own ETag ${own}` };
  return undefined;
}
