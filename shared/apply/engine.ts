import type { BucketConfig, OssedgeConfig } from '../config/index.ts';
import type { OssInvoker } from '../oss/index.ts';
import { runBucket, type BucketRunOptions } from './apply-bucket.ts';
import { ApplyInputError } from './errors.ts';
import { mapLimit } from '../concurrency/map-limit.ts';
import { holdAction, withHold } from './holds.ts';
import type { HoldStore } from '../state/holds.ts';
import type { BucketOutcome, RunMode, DriftAction } from './types.ts';

export const DEFAULT_CONCURRENCY = 16;

/**
 * What a run hands each bucket: the lease, the journal (where before-states go before the first write of each
 * bucket), the origin pre-flight of new or changed mirror rules (default none; validate-mirror-origin plugs
 * in), the bucket's attempts and their backoff, the call options and the clock.
 */
type ForEachBucket = Pick<BucketRunOptions, 'lease' | 'journal' | 'preflight' | 'maxAttempts' | 'backoffMs' | 'call' | 'sleep'>;

export interface RunOptions extends ForEachBucket {
  mode: RunMode;
  /** Drift mode only: `correct` applies what differs, `report` only lists it. */
  driftAction?: DriftAction;
  /** The client for a bucket of the file (its region). */
  clientFor: (bucket: BucketConfig) => OssInvoker;
  env?: Readonly<Record<string, string | undefined>>;
  /** Buckets worked on at once (default 16). */
  concurrency?: number;
  /** Only these buckets of the file (all when absent). */
  buckets?: readonly string[];
  /**
   * Drift holds (shared/apply/holds.ts): a rollback (`rollbackOf`) puts its buckets on hold, drift correction
   * leaves a held bucket as it is and reports it, an apply from the config ends the hold once it succeeds.
   */
  holds?: HoldStore;
  /** This run's id (a rollback's hold names it). */
  runId?: string;
  /** Set on a rollback: the run whose before-states it restores. */
  rollbackOf?: string;
}

export interface RunResult {
  mode: RunMode;
  driftAction?: DriftAction;
  /** Whether this run wrote (apply, drift+correct). */
  write: boolean;
  outcomes: BucketOutcome[];
}

/** Buckets of the file selected by `names`; throws for a name the file does not have. */
export function selectBuckets(config: OssedgeConfig, names?: readonly string[]): BucketConfig[] {
  if (!names || names.length === 0) return config.buckets;
  const missing = names.filter((n) => !config.buckets.some((b) => b.name === n));
  if (missing.length > 0) throw new ApplyInputError('UNKNOWN_BUCKET', `not in the config: ${missing.join(', ')}`);
  return config.buckets.filter((b) => names.includes(b.name));
}

/**
 * Plans (and in apply mode applies) every bucket of the file, `concurrency` buckets at a time. A
 * bucket that fails does not stop the others. Buckets not in the file are never read nor touched.
 */
export async function runConfig(config: OssedgeConfig, options: RunOptions): Promise<RunResult> {
  const write = options.mode === 'apply' || (options.mode === 'drift' && (options.driftAction ?? 'correct') === 'correct');
  const buckets = selectBuckets(config, options.buckets);
  const hold = await holdAction(options, write);
  const outcomes = await mapLimit(buckets, options.concurrency ?? DEFAULT_CONCURRENCY, (desired) => withHold(hold, desired.name, (holdCheck) => runBucket({
    client: options.clientFor(desired),
    desired,
    write,
    env: options.env ?? {},
    ...(options.lease ? { lease: options.lease } : {}),
    ...(options.journal && write ? { journal: options.journal } : {}),
    // a plan shows the pre-flight; a drift report does not probe origins
    ...(options.preflight && (write || options.mode === 'plan') ? { preflight: options.preflight } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
    ...(options.call ? { call: options.call } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(holdCheck ? { holdCheck } : {}),
  })));
  return { mode: options.mode, ...(options.mode === 'drift' ? { driftAction: options.driftAction ?? 'correct' } : {}), write, outcomes };
}
