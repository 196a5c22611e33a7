import { XmlCodecError } from './errors.ts';

// Characters XML 1.0 cannot carry at all (not even as references): C0 controls other than \t \n \r,
// lone surrogates, U+FFFE and U+FFFF.
const INVALID_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Escapes element text: `& < >` and `\r` (which a parser would otherwise normalise away). */
export function escapeXmlText(value: string, element: string): string {
  if (INVALID_XML_CHAR.test(value)) {
    throw new XmlCodecError('INVALID_VALUE', 'value holds a character XML 1.0 cannot represent', { element });
  }
  return value.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#xD;'));
}

/** `<name>` + already-serialised children + `</name>`. */
export function element(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

/** A leaf element, or '' when the value is undefined (absent fields are omitted, never sent empty). */
export function leaf(name: string, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new XmlCodecError('INVALID_VALUE', `expected an integer, got ${value}`, { element: name });
    }
    return element(name, String(value));
  }
  if (typeof value === 'boolean') return element(name, value ? 'true' : 'false');
  return element(name, escapeXmlText(value, name));
}
