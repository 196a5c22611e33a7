// What a refresh run gets from the invocation around it: its input, the clients, where state and reports
// go, and how to queue more work. The function fills it from its runtime; nothing here knows FC.
import type { OssedgeConfig } from '../config/index.ts';
import type { OriginSessionOptions } from '../net/index.ts';
import type { OssClient } from '../oss/client.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import type { Report } from '../report/model.ts';
import type { RefreshLimits, StateLocation } from './types.ts';

/** What one invocation asked, as its trigger carried it (a decoded FC input fits as is). */
export type RefreshInput =
  | { kind: 'http'; method: string; query: Readonly<Record<string, string>>; rawBody: { length: number }; text(): string }
  | { kind: 'timer' | 'invoke'; payload: unknown };

export interface RunLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Per-run settings every refresh of a bucket or of named keys shares. */
export interface CommonRunOptions {
  runId: string;
  /** Lease owner: the invocation's request id. */
  owner: string;
  deadline: number;
  net: OriginSessionOptions;
  limits?: RefreshLimits;
  originBudgetMs?: number;
  pageSize?: number;
}

/** Where a scan reads each bucket: its own region's client (the file's region, else where OSS says it is). */
export interface ScanClients {
  /** A region already known (a coordinator's shard payload): no GetBucketLocation for it. */
  learn(bucket: string, region: string | undefined): void;
  /** The bucket's client, and the one its state goes through (home with reports, else the bucket's own). */
  of(bucket: string): Promise<{ client: OssClient; stateClient: OssInvoker }>;
}

export interface RunContext {
  /** This invocation's request id (lease owner) and its id stable across FC's retries (idempotency). */
  owner: string;
  invocationId: string;
  /** The client of the function's own region: reports, the config object, state in the reports bucket. */
  home: OssInvoker;
  /** For warm GETs: never retried by the client (the warm-up paces, counts and repeats each one itself). */
  warmClient(): OssInvoker;
  stateFor(bucket: string): StateLocation;
  /** Hands a finished run's report to the function, which stores it (and the dashboard) once the run is over. */
  store(report: Report): void;
  common(runId: string): CommonRunOptions;
  /** Queues `payload` as an async invocation of this same function under `invocationId`. */
  queue(payload: object, invocationId: string): Promise<unknown>;
  /** Clients for the buckets of a scan; a config given is admitted first (CONFIG_ENDPOINT_NOT_ALLOWED). */
  scanClients(config?: OssedgeConfig): ScanClients;
  /** OSSEDGE_CONFIG, loaded; undefined when the function has none. */
  config?: () => Promise<OssedgeConfig>;
  log: RunLog;
}
