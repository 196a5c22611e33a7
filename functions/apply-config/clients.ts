// Moved to shared/fc/oss-clients.ts (validate-mirror-origin and refresh-stale-objects use it too).
// Kept only until every importer imports shared/fc directly; new code must not import this file.
export { createClientCache, DEFAULT_REGION, type ClientCache, type ClientTuning } from '../../shared/fc/oss-clients.ts';
