// The one XML entity decoder of shared/oss: the codecs (parse.ts), the list scanners (list-scan.ts) and the
// error-response reader all decode text with it, each turning a refusal into its own error.

const NUMERIC_REF = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * `raw` with the five predefined XML entities and numeric character references decoded; undefined when
 * any `&` starts something else (an unknown entity, a bare `&`, a reference to no character: 0, a
 * surrogate, above U+10FFFF). Nothing ever expands beyond one character per reference, and the work is
 * linear in `raw`.
 */
export function decodeXmlEntities(raw: string): string | undefined {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  for (; amp >= 0; amp = raw.indexOf('&', from)) {
    const semi = raw.indexOf(';', amp);
    if (semi < 0) return undefined;
    const char = referenced(raw.slice(amp + 1, semi));
    if (char === undefined) return undefined;
    out += raw.slice(from, amp) + char;
    from = semi + 1;
  }
  return out + raw.slice(from);
}

/** The character `&body;` stands for, or undefined. */
function referenced(body: string): string | undefined {
  if (Object.hasOwn(NAMED, body)) return NAMED[body];
  const m = NUMERIC_REF.exec(body);
  if (!m) return undefined;
  const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
  return String.fromCodePoint(code);
}
