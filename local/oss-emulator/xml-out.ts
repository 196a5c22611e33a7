/** Minimal XML writing for the emulator's responses (bodies are small and fixed-shape). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const ESCAPE_RE = /[&<>"']/g;
const NEEDS_ESCAPE = /[&<>"']/;

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
