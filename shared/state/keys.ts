// Every `_state/...` key ossedge writes under the reports prefix (OSSEDGE_REPORTS), in one place: the
// functions, the sweep and `ossedge lease` all name state through these. `prefix` is the reports
// location's key ('' or ending in '/').

/** Everything ossedge keeps besides reports and the dashboard. */
export const STATE_FOLDER = '_state/';

/** Leases of a job, one folder per leased thing: `_state/leases/<function>/<bucket>/<generation>.json`. */
export const leasesFolder = (prefix: string, fn: string): string => `${prefix}${STATE_FOLDER}leases/${fn}/`;

/** Idempotency markers of a function: `_state/invocations/<function>/<id>/{done.json,lease/}`. */
export const invocationsFolder = (prefix: string, fn: string): string => `${prefix}${STATE_FOLDER}invocations/${fn}/`;

/** Webhook delivery records: `_state/deliveries/<kind>/<id>.json` (delivery-key.ts names the ids). */
export const DELIVERIES_FOLDER = `${STATE_FOLDER}deliveries/`;
export const deliveriesFolder = (prefix: string): string => `${prefix}${DELIVERIES_FOLDER}`;

/** A validated config staged for the async apply run that a webhook queued. */
export const queuedConfigKey = (prefix: string, runId: string): string => `${prefix}${STATE_FOLDER}apply-config/queued/${runId}.yaml`;

/** refresh-stale-objects' own state (manifests, checkpoints, shard runs, `leases/`, `invocations/`). */
export const REFRESH_STATE_FOLDER = `${STATE_FOLDER}refresh-stale-objects/`;
export const refreshStateFolder = (prefix: string): string => `${prefix}${REFRESH_STATE_FOLDER}`;
/** Without OSSEDGE_REPORTS (the CLI), refresh keeps the same state in the scanned bucket under this prefix (never scanned). */
export const IN_BUCKET_REFRESH_STATE = '.ossedge-state/refresh/';
/** In refresh's state folder (either of the two above): `leases/<bucket>[~<range>]/`, and `invocations/<id>/` (idempotency). */
export const refreshLeasesFolder = (statePrefix: string): string => `${statePrefix}leases/`;
export const refreshInvocationsFolder = (statePrefix: string): string => `${statePrefix}invocations/`;

/**
 * The folders the state sweep walks: where leases and idempotency markers live. Manifests and
 * checkpoints are refresh's to keep (a run resumes from them), never swept here.
 */
export const sweptFolders = (prefix: string): string[] => [
  `${prefix}${STATE_FOLDER}leases/`,
  `${prefix}${STATE_FOLDER}invocations/`,
  refreshLeasesFolder(refreshStateFolder(prefix)),
  refreshInvocationsFolder(refreshStateFolder(prefix)),
];
