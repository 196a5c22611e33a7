const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values (the only two
 * places the dashboard puts data: never inside script, style, URL or unquoted attribute contexts).
 * Anything that is not a string is turned into one first; null and undefined become ''.
 */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Tagged template: every `${value}` is escaped unless it is a `SafeHtml` from `raw()` or another `html` template. */
export interface SafeHtml {
  readonly __html: string;
}

export function raw(html: string): SafeHtml {
  return { __html: html };
}

function part(v: unknown): string {
  if (Array.isArray(v)) return v.map(part).join('');
  if (v && typeof v === 'object' && '__html' in v) return (v as SafeHtml).__html;
  return escapeHtml(v);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return raw(out);
}
