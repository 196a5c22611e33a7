// Token-bucket rate limiter (requests per second, burst of one second) and a small helper to run
// async work over a list with bounded concurrency, in order of dispatch.

export interface RateLimiter {
  take(): Promise<void>;
}

const UNLIMITED: RateLimiter = { take: async () => undefined };

export function createRateLimiter(qps: number | undefined, now: () => number = () => performance.now()): RateLimiter {
  if (qps === undefined || !(qps > 0) || !Number.isFinite(qps)) return UNLIMITED;
  const burst = Math.max(1, qps);
  let tokens = burst;
  let last = now();
  let chain: Promise<void> = Promise.resolve();
  const takeOne = async (): Promise<void> => {
    for (;;) {
      const t = now();
      tokens = Math.min(burst, tokens + ((t - last) * qps) / 1000);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - tokens) * 1000) / qps)));
    }
  };
  return {
    take() {
      const next = chain.then(takeOne);
      chain = next;
      return next;
    },
  };
}

/**
 * Runs `work(item)` for items in order with at most `concurrency` in flight; `shouldStart()` is asked
 * before each item, and once it says no, nothing more starts. Resolves with how many items were started
 * (all of them finished): always a prefix of `items`.
 */
export async function runBounded<T>(items: readonly T[], concurrency: number, shouldStart: () => boolean, work: (item: T, index: number) => Promise<void>): Promise<number> {
  let next = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (stop || next >= items.length) return;
      if (!shouldStart()) {
        stop = true;
        return;
      }
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return next;
}
