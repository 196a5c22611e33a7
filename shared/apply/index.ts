export { runBucket, DEFAULT_BUCKET_ATTEMPTS, DEFAULT_BUCKET_BACKOFF_MS, type BucketRunOptions } from './apply-bucket.ts';
export { runConfig, selectBuckets, DEFAULT_CONCURRENCY, type RunOptions, type RunResult } from './engine.ts';
export { readLiveSettings, managedSections, ALL_SECTIONS } from './live.ts';
export { mapLimit } from './pool.ts';
export { changedMirrorRules, runPreflight } from './preflight.ts';
export { buildRunReport, reportLines, APPLY_CODES, APPLY_FUNCTION, type ApplyReport, type ReportOptions } from './report.ts';
export { rollbackConfig, rollbackSecretGaps, RollbackError } from './rollback.ts';
export { errorCodeOf, isRetryable, describeError, PreflightError, VerifyError } from './errors.ts';
export type * from './types.ts';
