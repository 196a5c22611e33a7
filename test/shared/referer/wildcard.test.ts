import { describe, expect, it } from 'vitest';
import { MatchBudgetError, refererPatternMatches, wildcardMatch, type StepMeter, type WildcardOptions } from '../../../shared/referer/index.ts';
import { compiledWords } from '../../../shared/referer/wildcard.ts';
import { seeded } from '../../../local/oss-emulator/faults.ts';

const PREFIX: WildcardOptions = { anchorEnd: false, caseInsensitive: true };
const WHOLE: WildcardOptions = { anchorEnd: true, caseInsensitive: true };

/** The bound the shared matcher promises: each word of 32 states once per input position (and once before). */
const bound = (pattern: string, input: string): number => (Math.floor(pattern.length / 32) + 1) * (input.length + 1);

const compiled = new Map<string, RegExp>();

/** The RegExp the matchers replaced (backtracking): a reference only for short inputs. */
function oldRegExp(pattern: string, whole: boolean): RegExp {
  const known = compiled.get(`${whole}:${pattern}`);
  if (known) return known;
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&'))).join('');
  const re = new RegExp(whole ? `^${body}$` : `^${body}`, 'is');
  compiled.set(`${whole}:${pattern}`, re);
  return re;
}

/** A second, table-driven reference for long inputs: ok[j] = pattern[j..] matches a prefix of input[i..]. */
function tableMatch(pattern: string, input: string, whole: boolean): boolean {
  const fold = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());
  const p = fold(pattern);
  const s = fold(input);
  let below = new Array<boolean>(p.length + 1).fill(false); // row i + 1
  for (let i = s.length; i >= 0; i--) {
    const row = new Array<boolean>(p.length + 1).fill(false);
    row[p.length] = whole ? i === s.length : true;
    for (let j = p.length - 1; j >= 0; j--) {
      if (p[j] === '*') row[j] = row[j + 1]! || (i < s.length && below[j]!);
      else row[j] = i < s.length && (p[j] === '?' || p[j] === s[i]) && below[j + 1]!;
    }
    below = row;
  }
  return below[0]!;
}


function text(rnd: () => number, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rnd() * alphabet.length)];
  return out;
}

describe('wildcardMatch', () => {
  it('does refuse *x*x*x*xy against a 421-character Referer within the step bound (was 11.7 s of backtracking)', () => {
    const pattern = '*x*x*x*xy';
    const referer = `https://${'x'.repeat(413)}`;
    expect(referer).toHaveLength(421);
    const result = wildcardMatch(pattern, referer, PREFIX);
    expect(result.matched).toBe(false);
    expect(result.steps).toBeGreaterThan(0);
    expect(result.steps).toBeLessThanOrEqual(bound(pattern, referer));
    const meter: StepMeter = { steps: 0 };
    expect(refererPatternMatches(pattern, referer, meter)).toBe(false);
    // the meter also charges compiling the pattern, one step per character
    expect(meter.steps).toBe(pattern.length + result.steps);
  });

  it('does compile a pattern of 20,000 distinct characters in memory linear in it (was a mask per character: 50 MB)', () => {
    let pattern = 'https://';
    for (let c = 0x4e00; c < 0x4e00 + 20_000; c++) pattern += String.fromCharCode(c);
    expect(compiledWords(pattern, true)).toBeLessThanOrEqual(4 * pattern.length + 100);
    const input = `https://${pattern.slice(8, 5000)}`;
    const result = wildcardMatch(pattern, input, WHOLE);
    expect(result).toMatchObject({ matched: false });
    expect(result.steps).toBeLessThanOrEqual(bound(pattern, input));
    expect(wildcardMatch(pattern, pattern.toLowerCase(), WHOLE).matched).toBe(true);
  });

  it('does refuse, without running it, a match that would take a metered caller past its limit', () => {
    const meter: StepMeter = { steps: 0, limit: 1000 };
    expect(refererPatternMatches('https://*.example.com/*', 'https://a.example.com/x', meter)).toBe(true);
    const spent = meter.steps;
    expect(() => refererPatternMatches(`https://${'*a'.repeat(500)}`, 'https://'.padEnd(2000, 'a'), meter)).toThrow(MatchBudgetError);
    expect(meter.steps).toBe(spent);
  });

  it('does keep the step bound for 40 stars against 20,000 characters', () => {
    const pattern = `${'*x'.repeat(40)}y`;
    const referer = 'x'.repeat(20_000);
    const result = wildcardMatch(pattern, referer, PREFIX);
    expect(result.matched).toBe(false);
    expect(result.steps).toBeLessThanOrEqual(bound(pattern, referer));
  });

  it('does keep the old RegExp semantics: prefix anchoring, case folding, `?` as one code unit, newlines', () => {
    expect(wildcardMatch('', 'anything', PREFIX).matched).toBe(true);
    expect(wildcardMatch('', 'anything', WHOLE).matched).toBe(false);
    expect(wildcardMatch('', '', WHOLE).matched).toBe(true);
    expect(wildcardMatch('HTTPS://Ä?', 'https://äb/more', PREFIX).matched).toBe(true);
    expect(wildcardMatch('s', 'ſ', PREFIX).matched).toBe(false); // a non-ASCII letter never folds onto ASCII
    expect(wildcardMatch('a*b', 'a\nb', WHOLE).matched).toBe(true);
    expect(wildcardMatch('??', '😀', WHOLE).matched).toBe(true);
  });

  it('does carry states across 32-state words: literals, `?` and stars at every boundary position', () => {
    const wrong: string[] = [];
    for (let length = 28; length <= 70; length++) {
      for (const at of [0, 30, 31, 32, 33, 62, 63, 64, 65]) {
        if (at >= length) continue;
        const chars = 'x'.repeat(length).split('');
        for (const special of ['*', '?', 'y']) {
          chars[at] = special;
          const pattern = chars.join('');
          for (const input of ['x'.repeat(length), `${'x'.repeat(at)}y${'x'.repeat(length)}`, 'x'.repeat(length - 1), 'x'.repeat(2 * length)]) {
            for (const options of [PREFIX, WHOLE]) {
              const result = wildcardMatch(pattern, input, options);
              if (result.matched !== tableMatch(pattern, input, options.anchorEnd) || result.steps > bound(pattern, input)) wrong.push(`${pattern} ${input} whole=${options.anchorEnd}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('does agree with the old RegExp on 10,000 seeded random short cases, within the step bound', () => {
    const rnd = seeded(0x5eed);
    const alphabet = 'xyXY.*?/é';
    const wrong: string[] = [];
    let matched = 0;
    for (let n = 0; n < 10_000; n++) {
      const pattern = text(rnd, alphabet, Math.floor(rnd() * 8));
      const input = text(rnd, 'xyXY./éÉ', Math.floor(rnd() * 12));
      for (const options of [PREFIX, WHOLE]) {
        const result = wildcardMatch(pattern, input, options);
        if (result.matched !== oldRegExp(pattern, options.anchorEnd).test(input) || result.steps > bound(pattern, input)) {
          wrong.push(`${JSON.stringify(pattern)} ${JSON.stringify(input)} whole=${options.anchorEnd} steps=${result.steps}`);
        }
        if (result.matched) matched++;
      }
    }
    expect(wrong).toEqual([]);
    // the corpus exercises both outcomes, not only one
    expect(matched).toBeGreaterThan(2_000);
    expect(matched).toBeLessThan(18_000);
  });

  it('does agree with a table-driven reference on seeded random long cases, within the step bound', () => {
    const rnd = seeded(0xfeed);
    const wrong: string[] = [];
    let matched = 0;
    for (let n = 0; n < 300; n++) {
      // up to ~200 characters, so the states span several 32-bit words and stars fall on word boundaries
      const stars = 1 + Math.floor(rnd() * 50);
      const pattern = Array.from({ length: stars }, () => text(rnd, 'xxy?', Math.floor(rnd() * 4))).join(rnd() < 0.2 ? '**' : '*') + (rnd() < 0.5 ? 'y' : '');
      const input = text(rnd, rnd() < 0.5 ? 'x' : 'xxxxxxy', 200 + Math.floor(rnd() * 1800));
      for (const options of [PREFIX, WHOLE]) {
        const result = wildcardMatch(pattern, input, options);
        if (result.matched !== tableMatch(pattern, input, options.anchorEnd) || result.steps > bound(pattern, input)) {
          wrong.push(`${pattern} (${input.length}) whole=${options.anchorEnd} steps=${result.steps}`);
        }
        if (result.matched) matched++;
      }
    }
    expect(wrong).toEqual([]);
    expect(matched).toBeGreaterThan(30);
    expect(matched).toBeLessThan(570);
  });
});
