import type { OssInvoker } from '../oss/ops/common.ts';
import { acquireLease } from './lease.ts';
import { createJson, readJson } from './oss-json.ts';

/**
 * FC retries a failed async invocation (and may deliver one twice): `runOnce` makes the work of one
 * invocation id happen once. A `done.json` marker (created with forbid-overwrite) records the result;
 * a lease on the id keeps a duplicate from running concurrently. Work that throws leaves no marker,
 * so FC's retry runs it again.
 */
export interface RunOnceOptions {
  bucket: string;
  /** Folder for markers, e.g. `_ossedge/invocations/<function>/`. */
  prefix: string;
  invocationId: string;
  owner: string;
  ttlMs: number;
  now?: () => number;
}

export type RunOnceResult<T> =
  | { ran: true; value: T }
  | { ran: false; reason: 'done'; value: T }
  | { ran: false; reason: 'running' };

interface DoneMarker<T> {
  invocationId: string;
  finishedAt: string;
  value: T;
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export async function runOnce<T>(client: OssInvoker, options: RunOnceOptions, work: () => Promise<T>): Promise<RunOnceResult<T>> {
  if (!ID.test(options.invocationId)) throw new TypeError('invocationId must be a plain id');
  const base = `${options.prefix}${options.invocationId}/`;
  const doneKey = `${base}done.json`;
  const done = await readJson<DoneMarker<T>>(client, options.bucket, doneKey);
  if (done) return { ran: false, reason: 'done', value: done.value };
  const got = await acquireLease(client, { bucket: options.bucket, prefix: `${base}lease/`, owner: options.owner, ttlMs: options.ttlMs, ...(options.now ? { now: options.now } : {}) });
  if (!got.acquired) return { ran: false, reason: 'running' };
  try {
    const again = await readJson<DoneMarker<T>>(client, options.bucket, doneKey);
    if (again) return { ran: false, reason: 'done', value: again.value };
    const value = await work();
    const now = options.now ?? Date.now;
    await createJson(client, options.bucket, doneKey, { invocationId: options.invocationId, finishedAt: new Date(now()).toISOString(), value });
    return { ran: true, value };
  } finally {
    await got.lease.release();
  }
}
