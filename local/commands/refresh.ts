// `ossedge refresh --bucket B [--prefix P] [--dry-run] [--strategy refetch|delete] [--shards N]
// [--max-objects N] [--max-bytes N] [--origin-qps N] [--allow-private-origins] [--json]`: the
// refresh-stale-objects handler run in-process with a synthesized direct invocation. One line per change
// or failure on stderr and a summary; --json prints the report alone on stdout. Exit 1 when anything failed.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { envCredentials } from '../../shared/fc/credentials.ts';
import type { RefreshLimits } from '../../shared/refresh/types.ts';
import type { Report } from '../../shared/report/model.ts';

const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;
export const REFRESH_USAGE = 'ossedge refresh --bucket B [--prefix P] [--dry-run] [--strategy refetch|delete] [--max-objects N] [--max-bytes N] [--origin-qps N] [--allow-private-origins] [--json]';

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  reports: { type: 'string' },
  bucket: { type: 'string', multiple: true },
  prefix: { type: 'string' },
  'dry-run': { type: 'boolean' },
  strategy: { type: 'string' },
  'max-objects': { type: 'string' },
  'max-bytes': { type: 'string' },
  'origin-qps': { type: 'string' },
  'allow-private-origins': { type: 'boolean' },
} as const;

export interface RefreshIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

const MARK: Record<string, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** Human lines: one per change or failure, then the counts. */
export function refreshLines(report: Report): string[] {
  const lines = report.items.map((i) => `${MARK[i.status ?? 'ok'] ?? '    '}  ${i.bucket}/${i.target ?? ''}  ${i.code}: ${i.message}`);
  for (const e of report.errors) lines.push(`error  ${e.bucket ?? ''} ${e.code}: ${e.message}`);
  const s = report.summary;
  lines.push(`${s.scanned ?? 0} scanned: ${s.unchanged ?? 0} unchanged, ${s.stale ?? 0} stale, ${s.refreshed ?? 0} refreshed, ${s.deleted ?? 0} deleted, ` +
    `${s.failed ?? 0} failed, ${s.gone ?? 0} gone at origin, ${s.capped ?? 0} capped; ${s.bytesMoved ?? 0} bytes moved${s.dryRun ? ' (dry run)' : ''}`);
  return lines;
}

function positive(name: string, v: unknown): number | undefined | Error {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : new Error(`--${name} must be a positive number`);
}

export async function runRefreshCommand(argv: string[], io: RefreshIo): Promise<number> {
  const env = io.env ?? process.env;
  const usage = (msg: string) => {
    io.stderr.write(`ossedge refresh: ${msg}\nusage: ${REFRESH_USAGE}\n`);
    return EXIT.USAGE;
  };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    io.stdout.write(`usage: ${REFRESH_USAGE}\n`);
    return EXIT.OK;
  }
  const buckets = values.bucket as string[] | undefined;
  if (!buckets?.length) return usage('--bucket is required');
  const strategy = (values.strategy as string | undefined) ?? 'refetch';
  if (strategy !== 'refetch' && strategy !== 'delete') return usage('--strategy must be refetch or delete');
  const limits: RefreshLimits = {};
  for (const [flag, field] of [['max-objects', 'maxObjects'], ['max-bytes', 'maxBytes'], ['origin-qps', 'originQps']] as const) {
    const v = positive(flag, values[flag]);
    if (v instanceof Error) return usage(v.message);
    if (v !== undefined) limits[field] = v;
  }
  const endpoint = (values.endpoint as string | undefined) ?? env.OSS_ENDPOINT;
  const region = (values.region as string | undefined) ?? env.OSS_REGION;
  const reports = (values.reports as string | undefined) ?? env.OSSEDGE_REPORTS;
  const handler = createRefreshHandler({
    connection: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}), internal: false },
    fallbackCredentials: envCredentials(env),
    allowPrivate: values['allow-private-origins'] === true || env.OSSEDGE_ALLOW_PRIVATE_ORIGINS === '1',
    ...(reports ? { reportsLocation: reports } : {}),
    limits,
    write: (line) => io.stderr.write(`${line}\n`),
  });
  const payload = {
    command: 'refresh', source: 'cli', bucket: buckets, strategy, dryRun: values['dry-run'] === true,
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
  };
  const context = { requestId: `cli-${randomBytes(8).toString('hex')}`, function: { name: 'refresh-stale-objects', handler: 'index.handler', memory: 0, timeout: 3600 }, region: region ?? 'cn-hangzhou', accountId: 'local' };
  let result: unknown;
  try {
    result = await handler(Buffer.from(JSON.stringify(payload)), context);
  } catch (e) {
    io.stderr.write(`ossedge refresh: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  const r = result as (Report & { error?: undefined }) | { error: { code?: string; message?: string } };
  if ('error' in r && r.error) {
    io.stderr.write(`ossedge refresh: ${r.error.code ?? 'ERROR'}: ${r.error.message ?? ''}\n`);
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return r.error.code === 'INTERNAL' ? EXIT.FAILURE : EXIT.USAGE;
  }
  const report = r as Report;
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stderr.write(`${refreshLines(report).join('\n')}\n`);
  return report.ok ? EXIT.OK : EXIT.FAILURE;
}

/** The command table's runner shape (local/cli-commands.ts). */
export const refreshRunner = (_name: string, argv: string[], io: RefreshIo): Promise<number> => runRefreshCommand(argv, io);
