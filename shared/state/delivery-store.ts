import { OssedgeError } from '../errors/base.ts';

/**
 * The delivery/replay store: which webhook deliveries (our signatures, git hosts' delivery ids) were
 * seen, and what became of the first one. `claim` is true for exactly one caller per key, across every
 * instance that shares the store; a store that cannot answer throws `StateUnavailableError` so the
 * webhook fails closed (503, retryable) instead of accepting a delivery it did not record.
 */

/** What became of the first delivery of a key (GitOps redelivery answers from it). */
export type DeliveryState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface DeliveryRecord {
  key: string;
  firstSeenAt: string;
  /** After this the record may be swept; until it is, the key still counts as seen. */
  expiresAt: string;
  runId?: string;
  state?: DeliveryState;
  /** A running run's invocation ends by then (FC stops it): still `running` after it means it was stopped. */
  activeUntil?: string;
  /** Which claim created the record (a random token): the claimer knows its own create when its answer was lost. */
  claimToken?: string;
}

export type DeliveryNote = Pick<DeliveryRecord, 'runId' | 'state' | 'activeUntil'>;

/** `first: false` carries the first delivery's record when it could be read. */
export type ClaimResult = { first: true } | { first: false; record?: DeliveryRecord };

export interface DeliveryStore {
  claim(key: string, ttlMs: number, note?: DeliveryNote): Promise<ClaimResult>;
  /** Records the run id / state of a key this caller claimed. */
  note(key: string, note: DeliveryNote): Promise<void>;
  /**
   * Takes over a delivery whose run `failedRunId` failed, for a new run (`note.runId`): true for exactly one
   * caller per failed run, across instances; the others learn the run that took it over.
   */
  takeOver(key: string, failedRunId: string, note: DeliveryNote): Promise<TakeOverResult>;
}

export type TakeOverResult = { won: true } | { won: false; runId?: string };

/**
 * One authenticated webhook delivery and its record in the store, as the webhook layer hands it to a handler
 * (`source`: who signed it: github, gitlab, codeup or ossedge).
 */
export interface DeliveryClaims {
  source: string;
  /** The delivery id as the host sent it (GitHub, GitLab). */
  deliveryId?: string;
  /** The canonical key of this delivery in the delivery store. */
  deliveryKey?: string;
  /**
   * Records the delivery (once per request; a no-op without a key): a key seen before → 401, a store
   * that cannot answer → 503. Already done before the handler runs unless `deferClaim` is set.
   */
  claim(note?: DeliveryNote): Promise<void>;
  /**
   * GitOps redelivery: like `claim`, but a key seen before answers with the first delivery's record
   * instead of 401 (the handler decides: same run, or a new one after a failure). Same once-per-request rule.
   */
  claimOrReplay(note?: DeliveryNote): Promise<ClaimResult>;
  /** Updates the claimed record (e.g. `{state: 'failed'}` when queueing failed); never throws, logs instead. */
  note(note: DeliveryNote): Promise<void>;
  /**
   * A redelivery of a delivery whose run `failedRunId` failed: won by exactly one request across instances
   * (the others get the run that won); a store that cannot answer → 503.
   */
  takeOver(failedRunId: string, note: DeliveryNote): Promise<TakeOverResult>;
}

export class StateUnavailableError extends OssedgeError<'STATE_UNAVAILABLE'> {
  override readonly name = 'StateUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('STATE_UNAVAILABLE', message, options);
  }
}

/** How long a delivery's key counts as seen (a redelivery within it is the same delivery). */
export const DEFAULT_DELIVERY_TTL_MS = 24 * 3600_000;

export const DEFAULT_MEMORY_CAPACITY = 10_000;

/**
 * One instance's memory, bounded (oldest forgotten first): only for runs without OSSEDGE_REPORTS
 * (CLI, local), since FC may run several instances that do not share it.
 */
export function createMemoryDeliveryStore(options: { capacity?: number; now?: () => number } = {}): DeliveryStore {
  const capacity = options.capacity ?? DEFAULT_MEMORY_CAPACITY;
  const now = options.now ?? Date.now;
  const seen = new Map<string, DeliveryRecord>();
  /** `key NUL failedRunId` → the run that took the failed delivery over. */
  const takeovers = new Map<string, string>();
  return {
    async claim(key, ttlMs, note = {}) {
      const t = now();
      const known = seen.get(key);
      if (known && Date.parse(known.expiresAt) > t) return { first: false, record: { ...known } };
      seen.delete(key);
      seen.set(key, { key, firstSeenAt: new Date(t).toISOString(), expiresAt: new Date(t + ttlMs).toISOString(), ...note });
      while (seen.size > capacity) seen.delete(seen.keys().next().value as string);
      return { first: true };
    },
    async note(key, note) {
      const known = seen.get(key);
      if (known) seen.set(key, { ...known, ...note });
    },
    async takeOver(key, failedRunId, note) {
      const marker = `${key}\u0000${failedRunId}`;
      const taken = takeovers.get(marker);
      if (taken !== undefined) return { won: false, ...(taken ? { runId: taken } : {}) };
      takeovers.set(marker, note.runId ?? '');
      while (takeovers.size > capacity) takeovers.delete(takeovers.keys().next().value as string);
      return { won: true };
    },
  };
}
