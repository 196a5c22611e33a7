// `ossedge audit-referer [--bucket B ...] [--probe] [--probe-key K] [--fail-on SEVERITY] [-c FILE] [--json]`:
// the audit-referer handler run in-process with a synthesized direct invocation. One line per finding
// (with its fix) on stderr; --json prints the report alone on stdout. Exit 1 when a finding is at or above
// --fail-on, or when a bucket could not be read; 2 for bad input.
import { createAuditRefererHandler } from '../../functions/audit-referer/handler.ts';
import { atLeast, INVENTORY_CODE, isSeverity } from '../../shared/audit/index.ts';
import type { Report } from '../../shared/report/model.ts';
import type { NotifyKind } from '../../shared/report/notify.ts';
import { EXIT } from './exit.ts';
import { commandOptions, type CommandIo } from './table.ts';
import { connectionFrom, finishReport, invokeInProcess, parseCommandArgs, usageError } from './common.ts';

export const AUDIT_REFERER_USAGE = 'ossedge audit-referer [--bucket B ...] [--probe] [--probe-key KEY] [--fail-on info|low|medium|high|critical] [-c FILE] [--reports oss://bucket/prefix/] [--json]';

// the flags (and their --help lines) live in the command table
const OPTIONS = commandOptions('audit-referer');

/** Human lines: one per finding (worst first) with its fix, errors, then the summary. */
export function auditRefererLines(report: Report): string[] {
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  const findings = report.items.filter((i) => i.severity !== undefined).sort((a, b) => order.indexOf(a.severity!) - order.indexOf(b.severity!));
  const lines = findings.map((f) => `${f.severity!.toUpperCase().padEnd(8)} ${f.bucket}  ${f.code}${f.target ? ` [${f.target}]` : ''}\n         ${f.message}\n         fix: ${f.hint ?? ''}`);
  for (const e of report.errors) lines.push(`error    ${e.bucket ?? ''} ${e.code}: ${e.message}`);
  const s = report.summary;
  const buckets = report.items.filter((i) => i.code === INVENTORY_CODE).length;
  lines.push(`${buckets} bucket(s), ${findings.length} finding(s): ${order.map((k) => `${s[k] ?? 0} ${k}`).join(', ')}`);
  return lines;
}

/** Exit code for a finished audit: 1 when a finding reaches `failOn` or the report is not ok. */
export function auditRefererExitCode(report: Report, failOn: string | undefined): number {
  if (!report.ok) return EXIT.FAILURE;
  if (failOn && isSeverity(failOn) && report.items.some((i) => atLeast(i.severity, failOn))) return EXIT.FAILURE;
  return EXIT.OK;
}

export async function runAuditRefererCommand(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const parsed = parseCommandArgs(io, 'audit-referer', AUDIT_REFERER_USAGE, argv, OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !isSeverity(failOn)) return usageError(io, 'audit-referer', AUDIT_REFERER_USAGE, '--fail-on must be one of info, low, medium, high, critical');
  const { region, options } = connectionFrom(values, env, io);
  const kind = env.OSSEDGE_NOTIFY_KIND;
  const handler = createAuditRefererHandler({
    ...options,
    ...(values.config === undefined && env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    ...(env.OSSEDGE_DASHBOARD ? { dashboardLocation: env.OSSEDGE_DASHBOARD } : {}),
    ...(env.OSSEDGE_NOTIFY_URL ? { notify: { url: env.OSSEDGE_NOTIFY_URL, ...(kind === 'dingtalk' || kind === 'slack' || kind === 'json' ? { kind: kind as NotifyKind } : {}), ...(env.OSSEDGE_NOTIFY_SECRET ? { secret: env.OSSEDGE_NOTIFY_SECRET } : {}) } } : {}),
  });
  const payload: Record<string, unknown> = { command: 'audit-referer', source: 'cli', probe: values.probe === true };
  if ((values.bucket as string[] | undefined)?.length) payload.bucket = values.bucket;
  if (typeof values.config === 'string') payload.config = values.config;
  if (typeof values['probe-key'] === 'string') payload.probeKey = values['probe-key'];
  const run = await invokeInProcess(io, 'audit-referer', handler, 'audit-referer', payload, region);
  if (typeof run === 'number') return run;
  // a local file's problems print as FILE:LINE:COL lines, like plan's and validate-origins'
  const file = typeof values.config === 'string' && !values.config.startsWith('oss://') ? values.config : undefined;
  return finishReport(io, 'audit-referer', run.result, values.json === true, auditRefererLines, (report) => auditRefererExitCode(report, failOn), file);
}

/** The command table's runner shape (local/cli-commands.ts). */
export const auditRefererRunner = (_name: string, argv: string[], io: CommandIo): Promise<number> => runAuditRefererCommand(argv, io);
