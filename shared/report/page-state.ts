import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Each dashboard page carries the state it was rendered from (deflated JSON, base64, in one HTML comment
 * at its end), so the next publish reads the page it rewrites instead of re-reading run history: the
 * pages are their own manifest and a publish writes no extra object. Base64 cannot contain `--` or `>`.
 */
const MARK = '<!--ossedge-state:v1:';
const END = '-->';
/** A state larger than this (inflated) is refused, never truncated. */
export const MAX_STATE_BYTES = 16 * 1024 * 1024;

export function stateComment(state: unknown): string {
  return `${MARK}${deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64')}${END}\n`;
}

/** The state a page carries, or undefined when it carries none or an unreadable one (the caller rebuilds). */
export function readStateComment(page: string): unknown {
  const at = page.lastIndexOf(MARK);
  if (at < 0) return undefined;
  const end = page.indexOf(END, at + MARK.length);
  if (end < 0) return undefined;
  try {
    const json = inflateRawSync(Buffer.from(page.slice(at + MARK.length, end), 'base64'), { maxOutputLength: MAX_STATE_BYTES });
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
