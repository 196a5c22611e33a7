// Where refresh keeps its state (manifest, checkpoints, leases, fan-out plans, key lists): under the
// reports location when there is one, else in the scanned bucket under a prefix the scan never visits.
import { ossFolder } from '../report/location.ts';
import type { StateLocation } from './types.ts';

/** With OSSEDGE_REPORTS, state lives under `<reports prefix>` + this folder (also read by `ossedge lease`). */
export const STATE_FOLDER = '_state/refresh-stale-objects/';
/** Without OSSEDGE_REPORTS, state lives in the scanned bucket under this prefix (never scanned). */
export const IN_BUCKET_STATE_PREFIX = '.ossedge-state/refresh/';

export function stateLocation(bucket: string, reportsLocation: string | undefined): StateLocation {
  if (!reportsLocation) return { bucket, prefix: IN_BUCKET_STATE_PREFIX };
  const f = ossFolder(reportsLocation);
  return { bucket: f.bucket, prefix: `${f.key}${STATE_FOLDER}` };
}
