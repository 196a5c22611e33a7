// The plan as Markdown: the pull/merge request comment and `ossedge plan --format markdown` print the
// same text. Everything from the config or the buckets goes inside code blocks (never raw Markdown),
// so a config cannot inject links, mentions or HTML into the comment.
import { APPLY_CODES, type ApplyReport } from './report.ts';

/** The hidden marker that finds our one comment again (edited in place on every new head). */
export const PLAN_COMMENT_MARKER = '<!-- ossedge:plan -->';
/** Well under GitHub's 65,536 characters; the rest is in the stored report. */
export const MAX_MARKDOWN_CHARS = 60_000;

export interface PlanIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface PlanMarkdownOptions {
  /** The commit planned. */
  sha?: string;
  /** The config's path in the repository. */
  path?: string;
  /** A pull request from a fork: origin probes were skipped. */
  fork?: boolean;
  /** The config did not validate: its issues (with line numbers) instead of a plan. */
  issues?: readonly PlanIssue[];
  /** A failure before the plan (git host, OSS): its code and message. */
  error?: { code: string; message: string };
  reportUrl?: string;
  /** The comment's first line (GitOps: a marker only this deployment can write); default PLAN_COMMENT_MARKER. */
  marker?: string;
}

// a fence longer than any backtick run in the text cannot be closed from inside
function block(lines: readonly string[]): string {
  const text = lines.join('\n');
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}\n${text}\n${fence}`;
}

/** Inline text from the config as a code span: no emphasis, links, mentions or HTML can start inside it. */
function inline(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  let run = 0;
  for (const ch of flat) {
    run = ch === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}

/** A bucket's heading: a bucket name as it is (letters, digits, '-'), anything else as code. */
const heading = (bucket: string): string => (/^[a-z0-9-]+$/.test(bucket) ? bucket : inline(bucket || 'config'));

/** Items of the config's own warnings (configWarningItems): listed once, above the buckets. */
const isConfigWarning = (i: ApplyReport['items'][number]): boolean =>
  (i.data as { configWarning?: unknown } | undefined)?.configWarning === true || i.code === 'CONFIG_WARNINGS_NOT_SHOWN';

function warningLines(items: ApplyReport['items']): string[] {
  return items.map((i) => {
    const d = i.data as { line?: number; column?: number } | undefined;
    return `! ${typeof d?.line === 'number' ? `line ${d.line}:${d.column ?? 1}: ` : ''}${i.target ? `${i.target}: ` : ''}${i.message} (${i.code})`;
  });
}

function header(o: PlanMarkdownOptions): string[] {
  const what = `${o.path ? `\`${o.path.replace(/`/g, '')}\`` : 'ossedge.yaml'}${o.sha && /^[0-9a-f]{7,40}$/.test(o.sha) ? ` at ${o.sha.slice(0, 7)}` : ''}`;
  return [o.marker ?? PLAN_COMMENT_MARKER, `### ossedge plan: ${what}`, ''];
}

export function planMarkdown(report: ApplyReport | undefined, o: PlanMarkdownOptions = {}): string {
  const out = header(o);
  if (o.issues) {
    out.push(`**The config is invalid** (${o.issues.length} problem${o.issues.length === 1 ? '' : 's'}); nothing would be applied.`, '');
    out.push(block(o.issues.map((i) => `${i.line !== undefined ? `line ${i.line}${i.column !== undefined ? `:${i.column}` : ''}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`)));
  } else if (o.error || !report) {
    out.push('**The plan could not be made.**', '', block([`${o.error?.code ?? 'ERROR'}: ${o.error?.message ?? 'no report'}`]));
  } else {
    const s = report.summary;
    out.push(`**${s.buckets ?? 0} bucket(s): ${s.buckets_pending ?? 0} with changes, ${s.buckets_unchanged ?? 0} unchanged${s.buckets_failed ? `, ${s.buckets_failed} failed` : ''}.**`);
    const warnings = report.items.filter(isConfigWarning);
    if (warnings.length > 0) out.push('', `**${warnings.length} config warning(s)** (they refuse nothing):`, block(warningLines(warnings)));
    const items = report.items.filter((i) => !isConfigWarning(i));
    const buckets = [...new Set(items.map((i) => i.bucket))].sort();
    for (const b of buckets) {
      const lines: string[] = [];
      for (const i of items.filter((x) => x.bucket === b && x.code !== APPLY_CODES.unchanged)) {
        const data = i.data as { text?: string[]; warnings?: Array<{ message?: string } | string> } | undefined;
        if (i.code === APPLY_CODES.pending && data?.text?.length) for (const t of data.text) lines.push(`~ ${i.target}: ${t}`);
        else lines.push(`${i.status === 'fail' ? '✗' : i.status === 'warn' ? '!' : i.code === APPLY_CODES.preflight ? '✓' : '·'} ${i.target ? `${i.target}: ` : ''}${i.code === APPLY_CODES.preflight ? 'pre-flight ' : ''}${i.message}`);
        for (const w of data?.warnings ?? []) lines.push(`! warning: ${typeof w === 'string' ? w : (w.message ?? '')}`);
      }
      if (lines.length > 0) out.push('', `#### ${heading(b)}`, block(lines));
    }
    for (const e of report.errors) out.push('', block([`error ${e.code}: ${e.message}`]));
  }
  if (o.fork) out.push('', '> Origin pre-flight skipped: this change comes from a fork, and its config must not make the function probe arbitrary hosts.');
  if (o.reportUrl && /^https:\/\/[^\s)]+$/.test(o.reportUrl)) out.push('', `[Report](${o.reportUrl})`);
  const text = out.join('\n');
  return text.length <= MAX_MARKDOWN_CHARS ? text : `${text.slice(0, MAX_MARKDOWN_CHARS)}\n\n…(cut: the whole plan is in the stored report)`;
}
