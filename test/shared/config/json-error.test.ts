import { describe, expect, it } from 'vitest';
import { findJsonError } from '../../../shared/config/json-error.ts';

describe('findJsonError', () => {
  it.each([
    ['{"a": 1,}', 8, 'expected a key in double quotes'],
    ['{"a" 1}', 5, 'expected ":" after a key'],
    ['{"a": 1 "b": 2}', 8, 'expected "," or "}" after a value'],
    ['[1 2]', 3, 'expected "," or "]" after a value'],
    ['[1,]', 3, 'expected a value (a string in double quotes, a number, true, false, null, { or [)'],
    ['{"a": secret}', 6, 'expected a value (a string in double quotes, a number, true, false, null, { or [)'],
    ['{"a": "x', 6, 'string without its closing quote'],
    ['{"a": "x\u0001"}', 8, 'control character in a string (escape it)'],
    ['{"a": "x\\q"}', 8, 'invalid escape in a string'],
    ['{"a": "\\u12g4"}', 7, 'invalid \\u escape in a string'],
    ['{"a": 01}', 7, 'expected "," or "}" after a value'],
    ['{"a": -}', 6, 'invalid number'],
    ['{"a": 1.}', 6, 'invalid number'],
    ['{"a": 1e}', 6, 'invalid number'],
    ['{"a": 1} x', 9, 'more text after the end of the JSON value'],
    ['{"a": [', 7, 'unexpected end of the text'],
    ['', 0, 'unexpected end of the text'],
  ])('%j: offset %i, %s', (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonError(text)).toEqual({ offset, reason });
  });

  it('accepts what JSON.parse accepts (no error before the end)', () => {
    const text = '{"a": [1, -2.5e+3, true, false, null, {}, [], "x\\"\\u00e9"], "b": {"c": {}}}';
    JSON.parse(text);
    expect(findJsonError(text)).toEqual({ offset: text.length, reason: 'not valid JSON' });
  });

  it('walks a million open brackets without recursion', () => {
    const text = '['.repeat(1_000_000);
    expect(findJsonError(text)).toEqual({ offset: text.length, reason: 'unexpected end of the text' });
  });

  it('agrees with JSON.parse on what is valid, over random mutations of JSON text', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const base = '{"version": 1, "buckets": {"a-b": {"website": {"routingRules": [{"n": -1.5e+3, "s": "x\\"\\u00e9\\n", "t": [true, false, null, {}, []]}]}}}}';
    const alphabet = '{}[]",:0123456789eE.+- \ttfnrul\\x\u0001';
    for (let round = 0; round < 5000; round++) {
      const chars = [...base];
      for (let k = 1 + rand(3); k > 0; k--) {
        const at = rand(chars.length + 1);
        const op = rand(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]!);
        else chars[at] = alphabet[rand(alphabet.length)]!;
      }
      const text = chars.join('');
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const found = findJsonError(text);
      expect(found.reason === 'not valid JSON', text).toBe(valid);
      expect(found.offset).toBeLessThanOrEqual(text.length);
    }
  });
});

