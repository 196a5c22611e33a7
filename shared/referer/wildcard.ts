/**
 * Glob matching for Referer list entries (`*` any run, `?` one character) in O(|pattern| × |input|) time
 * and O(|pattern|) memory, whatever the entry: a bucket owner writes the entries, so a backtracking
 * RegExp (`*x*x*x*xy` took seconds) would let one bucket stall every audit.
 *
 * The pattern runs as a set of states ("the first j pattern characters are matched"), advanced once per
 * input character, 32 states to a machine word (shift-and). One step = one word of states updated for one
 * input position, so a match takes at most ⌈(|pattern| + 1) / 32⌉ × (|input| + 1) steps. Compiling is
 * linear in the pattern, time and memory (no mask per distinct character: see `dense`), and building the
 * mask of a rare input character costs less than a step's words, so the whole work is O(steps + |pattern|).
 */

export interface WildcardOptions {
  /** false: the pattern only has to match a prefix of the input (R1); true: the whole input. */
  anchorEnd: boolean;
  caseInsensitive: boolean;
}

export interface WildcardMatch {
  matched: boolean;
  /** Words of states updated; never more than ⌈(|pattern| + 1) / 32⌉ × (|input| + 1). */
  steps: number;
}

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

const STAR = -1;
const ANY = -2;

interface Automaton {
  /** Pattern length after collapsing runs of `*` (the accepting state's number). */
  accept: number;
  words: number;
  /** States sitting before a `*`: they stay live on any character and make the next state live at once. */
  star: Uint32Array;
  /** States that advance on any character (`?`); also the advance mask of a character the pattern never names. */
  any: Uint32Array;
  /**
   * Per (folded) character named at least `words` times: the states that advance on it. At most 32 + 1
   * characters can be that frequent, so these masks take O(|pattern|) memory whatever the pattern.
   */
  dense: Map<number, Uint32Array>;
  /** Every other named character: its states, scattered into `scratch` (O(words)) when the input has it. */
  sparse: Map<number, number[]>;
  scratch: Uint32Array;
}

function setBit(bits: Uint32Array, i: number): void {
  bits[i >>> 5]! |= 1 << (i & 31);
}

function compile(pattern: string, fold: boolean): Automaton {
  const codes: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    // `**` means `*`; collapsing runs also means a state after a star is never a star itself.
    if (c === 42 && codes[codes.length - 1] === STAR) continue;
    codes.push(c === 42 ? STAR : c === 63 ? ANY : fold ? foldCodeUnit(c) : c);
  }
  const words = (codes.length >>> 5) + 1;
  const star = new Uint32Array(words);
  const any = new Uint32Array(words);
  codes.forEach((c, j) => (c === STAR ? setBit(star, j) : c === ANY ? setBit(any, j) : undefined));
  // One full mask per distinct character would be distinct × words: 20,000 distinct CJK characters took 50 MB.
  const positions = new Map<number, number[]>();
  codes.forEach((c, j) => {
    if (c < 0) return;
    let list = positions.get(c);
    if (!list) positions.set(c, (list = []));
    list.push(j);
  });
  const dense = new Map<number, Uint32Array>();
  const sparse = new Map<number, number[]>();
  for (const [c, list] of positions) {
    if (list.length < words) {
      sparse.set(c, list);
      continue;
    }
    const bits = any.slice();
    for (const j of list) setBit(bits, j);
    dense.set(c, bits);
  }
  return { accept: codes.length, words, star, any, dense, sparse, scratch: new Uint32Array(words) };
}

/** The advance mask of one (folded) input character. */
function maskOf(a: Automaton, c: number): Uint32Array {
  const dense = a.dense.get(c);
  if (dense) return dense;
  const list = a.sparse.get(c);
  if (!list) return a.any;
  a.scratch.set(a.any);
  for (const j of list) setBit(a.scratch, j);
  return a.scratch;
}

/** Memory of a compiled pattern, in 32-bit words (masks and position lists): O(|pattern|). */
export function compiledWords(pattern: string, caseInsensitive: boolean): number {
  const a = compile(pattern, caseInsensitive);
  let n = 3 * a.words;
  for (const m of a.dense.values()) n += m.length;
  for (const l of a.sparse.values()) n += l.length;
  return n;
}

/** `out = step(live)` for one input character (advance, stay on stars, then the empty run of each star); returns the lowest live word or -1. */
function advanceWords(a: Automaton, live: Uint32Array, out: Uint32Array, mask: Uint32Array | undefined, low: number): number {
  let moveCarry = 0;
  let starCarry = 0;
  let nextLow = -1;
  for (let w = low; w < a.words; w++) {
    const moved = mask ? live[w]! & mask[w]! : 0;
    let v = ((moved << 1) | moveCarry | (mask ? live[w]! & a.star[w]! : live[w]!)) >>> 0;
    moveCarry = moved >>> 31;
    const stars = v & a.star[w]!;
    v = (v | (stars << 1) | starCarry) >>> 0;
    starCarry = stars >>> 31;
    out[w] = v;
    if (v !== 0 && nextLow < 0) nextLow = w;
  }
  return nextLow;
}

/** Whether `pattern` matches `input` (a prefix of it unless `anchorEnd`), with the work it took. */
export function wildcardMatch(pattern: string, input: string, options: WildcardOptions): WildcardMatch {
  const a = compile(pattern, options.caseInsensitive);
  const acceptWord = a.accept >>> 5;
  const acceptBit = 1 << (a.accept & 31);
  let live = new Uint32Array(a.words);
  let next = new Uint32Array(a.words);
  // Before any input: state 0 and, through a leading star's empty run, state 1 (no mask: nothing advances).
  live[0] = 1;
  let low = advanceWords(a, live, next, undefined, 0);
  [live, next] = [next, live];
  let steps = a.words;
  if (!options.anchorEnd && live[acceptWord]! & acceptBit) return { matched: true, steps };
  for (let i = 0; i < input.length; i++) {
    const raw = input.charCodeAt(i);
    const mask = maskOf(a, options.caseInsensitive ? foldCodeUnit(raw) : raw);
    steps += a.words - low;
    // States only move forward, so words below the lowest live one stay empty.
    low = advanceWords(a, live, next, mask, low);
    if (low < 0) return { matched: false, steps };
    [live, next] = [next, live];
    if (!options.anchorEnd && live[acceptWord]! & acceptBit) return { matched: true, steps };
  }
  return { matched: (live[acceptWord]! & acceptBit) !== 0, steps };
}
