/**
 * The signing clock: the local clock plus an offset learnt from OSS after `RequestTimeTooSkewed`.
 * Shared by a client and the clients it derives (forRegion), so one correction serves all.
 */
export interface SigningClock {
  /** Local time, ms (deadlines are measured on it). */
  localNow(): number;
  /** Local time corrected by the learnt offset, ms (what the signer is given). */
  now(): number;
  readonly offsetMs: number;
  /** Learn the offset from the server's time (ms since epoch) observed at local time `localAt`. */
  correct(serverMs: number, localAt?: number): void;
}

export function createSigningClock(localNow: () => number = Date.now): SigningClock {
  let offset = 0;
  return {
    localNow,
    now: () => localNow() + offset,
    get offsetMs() {
      return offset;
    },
    correct(serverMs, localAt = localNow()) {
      if (Number.isFinite(serverMs)) offset = serverMs - localAt;
    },
  };
}

/**
 * The server's time from a `RequestTimeTooSkewed` answer: `ServerTime` in the error body (ISO 8601)
 * first, the `Date` response header otherwise. Undefined when neither parses.
 */
export function serverTimeOf(fields: Readonly<Record<string, string>>, headers: Readonly<Record<string, string>>): number | undefined {
  for (const raw of [fields.ServerTime, headers['x-oss-server-time'], headers.date]) {
    if (!raw) continue;
    const ms = /^\d+$/.test(raw) ? Number(raw) * (raw.length <= 10 ? 1000 : 1) : Date.parse(raw);
    if (Number.isFinite(ms)) return ms;
  }
  return undefined;
}
