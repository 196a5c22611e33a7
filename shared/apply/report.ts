import { createReport, type Report, type ReportBuilder } from '../report/model.ts';
import { observedByBucket } from '../report/observed.ts';
import type { RunResult } from './engine.ts';
import { printable } from '../config/printable.ts';
import type { HoldRecord } from '../state/holds.ts';
import type { BucketOutcome, DriftAction, RunMode, SectionOutcome } from './types.ts';

export const APPLY_FUNCTION = 'apply-config';

/** Stable item codes of an apply-config report. */
export const APPLY_CODES = {
  unchanged: 'BUCKET_UNCHANGED',
  pending: 'CHANGE_PENDING',
  driftFound: 'DRIFT_FOUND',
  driftCorrected: 'DRIFT_CORRECTED',
  created: 'SECTION_CREATED',
  updated: 'SECTION_UPDATED',
  deleted: 'SECTION_DELETED',
  notVerified: 'VERIFY_FAILED',
  failed: 'BUCKET_FAILED',
  busy: 'BUCKET_BUSY',
  preflight: 'PREFLIGHT_RESULT',
  keptChanged: 'ROLLBACK_SECTION_KEPT',
  unconfirmed: 'SECTION_WRITE_UNCONFIRMED',
  held: 'DRIFT_HELD',
  holdPlaced: 'DRIFT_HOLD_PLACED',
  holdReleased: 'DRIFT_HOLD_RELEASED',
  holdNotReleased: 'DRIFT_HOLD_NOT_RELEASED',
} as const;

/** DESIGN.md report plus what the CLI and rollback need. */
export interface ApplyReport extends Report {
  mode: RunMode;
  driftAction?: DriftAction;
  /** A plan / dry run / drift report with something to change (CLI exit code 3). */
  changesPending: boolean;
  source?: string;
  /** Set on a rollback run: the run whose before-states were restored. */
  rollbackOf?: string;
  /** Plan and drift runs: each bucket's managed sections as read (compact, secrets redacted), for the dashboard's bucket pages. */
  observed?: Record<string, unknown>;
  /** Set while the run is under way (or when it was killed): the stored report holds its before-states only. */
  running?: boolean;
}

export interface ReportOptions {
  runId?: string;
  /** When the run started (default: when the report is built). */
  startedAt?: Date;
  now?: () => Date;
  secrets?: ReadonlyArray<string | undefined>;
  source?: string;
  rollbackOf?: string;
}

const ACTION_CODE = { create: APPLY_CODES.created, update: APPLY_CODES.updated, delete: APPLY_CODES.deleted, none: APPLY_CODES.updated } as const;

/** A section item's `data` (DESIGN.md Reports): what the plan said, what was written, before and after. */
export function sectionData(s: SectionOutcome): Record<string, unknown> {
  return {
    section: s.section, action: s.action, applied: s.applied,
    // rollback restores such a section like one a killed run was writing: only while it holds `after`
    ...(s.unconfirmed && !s.applied ? { writing: true } : {}),
    ...(s.verified !== undefined ? { verified: s.verified } : {}),
    changes: s.changes, text: s.text, ...(s.warnings.length ? { warnings: s.warnings } : {}),
    before: s.before, after: s.after,
  };
}

function addSection(b: ReportBuilder, o: BucketOutcome, s: SectionOutcome, result: RunResult): void {
  const base = { bucket: o.bucket, target: s.section, data: sectionData(s) };
  const summary = `${s.section}: ${s.action}${s.text.length ? ` (${s.text.length} change${s.text.length === 1 ? '' : 's'})` : ''}`;
  if (!s.applied && s.unconfirmed) {
    b.add({ ...base, code: APPLY_CODES.unconfirmed, status: 'fail', message: `${summary}: sent, but no answer said whether it was written (none came, or a 5xx): it may have been (a rollback of this run restores it only while it holds this run's after)` });
    return;
  }
  if (!s.applied) {
    if (o.status === 'pending') {
      const drift = result.mode === 'drift';
      b.add({ ...base, code: drift ? APPLY_CODES.driftFound : APPLY_CODES.pending, status: 'warn', message: `${drift ? 'drift' : 'would'} ${summary}` });
    }
    return;
  }
  if (s.verified === false) {
    b.add({ ...base, code: APPLY_CODES.notVerified, status: 'fail', message: `${summary}: written, but the read-back differs` });
    return;
  }
  const code = result.mode === 'drift' ? APPLY_CODES.driftCorrected : ACTION_CODE[s.action];
  b.add({ ...base, code, status: 'ok', message: `${result.mode === 'drift' ? 'corrected drift: ' : ''}${summary}${s.verified ? ', verified' : ''}` });
}

const holdOrigin = (h: HoldRecord): string => `rollback run ${h.runId}${h.rollbackOf ? ` of ${h.rollbackOf}` : ''}, since ${h.since}`;

/** What the run did with the bucket's drift hold (shared/apply/holds.ts). */
function addHoldItems(b: ReportBuilder, o: BucketOutcome): void {
  const release = `until the next apply from the config or \`ossedge hold release ${o.bucket}\``;
  if (o.held) {
    b.add({ bucket: o.bucket, code: APPLY_CODES.held, status: 'warn', message: `on hold (${holdOrigin(o.held)}): drift reported, not corrected, ${release}`, data: { hold: o.held } });
  }
  if (o.holdPlaced) {
    b.add({ bucket: o.bucket, code: APPLY_CODES.holdPlaced, status: 'warn', message: `drift correction on hold: the drift timer reports this bucket's drift and does not correct it ${release}; the fix of record is a revert in git`, data: { hold: o.holdPlaced } });
  }
  if (o.holdReleased) {
    b.add({ bucket: o.bucket, code: APPLY_CODES.holdReleased, status: 'ok', message: `hold ended (${holdOrigin(o.holdReleased)}): drift correction resumes`, data: { hold: o.holdReleased } });
  }
  if (o.holdNotReleased) {
    b.add({ bucket: o.bucket, code: APPLY_CODES.holdNotReleased, status: 'warn', message: `still on hold: it could not be ended (${o.holdNotReleased}); \`ossedge hold release ${o.bucket}\` ends it` });
  }
}

/** One report per run (DESIGN.md Reports): an item per changed section (action, diff, before/after, verification), one per unchanged or failed bucket. */
export function buildRunReport(result: RunResult, options: ReportOptions = {}): ApplyReport {
  const { startedAt, ...builderOptions } = options;
  const b = createReport({ function: APPLY_FUNCTION, ...builderOptions });
  let pending = false;
  for (const o of result.outcomes) {
    b.count('buckets');
    b.count(`buckets_${o.status}`);
    if (o.status === 'unchanged') b.add({ bucket: o.bucket, code: APPLY_CODES.unchanged, status: 'ok', message: 'equal to the config' });
    if (o.status === 'pending') pending = true;
    for (const s of o.sections) {
      addSection(b, o, s, result);
      if (s.applied) b.count('sectionsWritten');
      else if (o.status === 'pending') b.count('sectionsPending');
    }
    for (const section of o.keptChanged ?? []) {
      b.add({ bucket: o.bucket, target: section, code: APPLY_CODES.keptChanged, status: 'warn', message: `${section}: left as it is: it no longer holds what the rolled-back run was writing (changed since, or never written by that run)` });
    }
    addHoldItems(b, o);
    for (const p of o.preflight ?? []) {
      b.add({ bucket: o.bucket, target: `website.routingRules[${p.ruleIndex}]`, code: APPLY_CODES.preflight, status: p.ok ? 'ok' : p.forced ? 'warn' : 'fail', message: `${p.code}: ${p.message}${!p.ok && p.forced ? (o.status === 'pending' ? ' (would be applied anyway: force: true)' : ' (applied anyway: force: true)') : ''}` });
    }
    if (o.error) {
      const code = o.status === 'busy' ? APPLY_CODES.busy : APPLY_CODES.failed;
      b.add({ bucket: o.bucket, code, status: 'fail', message: o.error.message, ...(o.error.hint ? { hint: o.error.hint } : {}), data: { errorCode: o.error.code, attempts: o.attempts, ...(o.error.op ? { op: o.error.op } : {}), ...(o.error.status ? { status: o.error.status } : {}) } });
      b.error({ code: o.error.code, message: o.error.message }, o.bucket);
    }
  }
  const report = b.finish();
  const observed = result.mode === 'apply' ? undefined : observedByBucket(result.outcomes);
  return {
    ...report,
    ...(startedAt ? { startedAt: startedAt.toISOString() } : {}),
    mode: result.mode,
    ...(result.driftAction ? { driftAction: result.driftAction } : {}),
    changesPending: pending,
    ...(options.source ? { source: options.source } : {}),
    ...(options.rollbackOf ? { rollbackOf: options.rollbackOf } : {}),
    ...(observed ? { observed } : {}),
  };
}

/** Human lines for the CLI: one per change, then failures. */
export function reportLines(report: ApplyReport): string[] {
  const lines: string[] = [];
  for (const i of report.items) {
    const text = (i.data as { text?: string[] } | undefined)?.text;
    if (i.code === APPLY_CODES.unchanged) continue;
    const warning = i.data as { configWarning?: boolean; line?: number; column?: number } | undefined;
    if (warning?.configWarning) {
      // as validation prints its issues: the path, the message, where, the code
      lines.push(`! warning: ${i.target ? `${i.target}: ` : ''}${i.message}${warning.line ? ` (line ${warning.line}, column ${warning.column ?? 1})` : ''} (${i.code})`);
      continue;
    }
    if (text && text.length > 0 && i.status !== 'fail') {
      const verb = i.code === APPLY_CODES.pending || i.code === APPLY_CODES.driftFound ? '~' : '✓';
      for (const t of text) lines.push(`${verb} ${i.bucket}: ${t}`);
    } else {
      const mark = i.status === 'fail' ? '✗' : i.status === 'warn' ? '!' : '·';
      const where = [i.bucket, i.target].filter((x) => x).join(' ');
      lines.push(`${mark} ${where ? `${where}: ` : ''}${i.code} ${i.message}${i.hint ? ` — ${i.hint}` : ''}`);
    }
  }
  const s = report.summary;
  lines.push(`${s.buckets ?? 0} bucket(s): ${s.buckets_unchanged ?? 0} unchanged, ${s.buckets_pending ?? 0} with changes pending, ${s.buckets_applied ?? 0} applied, ${(s.buckets_failed ?? 0) + (s.buckets_busy ?? 0)} failed`);
  // changes quote config and live values, failures OSS's messages: none of it may drive the terminal
  return lines.map(printable);
}
