/**
 * A bucket's settings as a plan or drift run read them, kept small for the report: empty values (null,
 * undefined, [], {}) are dropped inside a section, while a section read as null (none exists) stays null,
 * because that is what was observed. The caller passes settings already secrets-redacted.
 */
export function compactObserved(sections: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sections).map(([k, x]) => [k, x === null ? null : compact(x)]));
}

function empty(x: unknown): boolean {
  if (x === undefined || x === null) return true;
  if (Array.isArray(x)) return x.length === 0;
  return typeof x === 'object' && Object.keys(x).length === 0;
}

function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(compact);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)] as const).filter(([, x]) => !empty(x)));
}

/** `{bucket: compact settings}` for the buckets that have observed settings, or undefined when none has. */
export function observedByBucket(outcomes: ReadonlyArray<{ bucket: string; observed?: unknown }>): Record<string, unknown> | undefined {
  const out = Object.fromEntries(outcomes.filter((o) => typeof o.observed === 'object' && o.observed !== null)
    .map((o) => [o.bucket, compactObserved(o.observed as Record<string, unknown>)]));
  return Object.keys(out).length > 0 ? out : undefined;
}
