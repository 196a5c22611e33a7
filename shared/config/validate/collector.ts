import type { ConfigIssue } from '../errors.ts';
import { formatPath } from '../path.ts';
import { printable } from '../printable.ts';
import type { PathSegments } from '../path.ts';

interface Entry {
  issue: ConfigIssue;
  /** Point at the key rather than the value (unknown keys, bad names). */
  atKey: boolean;
}

/** Collects every problem found; nothing stops at the first one. */
export class IssueCollector {
  readonly entries: Entry[] = [];

  error(at: PathSegments, code: string, message: string, atKey = false): void {
    this.entries.push({ issue: { path: printable(formatPath(at)), segments: [...at], message: printable(message), severity: 'error', code }, atKey });
  }

  // messages quote config values and paths name its keys: both leave here printable (printable.ts)
  warn(at: PathSegments, code: string, message: string, atKey = false): void {
    this.entries.push({ issue: { path: printable(formatPath(at)), segments: [...at], message: printable(message), severity: 'warning', code }, atKey });
  }

  get errorCount(): number {
    return this.entries.filter((e) => e.issue.severity === 'error').length;
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  return `a ${typeof v}`;
}

export const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');
