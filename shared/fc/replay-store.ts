/** Remembers ids (webhook deliveries) for a while; `remember` is true only the first time. */
export interface ReplayStore {
  remember(id: string, ttlMs: number): Promise<boolean>;
}

export const DEFAULT_REPLAY_CAPACITY = 10_000;

/**
 * Per-instance memory, bounded (oldest forgotten first). FC may run several instances, so pair it
 * with an OSS-backed store (`createOssReplayStore`) where a replay across instances matters.
 */
export function createMemoryReplayStore(options: { capacity?: number; now?: () => number } = {}): ReplayStore {
  const capacity = options.capacity ?? DEFAULT_REPLAY_CAPACITY;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    async remember(id, ttlMs) {
      const t = now();
      const until = seen.get(id);
      if (until !== undefined && until > t) return false;
      seen.delete(id);
      seen.set(id, t + ttlMs);
      while (seen.size > capacity) {
        const oldest = seen.keys().next().value as string;
        seen.delete(oldest);
      }
      return true;
    },
  };
}

/** All stores must agree that the id is new (memory first: cheap, then e.g. OSS). */
export function chainReplayStores(...stores: ReplayStore[]): ReplayStore {
  return {
    async remember(id, ttlMs) {
      for (const s of stores) if (!(await s.remember(id, ttlMs))) return false;
      return true;
    },
  };
}
