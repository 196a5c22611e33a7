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

function byName(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * `name:value\n` lines, sorted by name, of the headers V4 signs: every `x-oss-*`, `content-type`,
 * `content-md5`, and the (normalised, lower-case) additional headers. Values are trimmed.
 */
export function canonicalHeaderLinesV4(headers: ReadonlyMap<string, string>, additional: readonly string[]): string {
  const signed: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (isDefaultSignedV4(name)) signed.push([name, value.trim()]);
  }
  for (const name of additional) {
    if (!isDefaultSignedV4(name)) signed.push([name, (headers.get(name) ?? '').trim()]);
  }
  signed.sort(byName);
  let out = '';
  for (const [name, value] of signed) out += `${name}:${value}\n`;
  return out;
}

/** `name:value\n` lines, sorted by name, of every `x-oss-*` header (V1 CanonicalizedOSSHeaders). */
export function canonicalHeaderLinesV1(headers: ReadonlyMap<string, string>): string {
  const signed: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (name.startsWith(OSS_HEADER_PREFIX)) signed.push([name, value.trim()]);
  }
  signed.sort(byName);
  let out = '';
  for (const [name, value] of signed) out += `${name}:${value}\n`;
  return out;
}
