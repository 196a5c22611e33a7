// The one bounded-concurrency helper is shared/concurrency's mapLimit; this name stays only until
// functions/validate-mirror-origin/collect.ts (being rewritten elsewhere) imports it from there.
export { mapLimit as mapBounded } from '../concurrency/map-limit.ts';
