import type { PathSegments } from '../path.ts';
import type { IssueCollector, Obj } from './collector.ts';

/** Characters that look like regular-expression syntax; OSS knows only `*` and `?` (spec/oss-api.md §3.3). */
const REGEX_CHARS = /[\\^$|()[\]{}+]/;
const SCHEME = /^(https?:\/\/|[*?])/i;

/** Referer wildcard syntax and the conflicts a schema cannot see. */
export function checkReferer(referer: Obj, at: PathSegments, out: IssueCollector): void {
  const white = checkList(referer.refererList, [...at, 'refererList'], out);
  const black = checkList(referer.refererBlacklist, [...at, 'refererBlacklist'], out);
  const whiteSet = new Set(white);
  black.forEach((entry, i) => {
    if (whiteSet.has(entry)) {
      out.warn([...at, 'refererBlacklist', i], 'CONFIG_CONFLICT', `"${entry}" is in both lists; the blacklist wins`);
    }
  });
  if (referer.truncatePath === true && referer.allowTruncateQueryString === false) {
    out.warn([...at, 'truncatePath'], 'CONFIG_CONFLICT', 'truncatePath presumably needs allowTruncateQueryString: true');
  }
  if (referer.allowEmptyReferer === false && Array.isArray(referer.refererList) && referer.refererList.length === 0) {
    out.warn([...at, 'allowEmptyReferer'], 'CONFIG_NO_EFFECT', 'OSS still allows an empty Referer while the whitelist is empty');
  }
}

function checkList(list: unknown, at: PathSegments, out: IssueCollector): string[] {
  if (!Array.isArray(list)) return [];
  const seen = new Set<string>();
  const entries: string[] = [];
  list.forEach((entry, i) => {
    if (typeof entry !== 'string' || entry === '') return;
    entries.push(entry);
    if (/\s/.test(entry)) out.error([...at, i], 'CONFIG_REFERER_SYNTAX', 'must not contain spaces');
    const bad = REGEX_CHARS.exec(entry);
    if (bad) {
      out.error([...at, i], 'CONFIG_REFERER_SYNTAX', `"${bad[0]}" is not a wildcard: OSS matches Referers with * (any characters) and ? (one character) only`);
    }
    if (!SCHEME.test(entry)) {
      out.warn([...at, i], 'CONFIG_REFERER_SCHEME', 'has no scheme: browsers send http:// or https:// Referers, so write the scheme or start with *');
    }
    if (seen.has(entry)) out.warn([...at, i], 'CONFIG_DUPLICATE', `"${entry}" is listed twice`);
    seen.add(entry);
  });
  return entries;
}
