/**
 * Object keys kept in OSS's listing order (UTF-8 byte order) in a chunked sorted array:
 * insert/delete cost O(log n + chunk) and a listing page seeks once, then walks, so listing
 * 1,000,000 keys never sorts the whole key set.
 *
 * Keys are stored encoded so that JS's native UTF-16 `<` gives UTF-8 order: UTF-16 and code point
 * order differ only for units >= U+D800 (surrogates sort below U+E000..U+FFFF in UTF-16, above them in
 * UTF-8), so those units are remapped (D800-DFFF → F800-FFFF, E000-FFFF → D800-F7FF). Keys without such
 * units (nearly all) are stored as they are.
 */

const HIGH_UNITS = /[\ud800-\uffff]/;

function remap(key: string, up: boolean): string {
  if (!HIGH_UNITS.test(key)) return key;
  let out = '';
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c >= 0xd800) {
      if (up) c = c >= 0xe000 ? c - 0x800 : c + 0x2000;
      else c = c >= 0xf800 ? c - 0x2000 : c + 0x800;
    }
    out += String.fromCharCode(c);
  }
  return out;
}

const encodeKey = (key: string): string => remap(key, true);
const decodeKey = (stored: string): string => remap(stored, false);

const MAX_CHUNK = 1024;

/** Compare as UTF-8 bytes (= code point order); JS `<` compares UTF-16 units, which differs for astral vs U+E000+. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  if (x >= 0xd800 && y >= 0xd800) {
    x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
  }
  return x - y;
}

/** A position in the index; `next()` walks forward in key order. */
export interface KeyCursor {
  next(): string | undefined;
  /** Move to the first key >= key (or > key when exclusive). */
  seek(key: string, exclusive: boolean): void;
}

export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Adds key; false when it was already there. */
  insert(rawKey: string): boolean {
    const key = encodeKey(rawKey);
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return true;
    }
    let ci = this.chunkFor(key);
    if (ci === this.chunks.length) ci--;
    const chunk = this.chunks[ci]!;
    const idx = lowerBound(chunk, key);
    if (idx < chunk.length && chunk[idx] === key) return false;
    if (idx === chunk.length) chunk.push(key);
    else chunk.splice(idx, 0, key);
    this.count++;
    if (chunk.length > MAX_CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(MAX_CHUNK >> 1));
    return true;
  }

  /** Removes key; false when it was not there. */
  delete(rawKey: string): boolean {
    const key = encodeKey(rawKey);
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci];
    if (!chunk) return false;
    const idx = lowerBound(chunk, key);
    if (chunk[idx] !== key) return false;
    chunk.splice(idx, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  cursor(start: string, exclusive: boolean): KeyCursor {
    let ci = 0;
    let ki = 0;
    const seek = (rawKey: string, excl: boolean): void => {
      const key = encodeKey(rawKey);
      ci = this.chunkFor(key);
      const chunk = this.chunks[ci];
      if (!chunk) return;
      ki = lowerBound(chunk, key);
      if (excl && chunk[ki] === key) ki++;
    };
    seek(start, exclusive);
    return {
      next: () => {
        for (;;) {
          const chunk = this.chunks[ci];
          if (!chunk) return undefined;
          if (ki < chunk.length) return decodeKey(chunk[ki++]!);
          ci++;
          ki = 0;
        }
      },
      seek,
    };
  }

  /** Index of the first chunk whose last key >= key (chunks.length when none). */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid]!;
      if (chunk[chunk.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(arr: string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
