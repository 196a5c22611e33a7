// `ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--json]`: the
// validate-mirror-origin handler run in-process with a synthesized direct invocation. One line per rule
// (and its problems with hints) on stderr; --json prints the report alone on stdout. Exit 1 when a rule fails.
import { createValidateOriginsHandler } from '../../functions/validate-mirror-origin/handler.ts';
import type { Report } from '../../shared/report/model.ts';
import { EXIT } from './exit.ts';
import { commandOptions } from './table.ts';
import { allowPrivateOrigins, connectionFrom, finishReport, invokeInProcess, parseCommandArgs, readConfigFile, usageError, type OriginCheckIo } from './common.ts';

export const VALIDATE_ORIGINS_USAGE = 'ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--budget-ms N] [--json]';

// the flags (and their --help lines) live in the command table
const OPTIONS = commandOptions('validate-origins');

/** Test seams in `check`: resolver, dialer, trusted CAs, concurrency. */
export type ValidateOriginsIo = OriginCheckIo;

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;

/** Human lines: a line per rule, its problems with hints, and the summary. */
export function validateOriginsLines(report: Report): string[] {
  const lines: string[] = [];
  let rulePath = '';
  for (const item of report.items) {
    if (item.code.startsWith('MIRROR_RULE_')) {
      rulePath = item.target ?? '';
      lines.push(`${MARK[item.status ?? 'ok']}  ${item.bucket} ${rulePath}`);
      continue;
    }
    if (item.status === 'ok') continue;
    const where = item.target && item.target !== rulePath ? item.target.slice(rulePath.length + 1) : 'rule';
    lines.push(`        ${where}: ${item.message}${item.hint ? `\n          hint: ${item.hint}` : ''}`);
  }
  for (const e of report.errors) lines.push(`error   ${e.bucket ?? ''} ${e.code}: ${e.message}`);
  const s = report.summary;
  lines.push(`${s.rules ?? 0} rule(s): ${s.rulesOk ?? 0} ok, ${s.rulesWarn ?? 0} warn, ${s.rulesFail ?? 0} fail; ${s.origins ?? 0} origin(s) in ${s.totalMs ?? 0} ms`);
  return lines;
}

export async function runValidateOriginsCommand(argv: string[], io: ValidateOriginsIo): Promise<number> {
  const env = io.env ?? process.env;
  const parsed = parseCommandArgs(io, 'validate-origins', VALIDATE_ORIGINS_USAGE, argv, OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const budget = values['budget-ms'] === undefined ? undefined : Number(values['budget-ms']);
  if (budget !== undefined && !(Number.isInteger(budget) && budget > 0)) return usageError(io, 'validate-origins', VALIDATE_ORIGINS_USAGE, '--budget-ms must be a positive integer');
  const file = values.config as string | undefined;
  const payload: Record<string, unknown> = { command: 'validate-origins', source: 'cli' };
  if (file !== undefined) {
    const read = await readConfigFile(io, 'validate-origins', VALIDATE_ORIGINS_USAGE, file, values.json === true);
    if (typeof read === 'number') return read;
    Object.assign(payload, read);
  }
  const buckets = values.bucket as string[] | undefined;
  if (buckets?.length) payload.bucket = buckets;
  const { region, options } = connectionFrom(values, env, io);
  const handler = createValidateOriginsHandler({
    ...options,
    allowPrivate: allowPrivateOrigins(values, env),
    ...(file === undefined && env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    check: { ...io.check, ...(budget ? { budgetMs: budget } : {}) },
  });
  const run = await invokeInProcess(io, 'validate-origins', handler, 'validate-mirror-origin', payload, region);
  if (typeof run === 'number') return run;
  return finishReport(io, 'validate-origins', run.result, values.json === true, validateOriginsLines, (report) => (report.ok ? EXIT.OK : EXIT.FAILURE), file);
}

/** The command table's runner shape (local/cli-commands.ts). */
export const validateOriginsRunner = (_name: string, argv: string[], io: ValidateOriginsIo): Promise<number> => runValidateOriginsCommand(argv, io);
