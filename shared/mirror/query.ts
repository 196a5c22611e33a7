import { MIRROR_ASSUMPTIONS } from './assumptions.ts';

/**
 * The query string passed on (without "?"), or '' when none: parameters keep their raw encoding and
 * order; OSS authentication parameters of presigned URLs are dropped.
 */
export function passedQueryString(rawQuery: string | undefined): string {
  if (!rawQuery) return '';
  const q = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  const strip = new Set(MIRROR_ASSUMPTIONS.stripOssAuthQuery);
  return q
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const name = part.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return !strip.has(decoded.toLowerCase());
    })
    .join('&');
}

/** Appends a non-empty query to a URL. */
export function withQuery(url: string, query: string): string {
  if (query === '') return url;
  return url + (url.includes('?') ? '&' : '?') + query;
}
