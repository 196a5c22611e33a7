import type { InvocationRecord } from './types.ts';

/** FC's default number of retries of a failed async invocation (asyncInvokeConfig.maxAsyncRetryAttempts). */
export const DEFAULT_MAX_ASYNC_RETRY_ATTEMPTS = 3;
/** Backoff between attempts; FC's real one is longer, the runner keeps it short for local use. */
export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000];

export interface AsyncQueueOptions {
  retryDelaysMs?: number[];
  onSettled?: (record: InvocationRecord) => void;
}

/**
 * Async invocations as FC runs them: accepted at once, run in the background, retried with the same
 * request id when the handler throws (an error response object is a success, as on FC).
 */
export class AsyncQueue {
  readonly #pending = new Set<Promise<void>>();
  readonly #delays: number[];
  readonly #onSettled: ((record: InvocationRecord) => void) | undefined;
  #closed = false;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: AsyncQueueOptions = {}) {
    this.#delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#onSettled = options.onSettled;
  }

  /** `maxAgeMs`: FC's maxAsyncEventAgeInSeconds — no attempt starts once the event is older. */
  enqueue(record: InvocationRecord, maxRetries: number, attempt: () => Promise<unknown>, maxAgeMs = Infinity): void {
    const enqueuedAt = Date.now();
    const run = (async () => {
      for (let i = 0; i <= maxRetries && !this.#closed; i++) {
        if (i > 0) await this.#sleep(this.#delays[Math.min(i - 1, this.#delays.length - 1)] ?? 1000);
        if (this.#closed) break;
        if (Date.now() - enqueuedAt > maxAgeMs) {
          record.status = 'failed';
          record.error = `event older than ${maxAgeMs} ms: dropped (maxAsyncEventAgeInSeconds)`;
          break;
        }
        record.attempts = i + 1;
        record.status = 'running';
        try {
          record.result = await attempt();
          record.status = 'succeeded';
          delete record.error;
          break;
        } catch (e) {
          record.status = 'failed';
          record.error = (e as Error)?.message ?? String(e);
        }
      }
      this.#onSettled?.(record);
    })();
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  /** Resolves when nothing is queued or running (bounded by `timeoutMs`). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.#pending.size > 0) {
      if (Date.now() > end) throw new Error(`async queue not idle after ${timeoutMs} ms`);
      await Promise.race([Promise.allSettled([...this.#pending]), this.#sleep(Math.max(1, end - Date.now()))]);
    }
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        resolve();
      }, ms);
      this.#timers.add(t);
    });
  }
}
