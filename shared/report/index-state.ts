import type { Report } from './model.ts';
import { touchedBuckets, writtenSections, type SectionName } from './run-facts.ts';
import { findingKey, findingRowsOf, ruleRowsOf, runRowOf, type FindingRow, type RuleRow, type RunRow, type SectionWrite } from './state-rows.ts';

export const DASHBOARD_FUNCTIONS = ['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects'] as const;
export type DashboardFunction = (typeof DASHBOARD_FUNCTIONS)[number];

/** Runs per function on the index; older ones are on the archive pages. */
export const INDEX_RUNS = 50;
/** Refresh runs charted. */
export const CHART_RUNS = 30;
/** Findings and rules listed on the index (all of them are on the bucket pages). */
export const INDEX_FINDINGS = 200;
export const INDEX_RULES = 200;

/** What the index page is rendered from (and carries, see page-state.ts). */
export interface IndexState {
  v: 1;
  generatedAt: string;
  /** Per function: how many runs were published (archive numbering) and the latest INDEX_RUNS, newest first. */
  runs: Record<string, { total: number; latest: RunRow[] }>;
  audit?: { id: string; at: string; findings: FindingRow[]; total: number; severities: Record<string, number>; buckets: string[] };
  origins?: { id: string; at: string; rules: RuleRow[]; total: number };
  /** refresh-stale-objects' last CHART_RUNS runs, oldest first. */
  refresh: Array<{ id: string; at: string; n: Record<string, number> }>;
  /** The last apply-config run that wrote each bucket's section ("possibly fixed by"). */
  writes: Record<string, Partial<Record<SectionName, SectionWrite>>>;
  /** Every bucket that has a page. */
  buckets: string[];
}

export function emptyIndexState(): IndexState {
  return { v: 1, generatedAt: new Date(0).toISOString(), runs: {}, refresh: [], writes: {}, buckets: [] };
}

export function isIndexState(v: unknown): v is IndexState {
  const s = v as IndexState | undefined;
  return !!s && s.v === 1 && typeof s.runs === 'object' && Array.isArray(s.refresh) && typeof s.writes === 'object' && Array.isArray(s.buckets);
}

/** The state after one more run (`state` is not changed unless `inPlace`). Returns the run's 0-based number within its function (-1 when published before without one) and whether it was published before. */
export function addRunToIndex(state: IndexState, report: Report, now: string, options: { inPlace?: boolean } = {}): { state: IndexState; seq: number; again: boolean } {
  // a rebuild folds thousands of runs into one state it owns: it skips the copy
  const s: IndexState = options.inPlace ? state : structuredClone(state);
  s.generatedAt = now;
  const fn = report.function;
  const slot = s.runs[fn] ?? { total: 0, latest: [] };
  // a run published again (an FC retry, a report completed after it was stored running) keeps its number;
  // -1 when that number is unknown (a row from before rows carried it)
  const had = slot.latest.find((r) => r.id === report.runId);
  const seq = had ? had.q ?? -1 : slot.total;
  if (!had) slot.total += 1;
  slot.latest = [{ ...runRowOf(report), ...(seq >= 0 ? { q: seq } : {}) }, ...slot.latest.filter((r) => r.id !== report.runId)].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id)).slice(0, INDEX_RUNS);
  s.runs[fn] = slot;
  const newest = slot.latest[0]!.id === report.runId;
  if (fn === 'audit-referer' && newest) {
    const previous = new Map((s.audit?.findings ?? []).map((f) => [findingKey(f), f]));
    const all = findingRowsOf(report, previous);
    const severities: Record<string, number> = {};
    for (const f of all) severities[f.severity] = (severities[f.severity] ?? 0) + 1;
    const inventory = report.items.filter((i) => i.code === 'BUCKET_INVENTORY').map((i) => i.bucket);
    s.audit = { id: report.runId, at: report.finishedAt, findings: all.slice(0, INDEX_FINDINGS), total: all.length, severities, buckets: [...new Set([...inventory, ...all.map((f) => f.bucket)])].sort().slice(0, INDEX_FINDINGS) };
  }
  if (fn === 'validate-mirror-origin' && newest) {
    const rules = ruleRowsOf(report);
    s.origins = { id: report.runId, at: report.finishedAt, rules: rules.slice(0, INDEX_RULES), total: rules.length };
  }
  if (fn === 'refresh-stale-objects') {
    const n = Object.fromEntries(Object.entries(report.summary ?? {}).filter(([, v]) => typeof v === 'number'));
    s.refresh = [...s.refresh, { id: report.runId, at: report.finishedAt, n }].sort((a, b) => a.at.localeCompare(b.at)).slice(-CHART_RUNS);
  }
  for (const w of writtenSections(report)) {
    const mine = (s.writes[w.bucket] ??= {});
    const had = mine[w.section];
    if (!had || had.at < report.finishedAt) mine[w.section] = { id: report.runId, at: report.finishedAt };
  }
  s.buckets = [...new Set([...s.buckets, ...touchedBuckets(report)])].sort();
  return { state: s, seq, again: had !== undefined };
}

/** The apply-config run that wrote a finding's section after the finding was seen, if any. */
export function possiblyFixedBy(writes: IndexState['writes'], bucket: string, section: SectionName | undefined, asOf: string): SectionWrite | undefined {
  if (!section) return undefined;
  const w = writes[bucket]?.[section];
  return w && w.at > asOf ? w : undefined;
}
