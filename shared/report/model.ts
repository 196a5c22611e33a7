import { randomBytes } from 'node:crypto';
import { codeOf, messageOf } from '../errors/index.ts';

export type ItemStatus = 'ok' | 'warn' | 'fail';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One finding, check or action (DESIGN.md Reports). `code` is a stable UPPER_SNAKE machine code. */
export interface ReportItem {
  bucket: string;
  target?: string;
  code: string;
  status?: ItemStatus;
  severity?: Severity;
  message: string;
  hint?: string;
  data?: unknown;
}

export interface ReportError {
  code: string;
  message: string;
  bucket?: string;
}

export interface Report {
  function: string;
  runId: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  summary: Record<string, number>;
  items: ReportItem[];
  errors: ReportError[];
}

export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const CODE = /^[A-Z][A-Z0-9_]*$/;

/** A sortable, unique run id: `20260101T120000Z-<6 hex>`. */
/** What newRunId makes: `20260101T120000Z-a1b2c3` (the time first, so keys sort by it). */
export const NEW_RUN_ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export function newRunId(now: Date = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export interface ReportBuilder {
  readonly runId: string;
  add(item: ReportItem): ReportBuilder;
  /** Records an error: its stable code (shared/errors codeOf: OSS's NoSuchBucket is OSS_NO_SUCH_BUCKET) and message, secrets scrubbed. */
  error(error: unknown, bucket?: string): ReportBuilder;
  /** Adds to a summary counter of the caller's own (e.g. `bucketsScanned`). */
  count(name: string, by?: number): ReportBuilder;
  finish(): Report;
}

export interface CreateReportOptions {
  function: string;
  runId?: string;
  now?: () => Date;
  /** Values scrubbed from error messages and item messages. */
  secrets?: ReadonlyArray<string | undefined>;
}

function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/**
 * Collects a run's items and errors; `finish()` stamps `finishedAt` and derives the summary
 * (`items`, `ok`/`warn`/`fail` per status, one counter per severity, `errors`, plus the caller's own) and `ok`.
 */
export function createReport(options: CreateReportOptions): ReportBuilder {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const runId = options.runId ?? newRunId(startedAt);
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const items: ReportItem[] = [];
  const errors: ReportError[] = [];
  const custom: Record<string, number> = {};
  const builder: ReportBuilder = {
    runId,
    add(item) {
      if (!CODE.test(item.code)) throw new TypeError(`report item code must be UPPER_SNAKE: ${item.code}`);
      items.push({ ...item, message: scrub(item.message, secrets), ...(item.hint ? { hint: scrub(item.hint, secrets) } : {}) });
      return builder;
    },
    error(error, bucket) {
      const code = codeOf(error);
      const message = scrub(messageOf(error), secrets);
      errors.push({ code, message, ...(bucket ? { bucket } : {}) });
      return builder;
    },
    count(name, by = 1) {
      custom[name] = (custom[name] ?? 0) + by;
      return builder;
    },
    finish() {
      const summary: Record<string, number> = { items: items.length, ok: 0, warn: 0, fail: 0, errors: errors.length };
      for (const i of items) {
        if (i.status) summary[i.status] = (summary[i.status] ?? 0) + 1;
        if (i.severity) summary[i.severity] = (summary[i.severity] ?? 0) + 1;
      }
      Object.assign(summary, custom);
      return {
        function: options.function,
        runId,
        startedAt: startedAt.toISOString(),
        finishedAt: now().toISOString(),
        ok: errors.length === 0 && !items.some((i) => i.status === 'fail'),
        summary,
        items: items.slice(),
        errors: errors.slice(),
      };
    },
  };
  return builder;
}
