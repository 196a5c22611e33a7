// The warm-up's request and bandwidth budget with adaptive backoff. Requests start at least 1/rate
// apart (no burst: the account's mirror quota is shared with the site's own traffic); a 503 from OSS
// (the mirror quota) or an origin failure halves the rate and pauses every worker, and each success
// wins a little of it back (AIMD), never above the budget.

export const DEFAULT_WARM_QPS = 100;
/** 100 Mbit/s. */
export const DEFAULT_WARM_BYTES_PER_SECOND = 100_000_000 / 8;
/** The slowest pace backoff goes down to. */
export const MIN_WARM_QPS = 1;
const MAX_PAUSE_MS = 5_000;
/** Successes it takes to win back the whole budget after one halving. */
const RECOVERY_STEPS = 20;

export interface PacerOptions {
  qps: number;
  bytesPerSecond: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface Pacer {
  /** Resolves when the next request may start. */
  take(): Promise<void>;
  /** Bytes a finished request moved (spent from the bandwidth budget before the next start). */
  spend(bytes: number): void;
  /** Throttled or failed upstream: slow down and pause `attempt` (1, 2, ...) times longer. */
  backoff(attempt: number): void;
  ok(): void;
  rate(): number;
}

export function createPacer(o: PacerOptions): Pacer {
  const now = o.now ?? (() => performance.now());
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = o.random ?? Math.random;
  const budget = Math.max(MIN_WARM_QPS, o.qps);
  let rate = budget;
  let lastStart = -Infinity;
  let pausedUntil = 0;
  /** Bytes spent beyond what the bandwidth budget has paid back so far. */
  let debt = 0;
  let debtAt = now();
  let chain: Promise<void> = Promise.resolve();

  const next = async (): Promise<void> => {
    for (;;) {
      const t = now();
      debt = Math.max(0, debt - ((t - debtAt) * o.bytesPerSecond) / 1000);
      debtAt = t;
      const wait = Math.max(lastStart + 1000 / rate - t, pausedUntil - t, (debt * 1000) / o.bytesPerSecond);
      if (wait <= 0) {
        lastStart = t;
        return;
      }
      await sleep(Math.ceil(wait));
    }
  };
  return {
    take() {
      chain = chain.then(next);
      return chain;
    },
    spend(bytes) {
      debt += bytes;
    },
    backoff(attempt) {
      rate = Math.max(MIN_WARM_QPS, rate / 2);
      // full jitter, growing with the key's attempts, so workers do not come back in step
      const pause = Math.min(MAX_PAUSE_MS, (1000 / rate) * 2 ** Math.min(attempt, 8) * (0.5 + random() / 2));
      pausedUntil = Math.max(pausedUntil, now() + pause);
    },
    ok() {
      rate = Math.min(budget, rate + budget / RECOVERY_STEPS);
    },
    rate: () => rate,
  };
}
