// Key order and key-space names used by the scan, the manifest and fan-out.
import { createHash } from 'node:crypto';
import type { KeyRange } from './types.ts';

/** OSS lists keys in UTF-8 byte order, which is code point order (not JS's UTF-16 order). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** A short stable name of a range (manifest folder, checkpoint, lease). */
export function rangeId(range: KeyRange): string {
  const text = [range.bucket, range.prefix, range.startAt ?? '', range.endBefore ?? ''].join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** A name for a temporary key derived from the key it will replace. */
export function tempKeyFor(prefix: string, runId: string, key: string): string {
  return `${prefix}${runId}/${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
