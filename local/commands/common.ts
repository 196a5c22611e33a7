// What the function commands under local/commands/ share: flag parsing with usage/--help, the OSS connection
// from flags and environment, the in-process invocation with a synthesized context, and the report output.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_CONFIG_BYTES } from '../../shared/config/index.ts';
import { configText, configTooLarge } from '../../shared/fc/config-source.ts';
import { BadRequestError } from '../../shared/fc/errors.ts';
import { readFileCapped, TooLargeError } from '../../shared/state/capped-read.ts';
import type { OriginCheckOptions } from '../../shared/origin-check/types.ts';
import type { Report } from '../../shared/report/model.ts';
import { EXIT } from './exit.ts';
import { COMMANDS, commandHelp, type CommandIo, type OptionDefs } from './table.ts';
import { cliCredentials } from './credentials.ts';
import { explain, explainLines } from './explain.ts';
import { flagErrorMessage } from './flags.ts';
import { logWriter } from './output.ts';
import { retentionDaysFrom } from '../../shared/report/retention.ts';

/** The IO of a command that runs origin checks. */
export interface OriginCheckIo extends CommandIo {
  /** Test seam (no flag): resolver, dialer, trusted CAs, budget, concurrency of the origin checks. */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
}

type Values = Record<string, unknown>;
type HandlerError = { error: { code?: string; message?: string; details?: unknown } };
type Issue = { path?: unknown; message?: unknown; code?: unknown; line?: unknown; column?: unknown };

/** Writes `ossedge CMD: message` and the usage to stderr; returns exit 2. */
export function usageError(io: CommandIo, cmd: string, usage: string, message: string): number {
  io.stderr.write(`ossedge ${cmd}: ${message}\nusage: ${usage}\n`);
  return EXIT.USAGE;
}

/**
 * Strict parseArgs; a bad flag is a usage error (2, with a did-you-mean), --help prints the command's help
 * rendered from its option definitions (0): then the exit code is returned.
 */
export function parseCommandArgs(
  io: CommandIo, cmd: string, usage: string, argv: string[], options: OptionDefs, allowPositionals = false,
): { values: Values; positionals: string[] } | number {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: options as NonNullable<ParseArgsConfig['options']>, strict: true, allowPositionals }) as { values: Values; positionals: string[] };
  } catch (e) {
    return usageError(io, cmd, COMMANDS.find((c) => c.name === cmd)?.usage ?? usage, flagErrorMessage(e, argv, options));
  }
  if (parsed.values.help) {
    io.stdout.write(COMMANDS.some((c) => c.name === cmd) ? `${commandHelp(cmd)}\n` : `usage: ${usage}\n`);
    return EXIT.OK;
  }
  return parsed;
}

/** --endpoint/--region/--reports (or OSS_ENDPOINT/OSS_REGION/OSSEDGE_REPORTS) as handler options; keys from the environment. */
export function connectionFrom(values: Values, env: NodeJS.ProcessEnv, io: CommandIo) {
  const endpoint = (values.endpoint as string | undefined) ?? env.OSS_ENDPOINT;
  const region = (values.region as string | undefined) ?? env.OSS_REGION;
  const reports = (values.reports as string | undefined) ?? env.OSSEDGE_REPORTS;
  return {
    region,
    options: {
      // the user's own machine and keys: the file's defaults.endpoint is theirs to choose (never in the functions)
      connection: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), internal: false, fileEndpoint: true },
      fallbackCredentials: cliCredentials(env, values.profile as string | undefined),
      ...(reports ? { reportsLocation: reports } : {}),
      // the functions' retention (README "Retention") applies to the reports the CLI stores too
      retentionDays: retentionDaysFrom(env.OSSEDGE_REPORT_RETENTION_DAYS),
      write: logWriter(io, values.verbose, env),
    },
  };
}

/** --allow-private-origins or OSSEDGE_ALLOW_PRIVATE_ORIGINS=1. */
export function allowPrivateOrigins(values: Values, env: NodeJS.ProcessEnv): boolean {
  return values['allow-private-origins'] === true || env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1';
}

/**
 * Runs the handler with the payload as a direct invocation of function `fn`. A throw is printed and gives
 * exit 1 (returned as a number); otherwise `{ result }`.
 */
export async function invokeInProcess(
  io: CommandIo, cmd: string, handler: (event: Buffer, context: never) => Promise<unknown>, fn: string, payload: unknown, region: string | undefined,
): Promise<{ result: unknown } | number> {
  const context = { requestId: `cli-${randomBytes(8).toString('hex')}`, function: { name: fn, handler: 'index.handler', memory: 0, timeout: 3600 }, region: region ?? 'cn-hangzhou', accountId: 'local' };
  try {
    return { result: await (handler as (event: Buffer, context: unknown) => Promise<unknown>)(Buffer.from(JSON.stringify(payload)), context) };
  } catch (e) {
    // the handler hides its internals behind INTERNAL; in-process the original is at hand to explain
    const original = (e as Error)?.cause ?? e;
    const [first, ...hints] = explainLines(original, 'INTERNAL');
    io.stderr.write(`${[`ossedge ${cmd}: ${first}`, ...hints].join('\n')}\n`);
    return EXIT.FAILURE;
  }
}

/** A `hint:` line on stderr per distinct problem of a report (failed items, errors) that has an explanation. */
export function printReportHints(io: CommandIo, cmd: string, report: Pick<Report, 'items' | 'errors'>): void {
  const seen = new Set<string>();
  const problems = [
    ...report.items.filter((i) => i.status === 'fail').map((i) => ({ bucket: i.bucket, error: { code: (i.data as { errorCode?: unknown } | undefined)?.errorCode, message: i.message } })),
    ...report.errors.map((e) => ({ bucket: e.bucket, error: e })),
  ];
  for (const p of problems) {
    const x = explain(p.error);
    // a failed item is already on the readable report; an error of the run is said here, explained or not
    if (!x && !report.errors.includes(p.error as Report['errors'][number])) continue;
    const code = x?.code ?? String(p.error.code ?? 'ERROR');
    const key = `${code} ${p.bucket ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    io.stderr.write(`ossedge ${cmd}: ${code}${p.bucket ? ` (bucket ${p.bucket})` : ''}: ${p.error.message ?? ''}\n${x ? `  hint: ${x.hint}\n` : ''}`);
  }
}

/**
 * `-c FILE` as payload fields, read through the capped reader before anything else: at most 1 MiB + 1
 * byte is ever read (a regular file over the limit is refused by its size; /dev/zero and FIFOs after
 * the limit). Too large or not UTF-8: the handler's CONFIG_TOO_LARGE / CONFIG_PARSE answer is printed
 * (with --json on stdout as well); unreadable: a usage error. Either way the exit code (2) is returned.
 */
export async function readConfigFile(io: CommandIo, cmd: string, usage: string, file: string, json: boolean): Promise<{ configText: string; filename: string } | number> {
  let refused: BadRequestError;
  try {
    const bytes = await readFileCapped(file, { limit: MAX_CONFIG_BYTES, source: file });
    return { configText: configText(bytes, basename(file)), filename: basename(file) };
  } catch (e) {
    if (e instanceof TooLargeError) refused = configTooLarge(e);
    else if (e instanceof BadRequestError) refused = e;
    else return usageError(io, cmd, usage, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const body = { error: { code: refused.code, message: refused.message, details: refused.details } };
  printHandlerError(io, cmd, body);
  if (json) io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  return EXIT.USAGE;
}

/** `ossedge CMD: CODE: message` on stderr for a handler's error answer. */
export function printHandlerError(io: CommandIo, cmd: string, body: HandlerError, file?: string): void {
  const issues = (body.error.details as { issues?: unknown } | undefined)?.issues;
  if (file === undefined || !Array.isArray(issues) || issues.length === 0) {
    io.stderr.write(`ossedge ${cmd}: ${body.error.code ?? 'ERROR'}: ${body.error.message ?? ''}\n`);
    return;
  }
  // `file:line:col: path: message`, one per issue: what editors and CI annotators parse
  const lines = (issues as Issue[]).map((i) => {
    const at = typeof i.line === 'number' ? `${file}:${i.line}:${typeof i.column === 'number' ? i.column : 1}` : file;
    return `${at}: ${i.path ? `${String(i.path)}: ` : ''}${String(i.message ?? '')}${typeof i.code === 'string' ? ` (${i.code})` : ''}`;
  });
  io.stderr.write(`ossedge ${cmd}: ${body.error.code ?? 'ERROR'}: ${issues.length} problem(s) in ${file}\n${lines.join('\n')}\n`);
}

/**
 * Output of a report-returning handler: an error answer is printed (its config problems as FILE:LINE:COL lines
 * when the config came from `configFile`; with --json written as is) and gives
 * 1 for INTERNAL, else 2; a report goes to stdout as JSON (--json) or as readable `lines`; then `exitCode`.
 */
export function finishReport(io: CommandIo, cmd: string, result: unknown, json: boolean, lines: (r: Report) => string[], exitCode: (r: Report) => number, configFile?: string): number {
  const r = result as (Report & { error?: undefined }) | HandlerError;
  if ('error' in r && r.error) {
    printHandlerError(io, cmd, r, configFile);
    if (json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
  }
  const report = r as Report;
  if (json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(`${lines(report).join('\n')}\n`);
  printReportHints(io, cmd, report);
  return exitCode(report);
}
