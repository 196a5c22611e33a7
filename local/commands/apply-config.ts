// `ossedge plan | apply | export | rollback`: the apply-config handler run in-process with a synthesized
// direct invocation. Human output on stderr; --json prints the report alone on stdout (export: the YAML
// goes to stdout or -o FILE). plan/apply run validate-mirror-origin's pre-flight on new or changed mirror
// rules, as the deployed function does. Exit codes (DESIGN.md): 0 ok, 3 changes pending, 1 failure, 2 bad input.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { reportLines, type ApplyReport } from '../../shared/apply/index.ts';
import { envCredentials } from '../../shared/fc/credentials.ts';
import { createApplyPreflight } from '../../shared/origin-check/apply-preflight.ts';
import type { OriginCheckOptions } from '../../shared/origin-check/types.ts';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';

export const APPLY_CONFIG_COMMANDS = ['plan', 'apply', 'export', 'rollback'] as const;
export type ApplyConfigCommand = (typeof APPLY_CONFIG_COMMANDS)[number];

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
  /** Test seam (no flag): resolver, dialer, budget... of the origin pre-flight. */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
}

const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, PENDING: 3 } as const;

const USAGE: Record<ApplyConfigCommand, string> = {
  plan: 'ossedge plan -c FILE [--bucket B ...] [--allow-private-origins] [--json]',
  apply: 'ossedge apply -c FILE [--dry-run] [--bucket B ...] [--allow-private-origins] [--json]',
  export: 'ossedge export [--bucket B ...] [-o FILE] [--json]',
  rollback: 'ossedge rollback RUN_ID [--reports oss://bucket/prefix/] [--allow-private-origins] [--json]',
};

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  reports: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'dry-run': { type: 'boolean' },
  bucket: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
  'allow-private-origins': { type: 'boolean' },
} as const;

/** Exit code for what the handler answered. */
export function exitCodeFor(result: unknown): number {
  const r = result as { ok?: unknown; error?: { code?: string }; changesPending?: unknown } | null;
  if (!r || typeof r !== 'object') return EXIT.FAILURE;
  if (r.error) return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
  if (r.ok === false) return EXIT.FAILURE;
  return r.changesPending === true ? EXIT.PENDING : EXIT.OK;
}

function payloadFor(name: ApplyConfigCommand, values: Record<string, unknown>, positionals: string[], env: NodeJS.ProcessEnv): Record<string, unknown> | string {
  const buckets = values.bucket as string[] | undefined;
  const common = { source: 'cli', ...(buckets?.length ? { bucket: buckets } : {}) };
  if (name === 'rollback') {
    if (positionals.length !== 1) return 'rollback takes exactly one RUN_ID';
    return { command: 'rollback', runId: positionals[0], ...common };
  }
  if (positionals.length > 0) return `unexpected argument ${positionals[0]}`;
  if (name === 'export') return { command: 'export', ...common };
  const file = values.config as string | undefined;
  let config: Record<string, unknown>;
  if (file !== undefined) {
    try {
      config = { configText: readFileSync(file, 'utf8'), filename: basename(file) };
    } catch (e) {
      return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`;
    }
  } else if (env.OSSEDGE_CONFIG) config = { config: env.OSSEDGE_CONFIG };
  else return `${name} needs -c FILE`;
  return { command: name, ...(values['dry-run'] ? { dryRun: true } : {}), ...config, ...common };
}

function printError(io: CommandIo, name: string, body: { error: { code?: string; message?: string } }): void {
  io.stderr.write(`ossedge ${name}: ${body.error.code ?? 'ERROR'}: ${body.error.message ?? ''}\n`);
}

/** Runs one of the apply-config commands; resolves with the exit code. */
export async function runApplyConfigCommand(name: ApplyConfigCommand, argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (e) {
    io.stderr.write(`ossedge ${name}: ${(e as Error).message}\nusage: ${USAGE[name]}\n`);
    return EXIT.USAGE;
  }
  if (values.help) {
    io.stdout.write(`usage: ${USAGE[name]}\n`);
    return EXIT.OK;
  }
  const payload = payloadFor(name, values, positionals, env);
  if (typeof payload === 'string') {
    io.stderr.write(`ossedge ${name}: ${payload}\nusage: ${USAGE[name]}\n`);
    return EXIT.USAGE;
  }
  const endpoint = (values.endpoint as string | undefined) ?? env.OSS_ENDPOINT;
  const region = (values.region as string | undefined) ?? env.OSS_REGION;
  const reports = (values.reports as string | undefined) ?? env.OSSEDGE_REPORTS;
  const handler = createApplyConfigHandler({
    env,
    connection: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), internal: false },
    fallbackCredentials: envCredentials(env),
    // new or changed mirror rules: validate-mirror-origin's checks before the website is written (as deployed)
    preflight: createApplyPreflight({ ...io.check, allowPrivate: values['allow-private-origins'] === true || env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1' }),
    ...(reports ? { reportsLocation: reports } : {}),
    write: (line) => io.stderr.write(`${line}\n`),
  });
  const context = { requestId: `cli-${randomBytes(8).toString('hex')}`, function: { name: 'apply-config', handler: 'index.handler', memory: 0, timeout: 3600 }, region: region ?? 'cn-hangzhou', accountId: 'local' };
  let result: unknown;
  try {
    result = await handler(Buffer.from(JSON.stringify(payload)), context);
  } catch (e) {
    io.stderr.write(`ossedge ${name}: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  const r = result as { error?: { code?: string; message?: string }; config?: string } & Partial<ApplyReport>;
  if (r?.error) printError(io, name, r as { error: { code?: string; message?: string } });
  if (name === 'export' && typeof r.config === 'string') {
    if (typeof values.output === 'string') writeFileSync(values.output, r.config);
    else if (!values.json) io.stdout.write(r.config);
  }
  if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (!r?.error && Array.isArray(r.items) && name !== 'export') io.stderr.write(`${reportLines(r as ApplyReport).join('\n')}\n`);
  return exitCodeFor(result);
}
