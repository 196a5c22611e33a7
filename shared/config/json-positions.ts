import type { ConfigIssue } from './errors.ts';
import { formatPath } from './path.ts';
import type { PathSegments } from './path.ts';

/** Deeper nesting than this is refused: the file's own structure is at most ~10 levels deep. */
export const MAX_JSON_DEPTH = 64;

interface Slot {
  key?: number;
  value: number;
}

export interface JsonPositions {
  issues: ConfigIssue[];
  /** Offset → 1-based line and column. */
  position(offset: number): { line: number; column: number };
  locate(segments: PathSegments, preferKey: boolean): { line: number; column: number } | undefined;
}

const isWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isEnd = (c: number): boolean => isWs(c) || c === 44 || c === 93 || c === 125;
/** Map key of a path: segments joined by NUL (never part of a parsed key we look up by). */
const slotKey = (segments: PathSegments): string => segments.join('\u0000');

/**
 * Positions of every key and value, and duplicate keys, of JSON text that JSON.parse already
 * accepted — one linear pass (the YAML library is ~50x slower than JSON.parse on the same text).
 * Throws RangeError when nesting is deeper than MAX_JSON_DEPTH.
 */
export function scanJson(text: string): JsonPositions {
  const slots = new Map<string, Slot>();
  const issues: ConfigIssue[] = [];
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  let i = 0;
  const ws = () => {
    while (i < text.length && isWs(text.charCodeAt(i))) i++;
  };
  const readString = (): string => {
    const start = i++;
    let escaped = false;
    for (let c = text.charCodeAt(i); c !== 34; c = text.charCodeAt(i)) {
      if (c === 92) {
        escaped = true;
        i += 2;
      } else i++;
    }
    i++;
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };
  const value = (path: Array<string | number>, pathKey: string, depth: number): void => {
    if (depth > MAX_JSON_DEPTH) throw new RangeError(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    ws();
    const c = text[i];
    if (c === '"') {
      readString();
    } else if (c === '{') {
      i++;
      const seen = new Map<string, number>();
      for (ws(); text[i] !== '}'; ws()) {
        if (text[i] === ',') i++, ws();
        const keyOffset = i;
        const key = readString();
        ws();
        i++; // ':'
        ws();
        const at = [...path, key];
        const first = seen.get(key);
        if (first !== undefined) issues.push(duplicate(at, position(keyOffset), position(first).line));
        else seen.set(key, keyOffset);
        const childKey = path.length === 0 ? key : `${pathKey}\u0000${key}`;
        slots.set(childKey, { key: keyOffset, value: i });
        value(at, childKey, depth + 1);
      }
      i++;
    } else if (c === '[') {
      i++;
      let index = 0;
      for (ws(); text[i] !== ']'; ws()) {
        if (text[i] === ',') i++, ws();
        const at = [...path, index];
        const childKey = path.length === 0 ? String(index) : `${pathKey}\u0000${index}`;
        index++;
        slots.set(childKey, { value: i });
        value(at, childKey, depth + 1);
      }
      i++;
    } else {
      while (i < text.length && !isEnd(text.charCodeAt(i))) i++;
    }
  };
  ws();
  slots.set('', { value: i });
  value([], '', 0);
  return {
    issues,
    position,
    locate(segments, preferKey) {
      const slot = slots.get(slotKey(segments));
      if (!slot) return undefined;
      return position(preferKey ? (slot.key ?? slot.value) : slot.value);
    },
  };
}

function duplicate(at: Array<string | number>, where: { line: number; column: number }, firstLine: number): ConfigIssue {
  const bucket = at.length === 2 && at[0] === 'buckets';
  const key = String(at[at.length - 1]);
  return {
    path: formatPath(at),
    segments: at,
    message: bucket ? `duplicate bucket name "${key}" (first defined on line ${firstLine})` : `duplicate key "${key}" (first defined on line ${firstLine})`,
    severity: 'error',
    code: bucket ? 'CONFIG_DUPLICATE_BUCKET' : 'CONFIG_DUPLICATE_KEY',
    line: where.line,
    column: where.column,
  };
}
