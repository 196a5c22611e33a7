// `ossedge lease show | list | break`: the per-bucket leases of apply-config and refresh-stale-objects. A run
// killed while holding one (SIGKILL, FC timeout) blocks its job on that bucket (BUCKET_BUSY) until the lease
// expires; `break` ends it at once, and only the generation it read (a run that took over meanwhile keeps its
// lease). Human lines on stderr, --json on stdout. Exit 0 done (also: nothing held), 1 not broken or OSS
// failure, 2 bad input.
import { randomBytes } from 'node:crypto';
import { breakLease, leaseFolders, readLeaseState, type BreakResult, type LeaseState } from '../../shared/state/lease-break.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import { validateBucketName } from '../../shared/oss/endpoint.ts';
import type { OssInvoker } from '../../shared/oss/ops/common.ts';
import { EXIT } from './exit.ts';
import { commandOptions, type CommandIo } from './table.ts';
import { connectionFrom, parseCommandArgs, usageError } from './common.ts';
import { isLeaseOf, jobLeases, LEASE_JOBS, type JobLeases, type LeaseJob } from './lease-locations.ts';
import { messageOf, rawCode } from '../../shared/errors/base.ts';

export const LEASE_USAGE = `ossedge lease show --job J --bucket B [--reports oss://bucket/prefix/] [--json]
       ossedge lease list --job J [--reports oss://bucket/prefix/] [--json]
       ossedge lease break --job J --bucket B [--generation N] [--reports oss://bucket/prefix/] [--json]
       (J: ${LEASE_JOBS.join(' | ')})`;

// the flags (and their --help lines) live in the command table
const OPTIONS = commandOptions('lease');

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

interface LeaseRequest {
  action: Action;
  job: LeaseJob;
  bucket?: string;
  generation?: number;
}

/** The request, or what is wrong with the arguments. */
function leaseRequest(values: Record<string, unknown>, positionals: string[]): LeaseRequest | string {
  const action = positionals[0] as Action | undefined;
  if (positionals.length !== 1 || !ACTIONS.includes(action!)) return `say one of ${ACTIONS.join(', ')}`;
  const job = values.job as LeaseJob | undefined;
  if (!job || !LEASE_JOBS.includes(job)) return `--job must be one of ${LEASE_JOBS.join(', ')}`;
  const bucket = values.bucket as string | undefined;
  if (action !== 'list' && bucket === undefined) return '--bucket is required';
  if (bucket !== undefined) {
    try {
      validateBucketName(bucket);
    } catch (e) {
      return (e as Error).message;
    }
  }
  if (values.generation === undefined) return { action: action!, job, ...(bucket ? { bucket } : {}) };
  const generation = Number(values.generation);
  if (action !== 'break' || !Number.isSafeInteger(generation) || generation < 1) return '--generation N (a positive integer) goes with break only';
  return { action: action!, job, ...(bucket ? { bucket } : {}), generation };
}

/** Reads (show, list) or breaks each lease of the request; `changed` when a break found the lease taken over. */
async function work(client: OssInvoker, where: JobLeases, req: LeaseRequest, now: number): Promise<{ views: LeaseView[]; changed: boolean }> {
  const { bucket, generation } = req;
  // --generation names one generation of one lease: the bucket's own (not its refresh shards')
  const folders = generation !== undefined
    ? [`${where.parent}${bucket}/`]
    : (await leaseFolders(client, where.bucket, where.parent)).filter((f) => bucket === undefined || isLeaseOf(where.parent, f, bucket));
  // a bucket never leased still gets its line (its own folder, generation 0)
  if (bucket !== undefined && folders.length === 0) folders.push(`${where.parent}${bucket}/`);
  const views: LeaseView[] = [];
  let changed = false;
  for (const folder of folders) {
    const at = { bucket: where.bucket, prefix: folder };
    if (req.action !== 'break') {
      views.push(view(folder, await readLeaseState(client, at, now), now));
      continue;
    }
    const by = `ossedge-lease-break-${randomBytes(4).toString('hex')}`;
    const r: BreakResult = await breakLease(client, at, { by, ...(generation !== undefined ? { generation } : {}) });
    if (r.broken) views.push({ ...view(folder, { generation: r.generation, held: true, ...(r.record ? { record: r.record } : {}) }, now), broken: true });
    else views.push({ ...view(folder, r.state, now), broken: false, reason: r.reason });
    changed ||= !r.broken && r.reason === 'LEASE_CHANGED';
  }
  return { views, changed };
}

/** Runs `ossedge lease ...`; resolves with the exit code. */
export async function runLeaseCommand(argv: string[], io: CommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const parsed = parseCommandArgs(io, 'lease', LEASE_USAGE, argv, OPTIONS, true);
  if (typeof parsed === 'number') return parsed;
  const req = leaseRequest(parsed.values, parsed.positionals);
  if (typeof req === 'string') return usageError(io, 'lease', LEASE_USAGE, req);
  const { region, options } = connectionFrom(parsed.values, env, io);
  const where = jobLeases(req.job, options.reportsLocation, req.bucket);
  if (typeof where === 'string') return usageError(io, 'lease', LEASE_USAGE, where);
  const clients = createClientCache(options.connection);
  clients.use(options.fallbackCredentials);
  const now = Date.now();
  let result: Awaited<ReturnType<typeof work>>;
  try {
    result = await work(clients.home(region), where, req, now);
  } catch (e) {
    io.stderr.write(`ossedge lease: ${rawCode(e) ?? 'ERROR'}: ${messageOf(e)}\n`);
    return EXIT.FAILURE;
  }
  const { views, changed } = result;
  if (parsed.values.json) io.stdout.write(`${JSON.stringify({ job: req.job, ...(req.bucket ? { bucket: req.bucket } : {}), stateBucket: where.bucket, leases: views }, null, 2)}\n`);
  else io.stderr.write(`${views.length ? views.map((v) => line(req.job, v, now)).join('\n') : `${req.job}: no leases`}\n`);
  if (views.some((v) => v.broken)) io.stderr.write('make sure the run that held it is no longer running: breaking does not stop it, it only stops protecting it\n');
  return changed ? EXIT.FAILURE : EXIT.OK;
}

/** The command table's runner shape (local/cli-commands.ts). */
export const leaseRunner = (_name: string, argv: string[], io: CommandIo): Promise<number> => runLeaseCommand(argv, io);
