/**
 * Glob matching for Referer list entries (`*` any run, `?` one character) in O(|pattern| × |input|) time
 * and O(|pattern|) memory, whatever the entry: a bucket owner writes the entries, so a backtracking
 * RegExp (`*x*x*x*xy` took seconds) would let one bucket stall every audit.
 *
 * The pattern is run as a set of states ("the first j pattern characters are matched"), advanced once per
 * input character: each (state, input position) pair is visited at most once, and each visit is one step.
 */

export interface WildcardOptions {
  /** false: the pattern only has to match a prefix of the input (R1); true: the whole input. */
  anchorEnd: boolean;
  caseInsensitive: boolean;
}

export interface WildcardMatch {
  matched: boolean;
  /** States visited; never more than (|pattern| + 1) × (|input| + 1). */
  steps: number;
}

const STAR = -1;
const ANY = -2;

/**
 * One UTF-16 code unit folded as a non-unicode `/i` RegExp folds it (ECMA-262 Canonicalize), so the
 * matcher keeps the case rules of the RegExp it replaces: upper-case mapping, except where that mapping
 * is not one code unit or would turn a non-ASCII character into an ASCII one (`ſ` stays apart from `s`).
 */
export function foldCodeUnit(code: number): number {
  if (code >= 97 && code <= 122) return code - 32;
  if (code < 128) return code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const folded = upper.charCodeAt(0);
  return folded < 128 ? code : folded;
}

function compile(pattern: string, fold: boolean): Int32Array {
  const out = new Int32Array(pattern.length);
  for (let j = 0; j < pattern.length; j++) {
    const c = pattern.charCodeAt(j);
    out[j] = c === 42 ? STAR : c === 63 ? ANY : fold ? foldCodeUnit(c) : c;
  }
  return out;
}

/** Whether `pattern` matches `input` (a prefix of it unless `anchorEnd`), with the work it took. */
export function wildcardMatch(pattern: string, input: string, options: WildcardOptions): WildcardMatch {
  const p = compile(pattern, options.caseInsensitive);
  const m = p.length;
  let current = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  let steps = 0;
  // Row -1 (nothing read yet): state 0 plus whatever leading stars reach by matching empty runs.
  let low = 0;
  current[0] = 1;
  for (let j = 0; j <= m; j++) {
    steps++;
    if (current[j] && j < m && p[j] === STAR) current[j + 1] = 1;
  }
  if (current[m] && !options.anchorEnd) return { matched: true, steps };
  for (let i = 0; i < input.length; i++) {
    const raw = input.charCodeAt(i);
    const c = options.caseInsensitive ? foldCodeUnit(raw) : raw;
    next.fill(0, low);
    let nextLow = -1;
    // States only move forward, so nothing below the lowest live state can come alive again.
    for (let j = low; j <= m; j++) {
      steps++;
      if (current[j] && j < m) {
        const want = p[j]!;
        if (want === STAR) next[j] = 1;
        else if (want === ANY || want === c) next[j + 1] = 1;
      }
      if (next[j]) {
        if (nextLow < 0) nextLow = j;
        // A star also matches the empty run: its following state is live as soon as it is.
        if (j < m && p[j] === STAR) next[j + 1] = 1;
      }
    }
    if (nextLow < 0) return { matched: false, steps };
    if (next[m] && !options.anchorEnd) return { matched: true, steps };
    [current, next] = [next, current];
    low = nextLow;
  }
  return { matched: current[m] === 1, steps };
}
