// Config text reaches terminals (plan, errors), reports and the dashboard inside issue messages and paths: a
// value quoted there must not carry terminal control sequences or reorder what is shown around it.

// C0 controls but tab and newline... none are kept: an issue is one line. DEL, C1 (0x9b is a CSI on its own),
// bidi embeddings/overrides/isolates and marks, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/** `s` with every control or bidi character written as `\uXXXX`: safe on a terminal, in a report, on a page. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
