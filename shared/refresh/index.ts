// refresh-stale-objects engine: find mirrored copies whose origin changed and refresh them safely.
export * from './types.ts';
export { copyMd5, originMd5, judge, originFactsOf, entryFor, type CopyFacts, type OriginFacts, type Verdict } from './evidence.ts';
export { compareKeys, rangeId } from './keys.ts';
export { ManifestReader, ManifestWriter, manifestFolder, currentGeneration, type ManifestEntry } from './manifest.ts';
export { checkpointKey, readCheckpoint, type Checkpoint } from './checkpoint.ts';
export { createRateLimiter, runBounded, type RateLimiter } from './rate.ts';
export { originTargetFor, type OriginTarget } from './origin.ts';
export { RefetchError, type RefetchErrorCode } from './replace.ts';
export { evidenceOf, headersDisagree, bodyDisagrees, mediaTypeOf, type Evidence, type Disagreement, type DisagreementReason } from './agreement.ts';
export { cleanLeftovers, isTempKey, TEMP_LEFTOVER_AGE_MS, TEMP_PREFIX, type CleanResult } from './temp.ts';
export { refreshRange, DEFAULT_PAGE_SIZE, DEFAULT_CONCURRENCY, DEFAULT_CONFIRM_MAX_BYTES } from './scan.ts';
export { refreshBucket, liveRules, mirrorPrefixes, sumCounters, type BucketResult, type RefreshBucketOptions } from './run.ts';
export { refreshReport, REFRESH_FUNCTION, type ReportContext } from './report.ts';
export { planShards, savePlan, readPlan, recordShard, claimAggregate, mergeShards, type ShardPlan } from './shards.ts';
// The engine's one entry (a function composes it): an invocation routed to scan, fan-out shard, warm-up or named keys.
export { createRefreshEngine, type RefreshEngine, type RefreshEngineOptions, type RefreshCall } from './refresh-engine.ts';
export { RefreshRequestError, METHOD_NOT_ALLOWED } from './errors.ts';
export type { RefreshInput, RunContext } from './run-context.ts';
