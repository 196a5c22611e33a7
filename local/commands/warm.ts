// `ossedge warm --bucket B (--keys FILE|oss://bucket/key | --sitemap URL) [--qps N] [--bandwidth-mbps N] [--window HH:MM-HH:MM [--tz ZONE]] [--dry-run] [--json]`:
// refresh-stale-objects' warm-up mode run in-process. A local FILE is read here (bounded, refused when
// oversize or malformed); an oss:// list is read by the handler. Exit 1 when a key failed.
import { open } from 'node:fs/promises';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { KeyListError, MAX_KEY_LIST_BYTES, parseKeyList } from '../../shared/refresh/warm/key-list.ts';
import type { Report } from '../../shared/report/model.ts';
import { EXIT } from './exit.ts';
import { commandOptions, type CommandIo } from './table.ts';
import { allowPrivateOrigins, connectionFrom, finishReport, invokeInProcess, parseCommandArgs, usageError } from './common.ts';
import { rawCode } from '../../shared/errors/base.ts';

export const WARM_USAGE = 'ossedge warm --bucket B (--keys FILE|oss://bucket/key | --sitemap URL) [--qps N] [--bandwidth-mbps N] [--window HH:MM-HH:MM [--tz ZONE]] [--dry-run] [--reports oss://bucket/prefix/] [--json]';

const OPTIONS = commandOptions('warm');

const MARK: Record<string, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' };

export function warmLines(report: Report): string[] {
  const lines = report.items.map((i) => `${MARK[i.status ?? 'ok'] ?? '    '}  ${i.bucket}/${i.target ?? ''}  ${i.code}: ${i.message}`);
  for (const e of report.errors) lines.push(`error  ${e.bucket ?? ''} ${e.code}: ${e.message}`);
  const s = report.summary;
  lines.push(`${s.keys ?? 0} keys: ${s.warmed ?? 0} warmed, ${s.present ?? 0} present, ${s.unmapped ?? 0} unmapped, ${s.failed ?? 0} failed, ` +
    `${s.throttled ?? 0} throttled; ${s.bytes ?? 0} bytes${s.dryRun ? ` (dry run: ${s.wouldWarm ?? 0} would be warmed)` : ''}`);
  return lines;
}

/** A local key list, read no further than the bound. */
async function readKeyFile(path: string): Promise<string[]> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(MAX_KEY_LIST_BYTES + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, n, buf.length - n, null);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n > MAX_KEY_LIST_BYTES) throw new KeyListError('KEY_LIST_TOO_LARGE', `${path} is over ${MAX_KEY_LIST_BYTES} bytes`);
    }
    return parseKeyList(buf.subarray(0, n));
  } finally {
    await fh.close();
  }
}

export async function runWarmCommand(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const usage = (msg: string) => usageError(io, 'warm', WARM_USAGE, msg);
  const parsed = parseCommandArgs(io, 'warm', WARM_USAGE, argv, OPTIONS);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const bucket = values.bucket as string | undefined;
  const source = values.keys as string | undefined;
  if (!bucket) return usage('--bucket is required');
  const sitemap = values.sitemap as string | undefined;
  if (!source === !sitemap) return usage('give one of --keys FILE, --keys oss://bucket/key or --sitemap URL');
  const payload: Record<string, unknown> = { mode: 'warm', bucket, dryRun: values['dry-run'] === true };
  for (const [flag, field] of [['qps', 'qps'], ['bandwidth-mbps', 'bandwidthMbps']] as const) {
    if (values[flag] === undefined) continue;
    const n = Number(values[flag]);
    if (!Number.isFinite(n) || n <= 0) return usage(`--${flag} must be a positive number`);
    payload[field] = n;
  }
  if (values.window !== undefined) payload.window = values.window;
  if (values.tz !== undefined) payload.timeZone = values.tz;
  if (sitemap) payload.sitemap = sitemap;
  else if (source!.startsWith('oss://')) payload.keysFrom = source;
  else {
    try {
      payload.keys = await readKeyFile(source!);
    } catch (e) {
      const code = rawCode(e) ?? 'ERROR';
      return usage(`${code}: ${e instanceof KeyListError ? e.message : `cannot read ${source}`}`);
    }
  }
  const { region, options } = connectionFrom(values, env, io);
  const handler = createRefreshHandler({ ...options, allowPrivate: allowPrivateOrigins(values, env) });
  const run = await invokeInProcess(io, 'warm', handler, 'refresh-stale-objects', payload, region);
  if (typeof run === 'number') return run;
  const parked = run.result as { parked?: boolean; runId?: string; reason?: string };
  if (parked.parked) {
    // outside the window: nothing more to do now; the next run inside it resumes this one
    if (values.json === true) io.stdout.write(`${JSON.stringify(parked, null, 2)}\n`);
    else io.stderr.write(`warm-up ${parked.runId} parked (${parked.reason}): the next run of this list inside the window resumes it\n`);
    return EXIT.OK;
  }
  return finishReport(io, 'warm', run.result, values.json === true, warmLines, (report) => (report.ok ? EXIT.OK : EXIT.FAILURE));
}

export const warmRunner = (_name: string, argv: string[], io: CommandIo): Promise<number> => runWarmCommand(argv, io);
