// `ossedge plan | apply | export | rollback`: the apply-config handler run in-process with a synthesized
// direct invocation. The readable report and a summary line with the run id on stdout, or with --json the
// report alone (export: the YAML goes to stdout or -o FILE); diagnostics on stderr. plan/apply run validate-mirror-origin's pre-flight on new or changed mirror
// rules, as the deployed function does. Exit codes (DESIGN.md): 0 ok, 3 changes pending, 1 failure, 2 bad input.
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { reportLines, type ApplyReport } from '../../shared/apply/index.ts';
import { planMarkdown } from '../../shared/apply/plan-markdown.ts';
import { newRunId } from '../../shared/report/model.ts';
import { createApplyPreflight } from '../../shared/origin-check/apply-preflight.ts';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { EXIT } from './exit.ts';
import { commandOptions } from './table.ts';
import { requireCredentials } from './credentials.ts';
import { paint } from './output.ts';
import { runSummary } from './run-summary.ts';
import { schemaLine } from './schema-line.ts';
import { allowPrivateOrigins, connectionFrom, invokeInProcess, parseCommandArgs, printHandlerError, printReportHints, readConfigFile, usageError, type OriginCheckIo } from './common.ts';

export const APPLY_CONFIG_COMMANDS = ['plan', 'apply', 'export', 'rollback'] as const;
export type ApplyConfigCommand = (typeof APPLY_CONFIG_COMMANDS)[number];

/**
 * How long a bucket's lease lasts when taken from the CLI (README): a CLI run has no FC timeout, so a killed
 * one blocks that bucket this long unless `ossedge lease break` ends it.
 */
export const CLI_LEASE_TTL_MS = 10 * 60_000;

/** Test seam in `check` (no flag): resolver, dialer, budget... of the origin pre-flight. */
export type CommandIo = OriginCheckIo;

const USAGE: Record<ApplyConfigCommand, string> = {
  plan: 'ossedge plan -c FILE [--bucket B ...] [--allow-private-origins] [--json | --format markdown]',
  apply: 'ossedge apply -c FILE [--dry-run] [--bucket B ...] [--allow-private-origins] [--json]',
  export: 'ossedge export [--bucket B ...] [-o FILE] [--json]',
  rollback: 'ossedge rollback RUN_ID [--dry-run] [--force] [--reports oss://bucket/prefix/] [--allow-private-origins] [--json]',
};

/** Exit code for what the handler answered. */
export function exitCodeFor(result: unknown): number {
  const r = result as { ok?: unknown; error?: { code?: string }; changesPending?: unknown } | null;
  if (!r || typeof r !== 'object') return EXIT.FAILURE;
  if (r.error) return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
  if (r.ok === false) return EXIT.FAILURE;
  return r.changesPending === true ? EXIT.PENDING : EXIT.OK;
}

/** The handler's payload, or what is wrong with the arguments. `fromFile`: what `-c FILE` holds. */
function payloadFor(name: ApplyConfigCommand, values: Record<string, unknown>, positionals: string[], env: NodeJS.ProcessEnv, fromFile?: { configText: string; filename: string }): Record<string, unknown> | string {
  const buckets = values.bucket as string[] | undefined;
  const common = { source: 'cli', ...(buckets?.length ? { bucket: buckets } : {}) };
  if (name === 'rollback') {
    if (positionals.length !== 1) return 'rollback takes exactly one RUN_ID';
    return { command: 'rollback', runId: positionals[0], ...(values['dry-run'] ? { dryRun: true } : {}), ...(values.force ? { force: true } : {}), ...common };
  }
  if (positionals.length > 0) return `unexpected argument ${positionals[0]}`;
  if (name === 'export') return { command: 'export', ...common };
  let config: Record<string, unknown>;
  if (fromFile) config = fromFile;
  else if (env.OSSEDGE_CONFIG) config = { config: env.OSSEDGE_CONFIG };
  else return `${name} needs -c FILE`;
  return { command: name, ...(values['dry-run'] ? { dryRun: true } : {}), ...config, ...common };
}

/** Runs one of the apply-config commands; resolves with the exit code. */
export async function runApplyConfigCommand(name: ApplyConfigCommand, argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  // the flags (and their --help lines) live in the command table
  const parsed = parseCommandArgs(io, name, USAGE[name], argv, commandOptions(name), true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.format !== undefined && (name !== 'plan' || values.format !== 'markdown')) return usageError(io, name, USAGE[name], '--format takes markdown (plan only)');
  let fromFile;
  if (typeof values.config === 'string' && (name === 'plan' || name === 'apply')) {
    fromFile = await readConfigFile(io, name, USAGE[name], values.config, values.json === true);
    if (typeof fromFile === 'number') return fromFile;
  }
  const payload = payloadFor(name, values, positionals, env, fromFile);
  if (typeof payload === 'string') return usageError(io, name, USAGE[name], payload);
  const missing = await requireCredentials(io, name, env, values.profile as string | undefined);
  if (missing !== undefined) return missing;
  const { region, options } = connectionFrom(values, env, io);
  if (name === 'rollback' && !options.reportsLocation) {
    // said before any request: without the stored report there is no before-state to go back to
    io.stderr.write('ossedge rollback: rollback needs the reports location (OSSEDGE_REPORTS or --reports): it restores the before-states kept in the run\'s stored report there;\n'
      + '  pass the location the apply stored its report in (ossedge apply printed it). An apply run without a reports location kept no rollback point:\n'
      + '  then revert the change in git (or in the config) and apply it.\n');
    return EXIT.USAGE;
  }
  if (name === 'apply' && payload.command === 'apply' && !payload.dryRun) {
    // said first, so a run that gets killed has named itself (ossedge lease show / rollback take this id)
    payload.runId = newRunId();
    const report = options.reportsLocation ? `; report ${options.reportsLocation.replace(/\/?$/, '/')}apply-config/${payload.runId}.json` : '';
    io.stderr.write(`ossedge apply: run ${payload.runId}${report}\n`);
    // said before anything is written: without stored reports there is nothing to roll back to
    if (!options.reportsLocation) io.stderr.write('ossedge apply: warning: no reports location (--reports or OSSEDGE_REPORTS): this run keeps no rollback point\n');
  }
  const handler = createApplyConfigHandler({
    env,
    ...options,
    leaseTtlMs: CLI_LEASE_TTL_MS,
    // new or changed mirror rules: validate-mirror-origin's checks before the website is written (as deployed)
    preflight: createApplyPreflight({ ...io.check, allowPrivate: allowPrivateOrigins(values, env) }),
  });
  const run = await invokeInProcess(io, name, handler, 'apply-config', payload, region);
  if (typeof run === 'number') return run;
  const { result } = run;
  const r = result as { error?: { code?: string; message?: string }; config?: string } & Partial<ApplyReport>;
  if (r?.error) printHandlerError(io, name, r as { error: { code?: string; message?: string } }, values.config as string | undefined);
  // a partial export would read as "these buckets have no settings": write it only when every bucket was read
  if (name === 'export' && typeof r.config === 'string' && r.ok !== false) {
    // the schema line is relative to where the file lands: -o FILE's folder, else the working directory
    const written = typeof values.output === 'string' ? dirname(resolve(values.output)) : process.cwd();
    if (typeof values.output === 'string') writeFileSync(values.output, `${await schemaLine(written)}${r.config}`);
    else if (!values.json) io.stdout.write(`${await schemaLine(written)}${r.config}`);
  }
  const code = exitCodeFor(result);
  if (!r?.error && Array.isArray(r.items)) printReportHints(io, name, r as ApplyReport);
  // CI users: the same Markdown as the pull request comment
  if (values.format === 'markdown' && !r?.error && Array.isArray(r.items)) io.stdout.write(`${planMarkdown(r as ApplyReport, { path: typeof values.config === 'string' ? basename(values.config) : 'ossedge.yaml' })}\n`);
  else if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (!r?.error && Array.isArray(r.items) && name !== 'export') {
    const lines = [...reportLines(r as ApplyReport), runSummary(name, r as ApplyReport, code, paint(io.stdout, env), positionals[0])];
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return code;
}
