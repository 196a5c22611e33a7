/** Prefix of the headers OSS always signs (V4 and V1). */
export const OSS_HEADER_PREFIX = 'x-oss-';

/**
 * Lower-cased view of a header record. Names that differ only in case are joined with `,` (the
 * rule for repeated headers). `overrides` (already lower-case) replace what the request carries.
 */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string>>,
  overrides?: Readonly<Record<string, string>>,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    const prev = map.get(lower);
    map.set(lower, prev === undefined ? value : `${prev},${value}`);
  }
  if (overrides !== undefined) {
    for (const name in overrides) map.set(name, overrides[name] as string);
  }
  return map;
}

/** Whether V4 signs this (lower-case) header without being asked to. */
export function isDefaultSignedV4(lowerName: string): boolean {
  return lowerName.startsWith(OSS_HEADER_PREFIX) || lowerName === 'content-type' || lowerName === 'content-md5';
}

/**
 * V4 AdditionalHeaders normalisation (as the official SDKs): lower-case, drop default-signed
 * names and names absent or empty in the request, de-duplicate, sort.
 */
export function normalizeAdditionalHeadersV4(
  names: readonly string[] | undefined,
  headers: ReadonlyMap<string, string>,
): string[] {
  if (names === undefined || names.length === 0) return [];
  const out: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (isDefaultSignedV4(lower) || out.includes(lower)) continue;
    const value = headers.get(lower);
    if (value === undefined || value.trim() === '') continue;
    out.push(lower);
  }
  return out.sort();
}

/**
 * `name:value\n` lines sorted by name. Requests carry a handful of signed headers, so an
 * insertion sort over parallel arrays beats Array.prototype.sort with a comparator.
 */
function sortedLines(names: string[], values: string[]): string {
  const n = names.length;
  for (let i = 1; i < n; i++) {
    const name = names[i] as string;
    const value = values[i] as string;
    let j = i - 1;
    while (j >= 0 && (names[j] as string) > name) {
      names[j + 1] = names[j] as string;
      values[j + 1] = values[j] as string;
      j--;
    }
    names[j + 1] = name;
    values[j + 1] = value;
  }
  let out = '';
  for (let i = 0; i < n; i++) out += `${names[i]}:${values[i]}\n`;
  return out;
}

/**
 * `name:value\n` lines, sorted by name, of the headers V4 signs: every `x-oss-*`, `content-type`,
 * `content-md5`, and the (normalised, lower-case) additional headers. Values are trimmed.
 */
export function canonicalHeaderLinesV4(headers: ReadonlyMap<string, string>, additional: readonly string[]): string {
  const names: string[] = [];
  const values: string[] = [];
  for (const [name, value] of headers) {
    if (isDefaultSignedV4(name)) {
      names.push(name);
      values.push(value.trim());
    }
  }
  for (const name of additional) {
    if (!isDefaultSignedV4(name)) {
      names.push(name);
      values.push((headers.get(name) ?? '').trim());
    }
  }
  return sortedLines(names, values);
}

/** `name:value\n` lines, sorted by name, of every `x-oss-*` header (V1 CanonicalizedOSSHeaders). */
export function canonicalHeaderLinesV1(headers: ReadonlyMap<string, string>): string {
  const names: string[] = [];
  const values: string[] = [];
  for (const [name, value] of headers) {
    if (name.startsWith(OSS_HEADER_PREFIX)) {
      names.push(name);
      values.push(value.trim());
    }
  }
  return sortedLines(names, values);
}
