// `ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--json]`: the
// validate-mirror-origin handler run in-process with a synthesized direct invocation. One line per rule
// (and its problems with hints) on stderr; --json prints the report alone on stdout. Exit 1 when a rule fails.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createValidateOriginsHandler } from '../../functions/validate-mirror-origin/handler.ts';
import { envCredentials } from '../../shared/fc/credentials.ts';
import type { OriginCheckOptions } from '../../shared/origin-check/types.ts';
import type { Report } from '../../shared/report/model.ts';

const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
export const VALIDATE_ORIGINS_USAGE = 'ossedge validate-origins [-c FILE] [--bucket B ...] [--allow-private-origins] [--budget-ms N] [--json]';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  reports: { type: 'string' },
  config: { type: 'string', short: 'c' },
  bucket: { type: 'string', multiple: true },
  'allow-private-origins': { type: 'boolean' },
  'budget-ms': { type: 'string' },
} as const;

export interface ValidateOriginsIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Test seams: resolver, dialer, trusted CAs, concurrency. */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
}

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
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    io.stderr.write(`ossedge validate-origins: ${(e as Error).message}\nusage: ${VALIDATE_ORIGINS_USAGE}\n`);
    return EXIT.USAGE;
  }
  if (values.help) {
    io.stdout.write(`usage: ${VALIDATE_ORIGINS_USAGE}\n`);
    return EXIT.OK;
  }
  const budget = values['budget-ms'] === undefined ? undefined : Number(values['budget-ms']);
  if (budget !== undefined && !(Number.isInteger(budget) && budget > 0)) {
    io.stderr.write(`ossedge validate-origins: --budget-ms must be a positive integer\nusage: ${VALIDATE_ORIGINS_USAGE}\n`);
    return EXIT.USAGE;
  }
  const file = values.config as string | undefined;
  const payload: Record<string, unknown> = { command: 'validate-origins', source: 'cli' };
  if (file !== undefined) {
    try {
      Object.assign(payload, { configText: readFileSync(file, 'utf8'), filename: basename(file) });
    } catch (e) {
      io.stderr.write(`ossedge validate-origins: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}\n`);
      return EXIT.USAGE;
    }
  }
  const buckets = values.bucket as string[] | undefined;
  if (buckets?.length) payload.bucket = buckets;
  const endpoint = (values.endpoint as string | undefined) ?? env.OSS_ENDPOINT;
  const region = (values.region as string | undefined) ?? env.OSS_REGION;
  const reports = (values.reports as string | undefined) ?? env.OSSEDGE_REPORTS;
  const handler = createValidateOriginsHandler({
    connection: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), internal: false },
    fallbackCredentials: envCredentials(env),
    allowPrivate: values['allow-private-origins'] === true || env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
    ...(file === undefined && env.OSSEDGE_CONFIG ? { configLocation: env.OSSEDGE_CONFIG } : {}),
    ...(reports ? { reportsLocation: reports } : {}),
    check: { ...io.check, ...(budget ? { budgetMs: budget } : {}) },
    write: (line) => io.stderr.write(`${line}\n`),
  });
  const context = { requestId: `cli-${randomBytes(8).toString('hex')}`, function: { name: 'validate-mirror-origin', handler: 'index.handler', memory: 0, timeout: 3600 }, region: region ?? 'cn-hangzhou', accountId: 'local' };
  let result: unknown;
  try {
    result = await handler(Buffer.from(JSON.stringify(payload)), context);
  } catch (e) {
    io.stderr.write(`ossedge validate-origins: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  const r = result as (Report & { error?: undefined }) | { error: { code?: string; message?: string } };
  if ('error' in r && r.error) {
    io.stderr.write(`ossedge validate-origins: ${r.error.code ?? 'ERROR'}: ${r.error.message ?? ''}\n`);
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
  }
  const report = r as Report;
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stderr.write(`${validateOriginsLines(report).join('\n')}\n`);
  return report.ok ? EXIT.OK : EXIT.FAILURE;
}

/** The command table's runner shape (local/cli-commands.ts). */
export const validateOriginsRunner = (_name: string, argv: string[], io: ValidateOriginsIo): Promise<number> => runValidateOriginsCommand(argv, io);
