/** Headers a mirror rule never forwards to the origin (spec/oss-api.md §3.1, "Headers PassAll never forwards"). */
export const NEVER_PASSED_HEADERS: readonly string[] = ['authorization', 'authorization2', 'content-length', 'date', 'range'];
export const NEVER_PASSED_PREFIXES: readonly string[] = ['x-oss-', 'oss-', 'x-drs-'];

export function isNeverPassedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return NEVER_PASSED_HEADERS.includes(lower) || NEVER_PASSED_PREFIXES.some((p) => lower.startsWith(p));
}
