import type { Report, ReportItem } from './model.ts';
import { headlineOf, kindOf, provenanceOf, touchedBuckets } from './run-facts.ts';

/** A run as the history tables show it (small: ten thousand of them stay cheap). */
export interface RunRow {
  fn: string;
  id: string;
  at: string;
  ok: boolean;
  kind: string;
  src?: string;
  /** Non-zero summary counters. */
  n: Record<string, number>;
  head: string;
  /** Up to MAX_ROW_BUCKETS bucket names; `nb` counts them all. */
  b: string[];
  nb: number;
  /** The run's 0-based number within its function (its archive page is q / 500), once numbered. */
  q?: number;
}

/** A finding (audit-referer item with a severity) as the pages keep it across runs. */
export interface FindingRow {
  bucket: string;
  code: string;
  target?: string;
  severity: string;
  message: string;
  hint?: string;
  firstSeen: string;
  lastSeen: string;
  /** The audit run that last saw it, and that run's time ("as of"). */
  runId: string;
}

/** One mirror rule's origin health (validate-mirror-origin). */
export interface RuleRow {
  bucket: string;
  target: string;
  status: string;
  message: string;
  hint?: string;
  problems: Array<{ code: string; status: string; message: string }>;
}

export interface SectionWrite {
  id: string;
  at: string;
}

const MAX_ROW_BUCKETS = 5;
const MAX_COUNTERS = 16;
const MAX_TEXT = 400;
export const clip = (s: string | undefined, n = MAX_TEXT): string => (s ?? '').length > n ? `${s!.slice(0, n - 1)}…` : (s ?? '');

export function runRowOf(report: Report): RunRow {
  const p = provenanceOf(report);
  const buckets = touchedBuckets(report);
  const n = Object.fromEntries(Object.entries(report.summary ?? {}).filter(([, v]) => typeof v === 'number' && v !== 0).slice(0, MAX_COUNTERS));
  return {
    fn: report.function, id: report.runId, at: report.finishedAt, ok: report.ok === true, kind: kindOf(p),
    ...(p.source ? { src: p.source } : {}), n, head: headlineOf(report), b: buckets.slice(0, MAX_ROW_BUCKETS), nb: buckets.length,
  };
}

export function findingKey(f: Pick<ReportItem, 'bucket' | 'code' | 'target'>): string {
  return `${f.bucket}\u0000${f.code}\u0000${f.target ?? ''}`;
}

/** The run's findings, each keeping its first-seen time from `previous` when it was already there. */
export function findingRowsOf(report: Report, previous: ReadonlyMap<string, FindingRow>, bucket?: string): FindingRow[] {
  return report.items
    .filter((i) => i.severity !== undefined && (bucket === undefined || i.bucket === bucket))
    .map((i) => ({
      bucket: i.bucket, code: i.code, ...(i.target ? { target: clip(i.target, 200) } : {}), severity: i.severity!, message: clip(i.message),
      ...(i.hint ? { hint: clip(i.hint) } : {}), firstSeen: previous.get(findingKey(i))?.firstSeen ?? report.finishedAt, lastSeen: report.finishedAt, runId: report.runId,
    }));
}

/** Mirror rules of a validate-mirror-origin run with the ORIGIN_* problems filed under each. */
export function ruleRowsOf(report: Report, bucket?: string): RuleRow[] {
  const mine = (i: ReportItem) => bucket === undefined || i.bucket === bucket;
  const problems = report.items.filter((i) => mine(i) && i.code.startsWith('ORIGIN_'));
  return report.items.filter((i) => mine(i) && i.code.startsWith('MIRROR_RULE_')).map((r) => ({
    bucket: r.bucket, target: clip(r.target, 200), status: r.status ?? 'ok', message: clip(r.message), ...(r.hint ? { hint: clip(r.hint) } : {}),
    problems: problems.filter((p) => p.bucket === r.bucket && (p.target ?? '').startsWith(`${r.target ?? ''} `))
      .slice(0, 10).map((p) => ({ code: p.code, status: p.status ?? 'warn', message: clip(p.message) })),
  }));
}
