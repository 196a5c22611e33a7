import { isBucketName } from '../oss/endpoint.ts';
import type { Report, ReportItem } from './model.ts';

/** Where a run came from (DESIGN.md Reports plus apply-config's fields); every field read defensively. */
export interface Provenance {
  source?: string;
  /** plan | apply | drift (apply-config), with driftAction. */
  mode?: string;
  driftAction?: string;
  rollbackOf?: string;
  git?: GitProvenance;
}

export interface GitProvenance {
  repository?: string;
  sha?: string;
  /** Only an http(s) URL is kept: it becomes a link. */
  commitUrl?: string;
  sender?: string;
  deliveryId?: string;
  ref?: string;
}

export type SectionName = 'website' | 'cors' | 'referer';

const MAX_FIELD = 200;
const SECTION_WRITE_CODES = new Set(['SECTION_CREATED', 'SECTION_UPDATED', 'SECTION_DELETED', 'DRIFT_CORRECTED']);
const SECTIONS: readonly SectionName[] = ['website', 'cors', 'referer'];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_FIELD) : undefined);

function httpUrl(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

export function provenanceOf(report: Report): Provenance {
  const r = report as unknown as Record<string, unknown>;
  const g = (typeof r.git === 'object' && r.git !== null ? r.git : undefined) as Record<string, unknown> | undefined;
  const git: GitProvenance | undefined = g
    ? Object.fromEntries(Object.entries({
      repository: str(g.repository), sha: str(g.sha), commitUrl: httpUrl(g.commitUrl), sender: str(g.sender), deliveryId: str(g.deliveryId), ref: str(g.ref),
    }).filter(([, v]) => v !== undefined))
    : undefined;
  return Object.fromEntries(Object.entries({
    source: str(r.source), mode: str(r.mode), driftAction: str(r.driftAction), rollbackOf: str(r.rollbackOf),
    git: git && Object.keys(git).length > 0 ? git : undefined,
  }).filter(([, v]) => v !== undefined)) as Provenance;
}

/** "plan", "apply", "drift check", "drift correction", "rollback", or the function's plain "run". */
export function kindOf(p: Provenance): string {
  if (p.source === 'rollback' || p.rollbackOf) return 'rollback';
  if (p.mode === 'drift') return p.driftAction === 'correct' ? 'drift correction' : 'drift check';
  return p.mode ?? 'run';
}

/** Buckets a run says something about (items and errors), sorted. */
export function touchedBuckets(report: Report): string[] {
  const names = new Set<string>();
  for (const i of report.items) if (isBucketName(i.bucket)) names.add(i.bucket);
  for (const e of report.errors) if (isBucketName(e.bucket)) names.add(e.bucket);
  return [...names].sort();
}

/** The configuration section an item is about, from its target or code (REFERER_* → referer, CORS_* → cors, mirror/website → website). */
export function sectionOf(item: Pick<ReportItem, 'code' | 'target'>): SectionName | undefined {
  const t = item.target ?? '';
  for (const s of SECTIONS) if (t === s || t.startsWith(`${s}.`) || t.includes(`.${s}.`) || t.endsWith(`.${s}`)) return s;
  if (item.code.startsWith('REFERER_')) return 'referer';
  if (item.code.startsWith('CORS_')) return 'cors';
  if (item.code.startsWith('MIRROR_') || item.code.startsWith('WEBSITE_') || item.code.startsWith('ORIGIN_')) return 'website';
  return undefined;
}

/** Sections an apply-config run wrote (and OSS answered), per bucket. */
export function writtenSections(report: Report): Array<{ bucket: string; section: SectionName }> {
  if (report.function !== 'apply-config') return [];
  const out: Array<{ bucket: string; section: SectionName }> = [];
  for (const i of report.items) {
    if (!SECTION_WRITE_CODES.has(i.code) && i.code !== 'VERIFY_FAILED') continue;
    const s = SECTIONS.find((x) => x === i.target);
    if (s) out.push({ bucket: i.bucket, section: s });
  }
  return out;
}

/** One line saying what a run did: written sections first, then failures and warnings (never empty). */
export function headlineOf(report: Report): string {
  const parts: string[] = [];
  const written = writtenSections(report);
  if (written.length > 0) parts.push(`wrote ${written.map((w) => `${w.bucket} ${w.section}`).slice(0, 4).join(', ')}${written.length > 4 ? ` +${written.length - 4}` : ''}`);
  const failed = report.items.filter((i) => i.status === 'fail');
  if (failed.length > 0) parts.push(`${failed.length} failed (${[...new Set(failed.map((f) => f.code))].slice(0, 3).join(', ')})`);
  const warned = report.items.filter((i) => i.status === 'warn');
  if (warned.length > 0) parts.push(`${warned.length} warning(s) (${[...new Set(warned.map((f) => f.code))].slice(0, 3).join(', ')})`);
  const sev = report.items.filter((i) => i.severity === 'high' || i.severity === 'critical').length;
  if (sev > 0) parts.push(`${sev} high/critical finding(s)`);
  if (report.errors.length > 0) parts.push(`${report.errors.length} error(s): ${report.errors[0]!.code}`);
  if (parts.length === 0) parts.push(report.items.length === 0 ? 'no items' : `${report.items.length} item(s), all ok`);
  return parts.join('; ').slice(0, 300);
}
