// Where refresh keeps its state (manifest, checkpoints, leases, fan-out plans, key lists): under the
// reports location when there is one, else in the scanned bucket (the folders are named in state/keys.ts).
import { ossFolder } from '../state/location.ts';
import { IN_BUCKET_REFRESH_STATE, refreshStateFolder } from '../state/keys.ts';
import type { StateLocation } from './types.ts';

export function stateLocation(bucket: string, reportsLocation: string | undefined): StateLocation {
  if (!reportsLocation) return { bucket, prefix: IN_BUCKET_REFRESH_STATE };
  const f = ossFolder(reportsLocation);
  return { bucket: f.bucket, prefix: refreshStateFolder(f.key) };
}
