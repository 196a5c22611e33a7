// Where each job keeps its per-bucket leases (the same names the functions use), for `ossedge lease`.
import { applyLeaseParent } from '../../shared/apply/bucket-lease.ts';
import { ossFolder } from '../../shared/state/location.ts';
import { IN_BUCKET_REFRESH_STATE, refreshLeasesFolder, refreshStateFolder } from '../../shared/state/keys.ts';

export const LEASE_JOBS = ['apply-config', 'refresh-stale-objects'] as const;
export type LeaseJob = (typeof LEASE_JOBS)[number];

/** A job's lease folders: `parent` holds one folder per bucket (refresh shards: `<bucket>~<range>/`, the warm-up: `<bucket>~warm/`). */
export interface JobLeases {
  bucket: string;
  parent: string;
}

/** The folder holding a job's leases, or a message saying why that job keeps none there. */
export function jobLeases(job: LeaseJob, reports: string | undefined, bucket: string | undefined): JobLeases | string {
  if (job === 'apply-config') {
    if (!reports) return 'apply-config takes leases only with a reports location: give --reports oss://bucket/prefix/ (or OSSEDGE_REPORTS)';
    const f = ossFolder(reports);
    return { bucket: f.bucket, parent: applyLeaseParent(f.key) };
  }
  if (reports) {
    const f = ossFolder(reports);
    return { bucket: f.bucket, parent: refreshLeasesFolder(refreshStateFolder(f.key)) };
  }
  // without a reports location refresh keeps its state in the scanned bucket itself
  if (!bucket) return 'without a reports location refresh-stale-objects keeps its leases in each bucket: give --bucket B';
  return { bucket, parent: refreshLeasesFolder(IN_BUCKET_REFRESH_STATE) };
}

/** Whether `folder` (a child of `parent`) is a lease of `bucket`: its own, or one of its refresh shards. */
export function isLeaseOf(parent: string, folder: string, bucket: string): boolean {
  const name = folder.slice(parent.length, -1);
  return name === bucket || name.startsWith(`${bucket}~`);
}
