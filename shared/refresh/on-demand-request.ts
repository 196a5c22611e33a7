// The on-demand payload: {bucket, keys?: [...], urls?: [...], strategy?, dryRun?}; a queued run carries
// {mode: "keys", keysFrom, runId} instead of the keys.
import { RefreshRequestError } from './errors.ts';
import { dryRunOf, httpFields } from './fields.ts';
import type { RefreshInput } from './run-context.ts';
import type { Strategy } from './types.ts';

/** Keys or URLs one request may name; more belong in a warm-up list or a scan. */
export const MAX_NAMED = 1_000;

export interface NamedRequest {
  bucket: string;
  keys?: string[];
  urls?: string[];
  keysFrom?: string;
  strategy: Strategy;
  dryRun: boolean;
  runId?: string;
}

const bad = (message: string) => new RefreshRequestError('BAD_REFRESH_REQUEST', message);

function strings(name: string, v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw bad(`${name} must be a list of strings`);
  if (v.length > MAX_NAMED) throw bad(`${name}: at most ${MAX_NAMED} per request; use a warm-up list or a prefix scan for more`);
  return v as string[];
}

export function parseNamedPayload(input: RefreshInput): NamedRequest {
  const p = input.kind === 'http' ? httpFields(input, 'BAD_REFRESH_REQUEST') : (input.payload as Record<string, unknown>);
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw bad('payload must be a JSON object');
  if (typeof p.bucket !== 'string' || p.bucket === '') throw new RefreshRequestError('NO_BUCKET', 'name the bucket (bucket)');
  const strategy = p.strategy ?? 'refetch';
  if (strategy !== 'refetch' && strategy !== 'delete') throw new RefreshRequestError('BAD_STRATEGY', 'strategy must be refetch or delete');
  const keys = strings('keys', p.keys);
  const urls = strings('urls', p.urls);
  const keysFrom = input.kind !== 'http' && typeof p.keysFrom === 'string' ? p.keysFrom : undefined;
  if (!keys?.length && !urls?.length && !keysFrom) throw bad('name keys (keys) or origin URLs (urls)');
  return {
    bucket: p.bucket, strategy, dryRun: dryRunOf(p),
    ...(keys ? { keys } : {}), ...(urls ? { urls } : {}), ...(keysFrom ? { keysFrom } : {}),
    // only a queued part carries its run id: an HTTP caller must not pick one (it would overwrite that run's report)
    ...(input.kind !== 'http' && typeof p.runId === 'string' ? { runId: p.runId } : {}),
  };
}
