// `ossedge lease show | list | break`: the per-bucket leases of apply-config and refresh-stale-objects. A run
// killed while holding one (SIGKILL, FC timeout) blocks its job on that bucket (BUCKET_BUSY) until the lease
// expires; `break` ends it at once, and only the generation it read (a run that took over meanwhile keeps its
// lease). Human lines on stderr, --json on stdout. Exit 0 done (also: nothing held), 1 not broken or OSS
// failure, 2 bad input.
import { randomBytes } from 'node:crypto';
import { breakLease, leaseFolders, readLeaseState, type BreakResult, type LeaseState } from '../../shared/fc/lease-break.ts';
import { createClientCache } from '../../shared/fc/oss-clients.ts';
import { validateBucketName } from '../../shared/oss/endpoint.ts';
import { EXIT } from '../cli.ts';
import { COMMON_OPTIONS, type CommandIo } from '../cli-commands.ts';
import { connectionFrom, parseCommandArgs, usageError } from './common.ts';
import { isLeaseOf, jobLeases, LEASE_JOBS, type LeaseJob } from './lease-locations.ts';

export const LEASE_USAGE = `ossedge lease show --job J --bucket B [--reports oss://bucket/prefix/] [--json]
       ossedge lease list --job J [--reports oss://bucket/prefix/] [--json]
       ossedge lease break --job J --bucket B [--generation N] [--reports oss://bucket/prefix/] [--json]
       (J: ${LEASE_JOBS.join(' | ')})`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  reports: { type: 'string' },
  job: { type: 'string' },
  bucket: { type: 'string' },
  generation: { type: 'string' },
} as const;

const ACTIONS = ['show', 'list', 'break'] as const;
type Action = (typeof ACTIONS)[number];
const PLAIN = /^[\w.:~-]{1,200}$/;

interface LeaseView {
  folder: string;
  generation: number;
  held: boolean;
  runId?: string;
  owner?: string;
  acquiredAt?: string;
  expiresAt?: string;
  ageMs?: number;
  broken?: boolean;
  reason?: string;
}

function view(folder: string, s: LeaseState, now: number): LeaseView {
  const r = s.record;
  const acquired = typeof r?.acquiredAt === 'string' ? Date.parse(r.acquiredAt) : NaN;
  return {
    folder, generation: s.generation, held: s.held,
    ...(typeof r?.runId === 'string' ? { runId: r.runId } : {}),
    ...(typeof r?.owner === 'string' ? { owner: r.owner } : {}),
    ...(typeof r?.acquiredAt === 'string' ? { acquiredAt: r.acquiredAt } : {}),
    ...(typeof r?.expiresAt === 'string' ? { expiresAt: r.expiresAt } : {}),
    ...(Number.isFinite(acquired) ? { ageMs: now - acquired } : {}),
  };
}

/** A value read from OSS, shown as is when plain, else quoted (no control characters reach the terminal). */
const shown = (v: string | undefined): string => (v === undefined ? '?' : PLAIN.test(v) ? v : JSON.stringify(v));
const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

function line(job: string, v: LeaseView, now: number): string {
  const holder = `generation ${v.generation}, run ${shown(v.runId)} (owner ${shown(v.owner)}), taken ${v.ageMs !== undefined ? `${seconds(v.ageMs)} ago` : 'at an unknown time'}, expiring ${shown(v.expiresAt)}`;
  const exp = v.expiresAt ? Date.parse(v.expiresAt) - now : NaN;
  const where = `${job} ${v.folder}`;
  if (v.broken) return `broke ${where}: ${holder}${Number.isFinite(exp) ? ` (would have expired in ${seconds(exp)})` : ''}`;
  if (v.reason === 'LEASE_CHANGED') return `not broken ${where}: another run took the lease after it was read; it now is ${holder}`;
  if (v.generation === 0) return `${where}: no lease held (never taken)`;
  if (!v.held) return `${where}: no lease held (last ${holder})`;
  return `${where}: held, ${holder}`;
}

/** Runs `ossedge lease ...`; resolves with the exit code. */
export async function runLeaseCommand(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const parsed = parseCommandArgs(io, 'lease', LEASE_USAGE, argv, OPTIONS, true);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const usage = (msg: string) => usageError(io, 'lease', LEASE_USAGE, msg);
  const action = positionals[0] as Action | undefined;
  if (positionals.length !== 1 || !ACTIONS.includes(action!)) return usage(`say one of ${ACTIONS.join(', ')}`);
  const job = values.job as LeaseJob | undefined;
  if (!job || !LEASE_JOBS.includes(job)) return usage(`--job must be one of ${LEASE_JOBS.join(', ')}`);
  const bucket = values.bucket as string | undefined;
  if (action !== 'list' && bucket === undefined) return usage('--bucket is required');
  if (bucket !== undefined) {
    try {
      validateBucketName(bucket);
    } catch (e) {
      return usage((e as Error).message);
    }
  }
  let generation: number | undefined;
  if (values.generation !== undefined) {
    generation = Number(values.generation);
    if (action !== 'break' || !Number.isSafeInteger(generation) || generation < 1) return usage('--generation N (a positive integer) goes with break only');
  }
  const { region, options } = connectionFrom(values, env, io);
  const where = jobLeases(job, options.reportsLocation, bucket);
  if (typeof where === 'string') return usage(where);

  const clients = createClientCache(options.connection);
  clients.use(options.fallbackCredentials);
  const client = clients.home(region);
  const now = Date.now();
  const views: LeaseView[] = [];
  let failed = false;
  try {
    // --generation names one generation of one lease: the bucket's own (not its refresh shards')
    const folders = generation !== undefined
      ? [`${where.parent}${bucket}/`]
      : (await leaseFolders(client, where.bucket, where.parent)).filter((f) => bucket === undefined || isLeaseOf(where.parent, f, bucket));
    // a bucket never leased still gets its line (its own folder, generation 0)
    if (bucket !== undefined && folders.length === 0) folders.push(`${where.parent}${bucket}/`);
    for (const folder of folders) {
      const at = { bucket: where.bucket, prefix: folder };
      if (action !== 'break') {
        views.push(view(folder, await readLeaseState(client, at, now), now));
        continue;
      }
      const by = `ossedge-lease-break-${randomBytes(4).toString('hex')}`;
      const r: BreakResult = await breakLease(client, at, { by, ...(generation !== undefined ? { generation } : {}) });
      if (r.broken) views.push({ ...view(folder, { generation: r.generation, held: true, ...(r.record ? { record: r.record } : {}) }, now), broken: true });
      else {
        views.push({ ...view(folder, r.state, now), broken: false, reason: r.reason });
        if (r.reason === 'LEASE_CHANGED') failed = true;
      }
    }
  } catch (e) {
    io.stderr.write(`ossedge lease: ${(e as { code?: string }).code ?? 'ERROR'}: ${(e as Error).message}\n`);
    return EXIT.FAILURE;
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ job, ...(bucket ? { bucket } : {}), stateBucket: where.bucket, leases: views }, null, 2)}\n`);
  else io.stderr.write(`${views.length ? views.map((v) => line(job, v, now)).join('\n') : `${job}: no leases`}\n`);
  if (action === 'break' && views.some((v) => v.broken)) io.stderr.write('make sure the run that held it is no longer running: it is not stopped, only no longer protected\n');
  return failed ? EXIT.FAILURE : EXIT.OK;
}

/** The command table's runner shape (local/cli-commands.ts). */
export const leaseRunner = (_name: string, argv: string[], io: CommandIo): Promise<number> => runLeaseCommand(argv, io);
