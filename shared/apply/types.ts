import type { Change, SectionAction, SectionName } from '../config/index.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { HoldRecord } from '../state/holds.ts';

export type { SectionName } from '../config/index.ts';

/** What a run does: show the plan, apply it, or look for drift (timer). */
export type RunMode = 'plan' | 'apply' | 'drift';
export type DriftAction = 'report' | 'correct';

/** One new or changed mirror rule handed to the pre-flight step (validate-mirror-origin plugs in here). */
export interface PreflightRule {
  /** Position in the section OSS will get (0-based). */
  index: number;
  rule: RoutingRule;
  sampleKeys: string[];
  force: boolean;
}

export interface PreflightResult {
  ruleIndex: number;
  ok: boolean;
  /** Stable UPPER_SNAKE code, e.g. ORIGIN_UNREACHABLE. */
  code: string;
  message: string;
  /** Set by the engine: the rule has `force: true`, so a failure did not block it. */
  forced?: boolean;
}

/** Checks mirror rules before they are written; a failed result blocks the bucket unless the rule has `force: true`. */
export type Preflight = (bucket: string, rules: PreflightRule[]) => Promise<PreflightResult[]>;

export interface SectionOutcome {
  section: SectionName;
  /** What the plan said (the first plan under the lease that saw the change, when a bucket was retried). */
  action: SectionAction;
  /** true once the write was sent and answered, or found done by a later read. */
  applied: boolean;
  /** The write was sent and no answer said it failed (a lost connection, a timeout, a 5xx): it may have taken effect. */
  unconfirmed?: boolean;
  /** true when the read-back equals the desired state. */
  verified?: boolean;
  changes: Change[];
  text: string[];
  warnings: string[];
  /** Live state before the run (secrets redacted); null = none existed. */
  before: unknown;
  /** Desired state (secrets redacted); null = delete. */
  after: unknown;
}

export type BucketStatus = 'unchanged' | 'pending' | 'applied' | 'failed' | 'busy';

export interface BucketOutcome {
  bucket: string;
  status: BucketStatus;
  /** Sections with something to do (none for unchanged buckets). */
  sections: SectionOutcome[];
  /** Whole-bucket attempts made (1 unless a retryable error happened). */
  attempts: number;
  error?: { code: string; message: string; hint?: string; op?: string; status?: number };
  preflight?: PreflightResult[];
  /** Sections of a rollback left alone: the bucket no longer holds what the rolled-back run was writing. */
  keptChanged?: SectionName[];
  /** The managed sections as first read (secrets redacted); plan and drift reports show it as `observed`. */
  observed?: unknown;
  /** A drift run found the bucket on hold (after a rollback): its drift is reported, not corrected. */
  held?: HoldRecord;
  /** A rollback put the bucket on hold for drift correction. */
  holdPlaced?: HoldRecord;
  /** An apply from the config ended the bucket's hold. */
  holdReleased?: HoldRecord;
  /** The apply succeeded but the bucket's hold could not be ended (it stays on hold). */
  holdNotReleased?: string;
}

export interface LeaseHandle {
  release(): Promise<void>;
}

/** Records a bucket's sections (with their before-states) in the run's stored report before any is written. */
export type Journal = (bucket: string, sections: readonly SectionOutcome[]) => Promise<void>;

/** What is known of the run holding a bucket's lease (from its lease record). */
export interface LeaseHolder {
  runId?: string;
  expiresAt?: string;
}

/** Serializes runs per bucket; `{ busy }` = another run holds it. */
export type AcquireLease = (bucket: string) => Promise<LeaseHandle | { busy: LeaseHolder }>;
