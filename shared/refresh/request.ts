// What a refresh invocation asks for: HTTP (?bucket=&prefix=&dryRun=&strategy=&shards=), timer
// ({bucket?} payload; without one every bucket of ossedge.yaml with Mirror rules), direct invoke (the same
// fields as JSON), and the internal shard payload of a fan-out.
import { METHOD_NOT_ALLOWED, RefreshRequestError } from './errors.ts';
import { dryRunOf, truthy } from './fields.ts';
import type { RefreshInput } from './run-context.ts';
import type { KeyRange, Strategy } from './types.ts';

export const MAX_SHARDS = 256;

export interface RunRequest {
  kind: 'run';
  buckets?: string[];
  prefix?: string;
  dryRun: boolean;
  strategy: Strategy;
  shards: number;
}

export interface ShardRequest {
  kind: 'shard';
  runId: string;
  index: number;
  total: number;
  range: KeyRange;
  /** The bucket's region as the coordinator found it (no GetBucketLocation per shard); absent: located. */
  region?: string;
  dryRun: boolean;
  strategy: Strategy;
  /** Continuation number after a shard ran out of time (0 = first). */
  part: number;
}

export const SHARD_COMMAND = 'refresh-shard';
/** A region id as OSS names them (cn-hangzhou, ap-southeast-1): it becomes part of an endpoint host. */
const REGION = /^[a-z0-9-]{1,64}$/;

function fields(p: Record<string, unknown>): RunRequest {
  const list = typeof p.bucket === 'string' ? p.bucket.split(',').map((s) => s.trim()).filter(Boolean)
    : Array.isArray(p.bucket) ? p.bucket.filter((x): x is string => typeof x === 'string') : undefined;
  if (p.bucket !== undefined && !list) throw new RefreshRequestError('BAD_BUCKET', 'bucket must be a name or a list of names');
  const strategy = p.strategy ?? 'refetch';
  if (strategy !== 'refetch' && strategy !== 'delete') throw new RefreshRequestError('BAD_STRATEGY', 'strategy must be refetch or delete');
  if (p.prefix !== undefined && typeof p.prefix !== 'string') throw new RefreshRequestError('BAD_PREFIX', 'prefix must be a string');
  const shards = p.shards === undefined ? 1 : Number(p.shards);
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) throw new RefreshRequestError('BAD_SHARDS', `shards must be an integer from 1 to ${MAX_SHARDS}`);
  if (shards > 1 && list && list.length !== 1) throw new RefreshRequestError('BAD_SHARDS', 'fan-out (shards > 1) takes exactly one bucket');
  return {
    kind: 'run', ...(list?.length ? { buckets: list } : {}), ...(typeof p.prefix === 'string' ? { prefix: p.prefix } : {}),
    dryRun: dryRunOf(p), strategy, shards,
  };
}

function shard(p: Record<string, unknown>): ShardRequest {
  const r = p.range as KeyRange | undefined;
  const ok = typeof p.runId === 'string' && Number.isInteger(p.index) && Number.isInteger(p.total) && r && typeof r.bucket === 'string' && typeof r.prefix === 'string'
    && (p.region === undefined || (typeof p.region === 'string' && REGION.test(p.region)));
  if (!ok) throw new RefreshRequestError('BAD_SHARD', 'malformed shard payload');
  const strategy = p.strategy === 'delete' ? 'delete' : 'refetch';
  return {
    kind: 'shard', runId: p.runId as string, index: p.index as number, total: p.total as number, range: r!,
    ...(typeof p.region === 'string' ? { region: p.region } : {}), dryRun: truthy(p.dryRun), strategy,
    part: Number.isInteger(p.part) ? (p.part as number) : 0,
  };
}

export function parseRequest(input: RefreshInput): RunRequest | ShardRequest {
  if (input.kind === 'http') {
    if (input.method !== 'GET' && input.method !== 'POST') throw new RefreshRequestError(METHOD_NOT_ALLOWED, `method ${input.method} is not allowed`);
    return fields({ ...input.query });
  }
  const p = (input.payload ?? {}) as Record<string, unknown>;
  if (typeof p !== 'object' || Array.isArray(p)) throw new RefreshRequestError('BAD_REQUEST', 'payload must be a JSON object');
  if (input.kind === 'invoke' && p.command === SHARD_COMMAND) return shard(p);
  return fields(p);
}

/** The invocation payload of shard `index`, part `part`, of a fan-out (what `parseRequest` reads back). */
export function shardPayload(s: Omit<ShardRequest, 'kind'>): object {
  return { command: SHARD_COMMAND, runId: s.runId, index: s.index, total: s.total, range: s.range, region: s.region, dryRun: s.dryRun, strategy: s.strategy, part: s.part };
}

/** The stable invocation id of that payload (FC's async retries and our idempotency key on it). */
export const shardInvocationId = (s: Pick<ShardRequest, 'runId' | 'index' | 'part'>): string => `refresh-${s.runId}-${s.index}-${s.part}`;
