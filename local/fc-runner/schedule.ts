import { Cron } from 'croner';

export type FcSchedule =
  | { kind: 'every'; intervalMs: number }
  | { kind: 'cron'; pattern: string; timezone: string };

export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
  readonly code = 'INVALID_SCHEDULE';
}

const EVERY = /^@every\s+((?:\d+h)?(?:\d+m)?(?:\d+s)?)$/;
const UNIT_MS: Record<string, number> = { h: 3600_000, m: 60_000, s: 1000 };

/**
 * An FC timer `cronExpression`: `@every 5m` (h/m/s units) or six fields with seconds first
 * (`0 0 4 * * *`), UTC unless prefixed with `CRON_TZ=<zone> `.
 */
export function parseFcSchedule(expression: string): FcSchedule {
  const expr = expression.trim();
  const every = EVERY.exec(expr);
  if (every) {
    let ms = 0;
    for (const [, n, unit] of (every[1] ?? '').matchAll(/(\d+)([hms])/g)) ms += Number(n) * (UNIT_MS[unit!] ?? 0);
    if (ms <= 0) throw new ScheduleError(`"${expression}": @every needs a positive duration like 5m`);
    return { kind: 'every', intervalMs: ms };
  }
  let timezone = 'UTC';
  let pattern = expr;
  const tz = /^CRON_TZ=(\S+)\s+(.*)$/.exec(expr);
  if (tz) {
    timezone = tz[1]!;
    pattern = tz[2]!.trim();
  }
  const fields = pattern.split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleError(`"${expression}": FC cron needs 6 fields (seconds minutes hours day month weekday), got ${fields.length}`);
  }
  try {
    new Cron(pattern, { timezone, paused: true }).stop();
  } catch (cause) {
    throw new ScheduleError(`"${expression}": ${(cause as Error).message}`, { cause });
  }
  return { kind: 'cron', pattern, timezone };
}

export interface ScheduledJob {
  stop(): void;
}

/** Calls `fire(time)` on the schedule until stopped. */
export function schedule(expression: string, fire: (time: Date) => void): ScheduledJob {
  const s = parseFcSchedule(expression);
  if (s.kind === 'every') {
    const timer = setInterval(() => fire(new Date()), s.intervalMs);
    timer.unref?.();
    return { stop: () => clearInterval(timer) };
  }
  const job = new Cron(s.pattern, { timezone: s.timezone, unref: true }, () => fire(new Date()));
  return { stop: () => job.stop() };
}
