export { runBucket, DEFAULT_BUCKET_ATTEMPTS, DEFAULT_BUCKET_BACKOFF_MS, type BucketRunOptions } from './apply-bucket.ts';
export { runConfig, selectBuckets, DEFAULT_CONCURRENCY, type RunOptions, type RunResult } from './engine.ts';
export { readLiveSettings, managedSections, ALL_SECTIONS } from './live.ts';
// functions/apply-config/runs.ts still takes mapLimit from here; its export run moves into this engine later
export { mapLimit } from '../concurrency/map-limit.ts';
export { changedMirrorRules, previewPreflight, runPreflight } from './preflight.ts';
export { buildRunReport, reportLines, APPLY_CODES, APPLY_FUNCTION, type ApplyReport, type ReportOptions } from './report.ts';
export { createJournal, runningReport, runReportWriter, RUN_INCOMPLETE, SECTION_WRITING, type JournalOptions } from './journal.ts';
export { rollbackConfig, rollbackSecretGaps, RollbackError } from './rollback.ts';
export { errorCodeOf, isRetryable, describeError, ApplyInputError, BeforeStateError, PreflightError, VerifyError } from './errors.ts';
export type * from './types.ts';
export { resolveBucketRegions } from './regions.ts';
