import { redactSecrets } from '../secrets.ts';

/** One difference between live (`before`) and desired (`after`), secrets redacted. */
export interface Change {
  /** Path inside the section, e.g. `routingRules[0].redirect.mirrorURL` ('' = the section). */
  path: string;
  op: 'add' | 'remove' | 'change';
  before?: unknown;
  after?: unknown;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalarList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null);
const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlain(a) && isPlain(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Structural differences at the deepest level that still reads well: objects recurse key by key,
 * lists of objects element by element (extra elements are added/removed whole), lists of scalars
 * (canonical sets) change as a whole.
 */
export function diffValues(before: unknown, after: unknown, path = '', out: Change[] = []): Change[] {
  if (deepEqual(before, after)) return out;
  const objectList = (v: unknown) => Array.isArray(v) && !isScalarList(v);
  if ((before === undefined && objectList(after)) || (after === undefined && objectList(before))) {
    return diffValues(before ?? [], after ?? [], path, out);
  }
  if (before === undefined) {
    out.push({ path, op: 'add', after: redactSecrets(after) });
  } else if (after === undefined) {
    out.push({ path, op: 'remove', before: redactSecrets(before) });
  } else if (isPlain(before) && isPlain(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) diffValues(before[k], after[k], join(path, k), out);
  } else if (Array.isArray(before) && Array.isArray(after) && (objectList(before) || objectList(after))) {
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) diffValues(before[i], after[i], join(path, i), out);
  } else {
    out.push({ path, op: 'change', before: redactSecrets(before), after: redactSecrets(after) });
  }
  return out;
}

/**
 * A flag that one side leaves at its default reads as a change from/to that default
 * (`mirrorCheckMd5: false → true`), not as an added or removed key.
 */
export function withDefaults(changes: readonly Change[], defaults: Readonly<Record<string, unknown>>): Change[] {
  return changes.map((c) => {
    const key = /(?:^|\.)([A-Za-z0-9]+)$/.exec(c.path)?.[1];
    if (c.op === 'change' || key === undefined || !Object.hasOwn(defaults, key)) return c;
    const fallback = defaults[key];
    return { path: c.path, op: 'change', before: c.before ?? fallback, after: c.after ?? fallback };
  });
}

const show = (v: unknown): string => JSON.stringify(v);

/** One human-readable line per change, prefixed by the section name. */
export function changeLines(section: string, changes: readonly Change[]): string[] {
  return changes.map((c) => {
    const where = c.path === '' ? section : `${section}.${c.path}`;
    if (c.op === 'add') return `+ ${where}: ${show(c.after)}`;
    if (c.op === 'remove') return `- ${where}: ${show(c.before)}`;
    const { before, after } = c;
    if (isScalarList(before) && isScalarList(after)) {
      const added = after.filter((x) => !before.includes(x));
      const removed = before.filter((x) => !after.includes(x));
      const parts = [added.length ? `added ${added.map(show).join(', ')}` : '', removed.length ? `removed ${removed.map(show).join(', ')}` : ''];
      return `~ ${where}: ${parts.filter(Boolean).join('; ')}`;
    }
    return `~ ${where}: ${show(c.before)} → ${show(c.after)}`;
  });
}
