// A warm-up outside its window is parked: the run's next request (where to go on, what it counted) is
// kept in the state folder, one per bucket, and the next run of the same list inside the window picks
// it up instead of starting over. A finished run removes it.
import { deleteQuietly, readJson, writeJson } from '../../state/oss-json.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';
import type { StateLocation } from '../types.ts';
import type { WarmCarry, WarmRunRequest } from './run.ts';

export interface ParkedRun {
  v: 1;
  /** The list the run was started with (keysFrom / sitemap), so another list never resumes it. */
  source: string;
  runId: string;
  part: number;
  req: WarmRunRequest;
  carry?: WarmCarry;
  parkedAt: string;
}

export const parkedKey = (state: StateLocation, bucket: string) => `${state.prefix}warm/parked/${encodeURIComponent(bucket)}.json`;

export const sourceOf = (req: WarmRunRequest): string | undefined => req.sitemap ?? req.keysFrom;

export async function park(client: OssInvoker, state: StateLocation, run: Omit<ParkedRun, 'v' | 'parkedAt'>): Promise<void> {
  await writeJson(client, state.bucket, parkedKey(state, run.req.bucket), { v: 1, ...run, parkedAt: new Date().toISOString() });
}

/** The parked run of `bucket` for the same list, if any. */
export async function parkedFor(client: OssInvoker, state: StateLocation, bucket: string, source: string | undefined): Promise<ParkedRun | undefined> {
  if (source === undefined) return undefined;
  const p = await readJson<ParkedRun>(client, state.bucket, parkedKey(state, bucket));
  return p?.v === 1 && p.source === source && p.req?.bucket === bucket ? p : undefined;
}

export async function unpark(client: OssInvoker, state: StateLocation, bucket: string): Promise<void> {
  await deleteQuietly(client, state.bucket, parkedKey(state, bucket));
}
