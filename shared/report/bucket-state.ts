import type { Report } from './model.ts';
import { kindOf, provenanceOf, writtenSections, type SectionName } from './run-facts.ts';
import { clip, findingKey, findingRowsOf, ruleRowsOf, type FindingRow, type RuleRow, type SectionWrite } from './state-rows.ts';

export const BUCKET_RUNS = 50;
export const BUCKET_FINDINGS = 300;

/** An apply-config run as one bucket's history shows it: only this bucket's items. */
export interface BucketRun {
  id: string;
  at: string;
  ok: boolean;
  kind: string;
  src?: string;
  items: Array<{ code: string; status?: string; target?: string; message: string }>;
}

/** What a bucket page is rendered from (and carries). */
export interface BucketState {
  v: 1;
  bucket: string;
  /** apply-config runs about this bucket (plans, applies, drift checks), newest first. */
  applies: BucketRun[];
  /** Findings of the latest audit run (open) and earlier ones it no longer reports (closed), with first/last seen. */
  findings: Array<FindingRow & { open: boolean }>;
  audit?: { id: string; at: string };
  origins?: { id: string; at: string; rules: RuleRow[] };
  refresh: Array<{ id: string; at: string; ok: boolean; n: Record<string, number> }>;
  /** Settings as last read by an apply-config plan or drift run (the report's `observed`). */
  observed?: { id: string; at: string; settings: unknown };
  writes: Partial<Record<SectionName, SectionWrite>>;
}

const MAX_ITEMS = 12;

export function emptyBucketState(bucket: string): BucketState {
  return { v: 1, bucket, applies: [], findings: [], refresh: [], writes: {} };
}

export function isBucketState(v: unknown, bucket: string): v is BucketState {
  const s = v as BucketState | undefined;
  return !!s && s.v === 1 && s.bucket === bucket && Array.isArray(s.applies) && Array.isArray(s.findings) && Array.isArray(s.refresh) && typeof s.writes === 'object';
}

const newer = (at: string, than: { at: string } | undefined) => !than || at >= than.at;

/** One bucket's state after one more run that touched it (`state` is not changed unless `inPlace`). */
export function addRunToBucket(state: BucketState, report: Report, options: { inPlace?: boolean } = {}): BucketState {
  const s: BucketState = options.inPlace ? state : structuredClone(state);
  const b = s.bucket;
  const mine = report.items.filter((i) => i.bucket === b);
  if (report.function === 'apply-config') {
    const p = provenanceOf(report);
    const row: BucketRun = {
      id: report.runId, at: report.finishedAt, ok: !mine.some((i) => i.status === 'fail') && !report.errors.some((e) => e.bucket === b), kind: kindOf(p),
      ...(p.source ? { src: p.source } : {}),
      items: mine.slice(0, MAX_ITEMS).map((i) => ({ code: i.code, ...(i.status ? { status: i.status } : {}), ...(i.target ? { target: clip(i.target, 120) } : {}), message: clip(i.message, 200) })),
    };
    s.applies = [row, ...s.applies.filter((r) => r.id !== row.id)].sort((x, y) => y.at.localeCompare(x.at)).slice(0, BUCKET_RUNS);
    for (const w of writtenSections(report)) if (w.bucket === b && newer(report.finishedAt, s.writes[w.section])) s.writes[w.section] = { id: report.runId, at: report.finishedAt };
    const observed = ((report as unknown as { observed?: Record<string, unknown> }).observed ?? {})[b];
    if (observed !== undefined && newer(report.finishedAt, s.observed)) s.observed = { id: report.runId, at: report.finishedAt, settings: observed };
  }
  if (report.function === 'audit-referer' && newer(report.finishedAt, s.audit)) {
    const previous = new Map(s.findings.map((f) => [findingKey(f), f]));
    const open = findingRowsOf(report, previous, b);
    const openKeys = new Set(open.map(findingKey));
    const closed = s.findings.filter((f) => !openKeys.has(findingKey(f))).map((f) => ({ ...f, open: false }));
    s.findings = [...open.map((f) => ({ ...f, open: true })), ...closed.sort((x, y) => y.lastSeen.localeCompare(x.lastSeen))].slice(0, BUCKET_FINDINGS);
    s.audit = { id: report.runId, at: report.finishedAt };
  }
  if (report.function === 'validate-mirror-origin' && newer(report.finishedAt, s.origins)) {
    s.origins = { id: report.runId, at: report.finishedAt, rules: ruleRowsOf(report, b) };
  }
  if (report.function === 'refresh-stale-objects') {
    const n: Record<string, number> = {};
    for (const i of mine) n[i.status ?? 'items'] = (n[i.status ?? 'items'] ?? 0) + 1;
    // the run's own counters describe this bucket only when the run touched nothing else
    const only = !report.items.some((i) => i.bucket !== b) && !report.errors.some((e) => e.bucket !== undefined && e.bucket !== b);
    if (only) for (const [k, v] of Object.entries(report.summary ?? {})) if (typeof v === 'number' && v !== 0 && !(k in n) && k !== 'items') n[k] = v;
    const ok = !mine.some((i) => i.status === 'fail') && !report.errors.some((e) => e.bucket === b || e.bucket === undefined);
    s.refresh = [{ id: report.runId, at: report.finishedAt, ok, n }, ...s.refresh.filter((r) => r.id !== report.runId)].sort((x, y) => y.at.localeCompare(x.at)).slice(0, BUCKET_RUNS);
  }
  return s;
}
