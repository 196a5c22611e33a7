import type { OssInvoker } from '../oss/ops/common.ts';
import { acquireLease, type Lease } from './lease.ts';
import { createJson, readJson } from './oss-json.ts';

/**
 * FC retries a failed async invocation (and may deliver one twice): the work of one invocation id
 * happens once. A `done.json` marker (created with forbid-overwrite) records the result; a lease on the
 * id keeps a duplicate from running concurrently. Work that fails leaves no marker, so FC's retry runs
 * it again. `beginOnce` hands the two halves (finish, abandon) to the caller: shared/fc/idempotent.ts.
 */
export interface RunOnceOptions {
  bucket: string;
  /** Folder for markers, e.g. `<reports>_state/invocations/<function>/` (keys.ts). */
  prefix: string;
  invocationId: string;
  owner: string;
  ttlMs: number;
  now?: () => number;
}

/** A started run: `finish` records the value (then releases), `abandon` only releases (the work failed). */
export interface OnceStarted<T> {
  finish(value: T): Promise<void>;
  abandon(): Promise<void>;
}

export type OnceBegin<T> = { reason: 'done'; value: T } | { reason: 'running' } | { reason: 'started'; run: OnceStarted<T> };

interface DoneMarker<T> {
  invocationId: string;
  finishedAt: string;
  value: T;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** The marker key of an invocation (the sweep ages these out, see sweep-state.ts). */
export const DONE_MARKER = 'done.json';

export async function beginOnce<T>(client: OssInvoker, options: RunOnceOptions): Promise<OnceBegin<T>> {
  if (!ID.test(options.invocationId)) throw new TypeError('invocationId must be a plain id');
  const base = `${options.prefix}${options.invocationId}/`;
  const doneKey = `${base}${DONE_MARKER}`;
  const done = await readJson<DoneMarker<T>>(client, options.bucket, doneKey);
  if (done) return { reason: 'done', value: done.value };
  const got = await acquireLease(client, { bucket: options.bucket, prefix: `${base}lease/`, owner: options.owner, ttlMs: options.ttlMs, ...(options.now ? { now: options.now } : {}) });
  if (!got.acquired) return { reason: 'running' };
  const again = await readJson<DoneMarker<T>>(client, options.bucket, doneKey).catch(async (e: unknown) => {
    await got.lease.release();
    throw e;
  });
  if (again) {
    await got.lease.release();
    return { reason: 'done', value: again.value };
  }
  return { reason: 'started', run: started(client, options, doneKey, got.lease) };
}

function started<T>(client: OssInvoker, options: RunOnceOptions, doneKey: string, lease: Lease): OnceStarted<T> {
  const now = options.now ?? Date.now;
  return {
    async finish(value) {
      try {
        await createJson(client, options.bucket, doneKey, { invocationId: options.invocationId, finishedAt: new Date(now()).toISOString(), value });
      } finally {
        await lease.release();
      }
    },
    abandon: () => lease.release(),
  };
}
