// The off-peak window of a warm-up ("01:00-06:00" in an IANA time zone, e.g. Asia/Shanghai): a run works
// only inside it and stops at its end. A window may wrap midnight ("22:00-02:00"). Local time comes from
// Intl, so daylight-saving zones follow their own clocks.
import { OssedgeError } from '../../errors/base.ts';


export interface WarmWindow {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  timeZone: string;
}

export class WindowError extends OssedgeError<'BAD_WINDOW'> {
  override readonly name = 'WindowError';
  constructor(message: string) {
    super('BAD_WINDOW', message);
  }
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(text: string): number {
  const m = HHMM.exec(text);
  if (!m) throw new WindowError(`window: ${JSON.stringify(text)} is not HH:MM`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** "HH:MM-HH:MM" in `timeZone` (default UTC); start = end is refused (say what you mean). */
export function parseWindow(text: string, timeZone = 'UTC'): WarmWindow {
  if (typeof text !== 'string' || text.length !== 11 || text[5] !== '-') throw new WindowError('window must be HH:MM-HH:MM');
  const start = minutes(text.slice(0, 5));
  const end = minutes(text.slice(6));
  if (start === end) throw new WindowError('window start and end are the same');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new WindowError(`unknown time zone ${JSON.stringify(timeZone)}`);
  }
  return { start, end, timeZone };
}

/** Milliseconds after local midnight in the window's zone. */
function localMs(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return ((get('hour') * 60 + get('minute')) * 60 + get('second')) * 1000 + (now % 1000);
}

/** ms until the window closes; 0 when `now` is outside it. */
export function windowLeft(w: WarmWindow, now: number): number {
  const day = 24 * 3_600_000;
  const t = localMs(now, w.timeZone);
  const s = w.start * 60_000;
  const e = w.end * 60_000;
  if (s < e) return t >= s && t < e ? e - t : 0;
  if (t >= s) return day - t + e;
  return t < e ? e - t : 0;
}
