import type { OriginSessionOptions } from '../net/session.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import type { RoutingRule } from '../oss/models/website.ts';
import type { ReportItem } from '../report/model.ts';

/** Where ossedge keeps its own state for refresh (manifest, checkpoints, leases, shard results). */
export interface StateLocation {
  bucket: string;
  /** Ends with "/", e.g. `reports/_state/refresh-stale-objects/`. */
  prefix: string;
}

/** A contiguous part of one bucket's key space: keys under `prefix`, from `startAt` (inclusive) to `endBefore`. */
export interface KeyRange {
  bucket: string;
  prefix: string;
  startAt?: string;
  /** Exclusive upper bound (keys ≥ it belong to the next range). */
  endBefore?: string;
}

export type Strategy = 'refetch' | 'delete';

/** Counters of one run (or shard), summed when shards are aggregated. */
export interface RefreshCounters {
  scanned: number;
  unchanged: number;
  stale: number;
  refreshed: number;
  deleted: number;
  failed: number;
  /** Refetches refused because the origin's GET contradicted its HEAD (agreement.ts). */
  refused: number;
  gone: number;
  skipped: number;
  capped: number;
  /** Temporary objects a refetch could not remove (reported; a later run removes them). */
  tempLeft: number;
  /** Temporary objects left by earlier runs and removed by this one. */
  tempCleaned: number;
  confirmed: number;
  bytesMoved: number;
  originRequests: number;
  ossHeads: number;
  listCalls: number;
}

export const ZERO_COUNTERS: Readonly<RefreshCounters> = Object.freeze({
  scanned: 0, unchanged: 0, stale: 0, refreshed: 0, deleted: 0, failed: 0, refused: 0, gone: 0, skipped: 0, capped: 0, tempLeft: 0, tempCleaned: 0,
  confirmed: 0, bytesMoved: 0, originRequests: 0, ossHeads: 0, listCalls: 0,
});

export interface RefreshLimits {
  /** Objects replaced or deleted per run (default unlimited). */
  maxObjects?: number;
  /** Origin bytes written to OSS per run (default unlimited). */
  maxBytes?: number;
  /** Largest body read to confirm a candidate (default 16 MiB); bigger candidates are reported, not read. */
  confirmMaxBytes?: number;
  /** Largest object refetched (default 1 GiB). */
  maxObjectBytes?: number;
  /** Origin requests per second (the mirror QPS quota; default unlimited). */
  originQps?: number;
  /** OSS requests per second (default unlimited). */
  ossQps?: number;
  /** Origins in flight at once (default 16). */
  concurrency?: number;
  /** Items kept in the report per run (default 200; the rest only counted). */
  maxItems?: number;
}

export interface RefreshRunOptions {
  client: OssInvoker;
  /** Client for the state bucket (default `client`). */
  stateClient?: OssInvoker;
  state: StateLocation;
  range: KeyRange;
  /** The bucket's routing rules (live website configuration or ossedge.yaml). */
  rules: readonly RoutingRule[];
  strategy?: Strategy;
  dryRun?: boolean;
  limits?: RefreshLimits;
  /** Epoch ms after which no new object is started; a checkpoint is stored instead. */
  deadline?: number;
  /** Per origin HEAD/GET budget (default 10 s, OSS's mirror timeout); refetch gets `refetchBudgetMs`. */
  originBudgetMs?: number;
  refetchBudgetMs?: number;
  /** shared/net session options (allowPrivate, resolver, dialer, ca...). */
  net?: OriginSessionOptions;
  runId: string;
  /** Manifest generation name (default `runId`; shards of one fan-out share the coordinator's). */
  generation?: string;
  now?: () => number;
  /** Keys per ListObjectsV2 page (default 1000). */
  pageSize?: number;
}

export interface RangeResult {
  range: KeyRange;
  /** true: the range was scanned to its end; false: stopped by the deadline (a checkpoint was stored). */
  complete: boolean;
  resumed: boolean;
  counters: RefreshCounters;
  items: ReportItem[];
  /** Items not kept because of `maxItems`. */
  itemsDropped: number;
}
