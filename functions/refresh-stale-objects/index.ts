// refresh-stale-objects: finds mirrored copies whose origin object changed and refreshes them safely
// (verified refetch or delete), resumable within the function timeout, fanning out for large buckets.
import { createRefreshHandler } from './handler.ts';
import { settings } from './settings.ts';

export const handler = createRefreshHandler(settings());
