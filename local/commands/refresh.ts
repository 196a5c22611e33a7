// `ossedge refresh --bucket B [--prefix P] [--dry-run] [--strategy refetch|delete] [--shards N]
// [--max-objects N] [--max-bytes N] [--origin-qps N] [--allow-private-origins] [--json]`: the
// refresh-stale-objects handler run in-process with a synthesized direct invocation. One line per change
// or failure on stderr and a summary; --json prints the report alone on stdout. Exit 1 when anything failed.
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import type { RefreshLimits } from '../../shared/refresh/types.ts';
import type { Report } from '../../shared/report/model.ts';
import { EXIT } from './exit.ts';
import { commandOptions, type CommandIo } from './table.ts';
import { allowPrivateOrigins, connectionFrom, finishReport, invokeInProcess, parseCommandArgs, usageError } from './common.ts';

export const REFRESH_USAGE = 'ossedge refresh --bucket B [--prefix P | --key K ... | --url U ...] [--dry-run] [--strategy refetch|delete] [--max-objects N] [--max-bytes N] [--origin-qps N] [--allow-private-origins] [--json]';

// the flags (and their --help lines) live in the command table
const OPTIONS = commandOptions('refresh');

export type RefreshIo = CommandIo;

const MARK: Record<string, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

/** Human lines: one per change or failure, then the counts. */
export function refreshLines(report: Report): string[] {
  const lines = report.items.map((i) => `${MARK[i.status ?? 'ok'] ?? '    '}  ${i.bucket}/${i.target ?? ''}  ${i.code}: ${i.message}`);
  for (const e of report.errors) lines.push(`error  ${e.bucket ?? ''} ${e.code}: ${e.message}`);
  const s = report.summary;
  const n = (k: string): number => (typeof s[k] === 'number' ? (s[k] as number) : 0);
  // always shown: what was looked at and what was done; every other counter only when it is not zero
  const extra = ([
    ['refused', 'refused (origin contradicts itself)'], ['skipped', 'skipped'], ['gone', 'gone at origin'], ['capped', 'capped'],
    ['tempLeft', 'temporary objects left'], ['tempCleaned', 'temporary objects cleaned'], ['itemsDropped', 'items not listed'],
  ] as const).filter(([k]) => n(k) > 0).map(([k, label]) => `${n(k)} ${label}`);
  lines.push(`${n('scanned')} scanned: ${n('unchanged')} unchanged, ${n('stale')} stale, ${n('refreshed')} refreshed, ${n('deleted')} deleted, ` +
    `${n('failed')} failed${extra.map((e) => `, ${e}`).join('')}; ${n('bytesMoved')} bytes moved${n('incomplete') > 0 ? ' (incomplete: resumes on the next run)' : ''}${s.dryRun ? ' (dry run)' : ''}`);
  return lines;
}

function positive(name: string, v: unknown): number | undefined | Error {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : new Error(`--${name} must be a positive number`);
}

export async function runRefreshCommand(argv: string[], io: RefreshIo): Promise<number> {
  const env = io.env ?? process.env;
  const usage = (msg: string) => usageError(io, 'refresh', REFRESH_USAGE, msg);
  const parsed = parseCommandArgs(io, 'refresh', REFRESH_USAGE, argv, OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
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
  const { region, options } = connectionFrom(values, env, io);
  const handler = createRefreshHandler({ ...options, allowPrivate: allowPrivateOrigins(values, env), limits });
  const payload = {
    command: 'refresh', source: 'cli', bucket: buckets, strategy, dryRun: values['dry-run'] === true,
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    // named keys or origin URLs: the on-demand path (shared/refresh/run-on-demand.ts), one bucket
    ...(values.key || values.url ? { bucket: buckets[0], ...(values.key ? { keys: values.key } : {}), ...(values.url ? { urls: values.url } : {}) } : {}),
  };
  const run = await invokeInProcess(io, 'refresh', handler, 'refresh-stale-objects', payload, region);
  if (typeof run === 'number') return run;
  return finishReport(io, 'refresh', run.result, values.json === true, refreshLines, (report) => (report.ok ? EXIT.OK : EXIT.FAILURE));
}

/** The command table's runner shape (local/cli-commands.ts). */
export const refreshRunner = (_name: string, argv: string[], io: RefreshIo): Promise<number> => runRefreshCommand(argv, io);
