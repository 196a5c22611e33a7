/** Minimal XML writing for the emulator's responses (bodies are small and fixed-shape). */

// Element text only (the emulator writes no attributes), so quotes stay as they are: OSS writes
// `<ETag>"5B3C..."</ETag>` with literal quotes too.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ESCAPE_RE = /[&<>]/g;
const NEEDS_ESCAPE = /[&<>]/;

export function xmlEscape(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_RE, (c) => ESCAPES[c] ?? c) : text;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `<name>escaped</name>`, or '' when value is undefined. */
export function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** ISO 8601 with milliseconds as OSS writes it: 2020-06-22T11:42:32.000Z. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
