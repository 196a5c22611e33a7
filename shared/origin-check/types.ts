import type { Dialer } from '../net/dial.ts';
import type { Resolver } from '../net/resolve.ts';
import type { RoutingRule } from '../oss/models/website.ts';

/** OSS gives up on an origin after 10 s (spec/oss-api.md §5): each origin request gets this budget. */
export const DEFAULT_ORIGIN_BUDGET_MS = 10_000;
/** Origins checked at the same time, across all rules. */
export const DEFAULT_CHECK_CONCURRENCY = 4;
/** Sample keys probed per rule. */
export const DEFAULT_MAX_SAMPLE_KEYS = 3;
/** A certificate with fewer days left than this is a warning. */
export const DEFAULT_CERT_WARN_DAYS = 14;
/** Latency above this share of the budget is a warning (OSS is close to giving up). */
export const SLOW_SHARE_OF_BUDGET = 0.5;
/** Bytes asked for by the ranged GET (Range is never passed by OSS; this only keeps the probe small). */
export const RANGE_PROBE_BYTES = 1024;
/** Cap on the body read to verify Content-MD5 (the whole object is needed for that). */
export const DEFAULT_MD5_MAX_BYTES = 8 * 1024 * 1024;

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';
export type Verdict = 'ok' | 'warn' | 'fail';

/** What one check looked at. */
export type CheckName =
  | 'URL'
  | 'DNS'
  | 'ADDRESS'
  | 'TCP'
  | 'TLS'
  | 'HEAD'
  | 'GET'
  | 'REDIRECT'
  | 'LATENCY'
  | 'CONTENT_MD5'
  | 'CONTENT_ENCODING'
  | 'VALIDATORS'
  | 'HOST'
  | 'HEADERS';

/** One check: result, timing and a fix hint in plain words. */
export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  /** Stable UPPER_SNAKE outcome, e.g. TLS_EXPIRED, NET_CONNECT_REFUSED, STATUS_404. */
  code: string;
  message: string;
  hint?: string;
  /** The URL or host:port looked at (redacted). */
  target?: string;
  startedAt: string;
  finishedAt: string;
  ms: number;
  data?: Record<string, unknown>;
}

export type OriginKind = 'mirror' | 'external';

export interface OriginResult {
  kind: OriginKind;
  role: 'primary' | 'secondary' | 'alternate' | 'redirect';
  baseUrl: string;
  number?: number;
  verdict: Verdict;
  checks: CheckResult[];
  startedAt: string;
  finishedAt: string;
  ms: number;
}

/** Where a rule came from and the keys it is probed with. */
export interface RuleTarget {
  bucket: string;
  /** `buckets.<b>.website.routingRules[i]` for file rules, `live:<bucket>/rule <n>` for live ones. */
  path: string;
  rule: RoutingRule;
  sampleKeys: string[];
  sampleSource: 'config' | 'listed' | 'prefix';
  force?: boolean;
  source: 'config' | 'live';
}

export interface FailingCheck {
  /** The origin's role, or `rule` for checks of the rule itself (header rules). */
  role: OriginResult['role'] | 'rule';
  baseUrl: string;
  check: CheckName;
  code: string;
  status: Verdict;
  message: string;
  hint?: string;
}

export interface RuleResult {
  bucket: string;
  path: string;
  ruleNumber?: number;
  redirectType: string;
  source: RuleTarget['source'];
  sampleKeys: string[];
  sampleSource: RuleTarget['sampleSource'];
  force: boolean;
  verdict: Verdict;
  /** The warn and fail findings, worst first ("primary: certificate expires in 6 days"). */
  problems: FailingCheck[];
  /** Checks of the rule itself (header rules). */
  checks: CheckResult[];
  origins: OriginResult[];
  startedAt: string;
  finishedAt: string;
  ms: number;
}

export interface OriginCheckOptions {
  /** Reach loopback/private/link-local/metadata addresses (local runs and tests only). */
  allowPrivate?: boolean;
  resolver?: Resolver;
  dialer?: Dialer;
  /** Extra trusted CAs (PEM), added to the system CAs. */
  ca?: string | Buffer | Array<string | Buffer>;
  trustSystemCas?: boolean;
  /** Budget of each origin request (default 10 s, OSS's mirror timeout). */
  budgetMs?: number;
  /** Origins checked at once across all rules (default 4). */
  concurrency?: number;
  maxSampleKeys?: number;
  certWarnDays?: number;
  md5MaxBytes?: number;
  /**
   * The Host a client sends to OSS for a bucket (what a rule that passes Host forwards); default
   * `<bucket>.oss-cn-hangzhou.aliyuncs.com`. Any host that is not the origin's shows a Host-routing origin.
   */
  bucketHost?: (bucket: string) => string;
  /** The request a browser would send to OSS, fed through the rule's header rules. */
  clientHeaders?: Record<string, string>;
  signal?: AbortSignal;
  now?: () => number;
}

export interface CheckRunResult {
  rules: RuleResult[];
  startedAt: string;
  finishedAt: string;
  totalMs: number;
  concurrency: number;
  budgetMs: number;
}
