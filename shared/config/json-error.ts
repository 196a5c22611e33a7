// Where JSON text that JSON.parse refused goes wrong, in words of our own. V8's messages quote the text
// around the error ("...ySecret": SUPERSECRE"...), so they are never shown: a secret written in clear
// would be echoed into CLI output, webhook answers and logs.

/** The first syntax error: a UTF-16 offset into the text and what is wrong there (never a quote of it). */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

const END = 'unexpected end of the text';
const isWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]); // " \ / b f n r t

/**
 * One linear pass, no recursion (the nesting of hostile text is unbounded): a stack of open containers
 * and a flag "a value is expected here". Text that is valid JSON gives `{offset: length, reason}`.
 */
export function findJsonError(text: string): JsonSyntaxError {
  const n = text.length;
  const stack: number[] = [];
  let i = 0;
  let wantValue = true;
  const ws = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const at = (offset: number, reason: string): JsonSyntaxError => ({ offset, reason });

  const string = (): JsonSyntaxError | undefined => {
    const start = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return undefined;
      }
      if (c < 0x20) return at(i, 'control character in a string (escape it)');
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        if (e === 117) {
          for (let k = 2; k < 6; k++) if (!isHex(text.charCodeAt(i + k))) return at(i, 'invalid \\u escape in a string');
          i += 6;
        } else if (ESCAPES.has(e)) i += 2;
        else return at(i, 'invalid escape in a string');
      } else i++;
    }
    return at(start, 'string without its closing quote');
  };

  const number = (): JsonSyntaxError | undefined => {
    const start = i;
    if (text.charCodeAt(i) === 45) i++;
    if (text.charCodeAt(i) === 48) i++;
    else if (isDigit(text.charCodeAt(i))) while (isDigit(text.charCodeAt(i))) i++;
    else return at(start, 'invalid number');
    if (text.charCodeAt(i) === 46) {
      i++;
      if (!isDigit(text.charCodeAt(i))) return at(start, 'invalid number');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
      if (!isDigit(text.charCodeAt(i))) return at(start, 'invalid number');
      while (isDigit(text.charCodeAt(i))) i++;
    }
    return undefined;
  };

  const key = (): JsonSyntaxError | undefined => {
    ws();
    if (i >= n) return at(i, END);
    if (text.charCodeAt(i) !== 34) return at(i, 'expected a key in double quotes');
    const bad = string();
    if (bad) return bad;
    ws();
    if (i >= n) return at(i, END);
    if (text.charCodeAt(i) !== 58) return at(i, 'expected ":" after a key');
    i++;
    return undefined;
  };

  for (;;) {
    ws();
    if (wantValue) {
      if (i >= n) return at(i, END);
      const c = text.charCodeAt(i);
      let bad: JsonSyntaxError | undefined;
      if (c === 123 || c === 91) {
        i++;
        ws();
        if (text.charCodeAt(i) === c + 2) {
          i++; // {} or []
          wantValue = false;
          continue;
        }
        stack.push(c);
        if (c === 123) bad = key();
        if (bad) return bad;
        continue;
      }
      if (c === 34) bad = string();
      else if (c === 45 || isDigit(c)) bad = number();
      else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else return at(i, 'expected a value (a string in double quotes, a number, true, false, null, { or [)');
      if (bad) return bad;
      wantValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? at(i, 'more text after the end of the JSON value') : at(n, 'not valid JSON');
    if (i >= n) return at(i, END);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      if (top === 123) {
        const bad = key();
        if (bad) return bad;
      }
      wantValue = true;
    } else if (c === top + 2) {
      stack.pop();
      i++;
    } else {
      return at(i, top === 123 ? 'expected "," or "}" after a value' : 'expected "," or "]" after a value');
    }
  }
}
