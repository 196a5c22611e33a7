import type { HeaderBag } from './types.ts';

/** Value of header `name` (case-insensitive); repeated values joined with ", ". */
export function headerValue(headers: HeaderBag | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted || v === undefined) continue;
    return typeof v === 'string' ? v : v.join(', ');
  }
  return undefined;
}

/** All headers with lower-case names and joined values, undefined ones dropped. */
export function lowerCaseHeaders(headers: HeaderBag | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const name = k.toLowerCase();
    const value = typeof v === 'string' ? v : v.join(', ');
    const prev = out.get(name);
    out.set(name, prev === undefined ? value : `${prev}, ${value}`);
  }
  return out;
}
