// apply-config's per-bucket lease in the reports bucket: one run writes a bucket at a time.
import { ossFolder } from '../state/location.ts';
import { leasesFolder } from '../state/keys.ts';
import { acquireLease, leaseTtlUntil } from '../state/lease.ts';
import type { ApplyRuntime } from './runtime.ts';
import type { AcquireLease } from './types.ts';

/** A bucket's lease when the invocation's end is not known (the CLI passes its own default). */
export const DEFAULT_LEASE_TTL_MS = 10 * 60_000;

/** The folder of apply-config's per-bucket leases under the reports prefix `key` (also read by `ossedge lease`). */
export function applyLeaseParent(key: string): string {
  return leasesFolder(key, 'apply-config');
}

const applyLeasePrefix = (key: string, bucket: string): string => `${applyLeaseParent(key)}${bucket}/`;

function leaseTtl(runtime: ApplyRuntime): number {
  if (runtime.leaseTtlMs) return runtime.leaseTtlMs;
  return runtime.invocationEnd !== undefined ? leaseTtlUntil(runtime.invocationEnd, Date.now()) : DEFAULT_LEASE_TTL_MS;
}

/** Per-bucket lease in the reports bucket (`<prefix>_state/leases/apply-config/<bucket>/`); none without OSSEDGE_REPORTS. */
export function bucketLease(runtime: ApplyRuntime, runId?: string): AcquireLease | undefined {
  if (!runtime.reportsLocation) return undefined;
  const { bucket, key } = ossFolder(runtime.reportsLocation);
  const client = runtime.clients.home(runtime.region);
  return async (target) => {
    const got = await acquireLease(client, { bucket, prefix: applyLeasePrefix(key, target), owner: runtime.owner, ...(runId ? { runId } : {}), ttlMs: leaseTtl(runtime) });
    if (!got.acquired) return { busy: { ...(got.holder?.runId ? { runId: got.holder.runId } : {}), ...(got.holder?.expiresAt ? { expiresAt: got.holder.expiresAt } : {}) } };
    // the OSS client retries the release's request itself (one retry layer)
    return { release: () => got.lease.release() };
  };
}
