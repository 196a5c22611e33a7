/**
 * Glob matching for Referer list entries (`*` any run, `?` one character) in O(|pattern| × |input|) time
 * and O(|pattern|) memory, whatever the entry: a bucket owner writes the entries, so a backtracking
 * RegExp (`*x*x*x*xy` took seconds) would let one bucket stall every audit.
 *
 * The pattern runs as a set of states ("the first j pattern characters are matched"), advanced once per
 * input character, 32 states to a machine word (shift-and). One step = one word of states updated for one
 * input position, so a match takes at most ⌈(|pattern| + 1) / 32⌉ × (|input| + 1) steps.
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
  /** Per (folded) character: the states that advance on it. */
  advance: Map<number, Uint32Array>;
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
  const advance = new Map<number, Uint32Array>();
  codes.forEach((c, j) => {
    if (c < 0) return;
    let bits = advance.get(c);
    if (!bits) advance.set(c, (bits = any.slice()));
    setBit(bits, j);
  });
  return { accept: codes.length, words, star, any, advance };
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
    const mask = a.advance.get(options.caseInsensitive ? foldCodeUnit(raw) : raw) ?? a.any;
    steps += a.words - low;
    // States only move forward, so words below the lowest live one stay empty.
    low = advanceWords(a, live, next, mask, low);
    if (low < 0) return { matched: false, steps };
    [live, next] = [next, live];
    if (!options.anchorEnd && live[acceptWord]! & acceptBit) return { matched: true, steps };
  }
  return { matched: (live[acceptWord]! & acceptBit) !== 0, steps };
}
