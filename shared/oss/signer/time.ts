import { SignerError } from './errors.ts';

/** The three renderings of one signing second. */
export interface SigningTime {
  /** ISO 8601 basic, `YYYYMMDD'T'HHMMSS'Z'` (V4 x-oss-date). */
  readonly iso: string;
  /** `YYYYMMDD` (V4 scope day). */
  readonly day: string;
  /** RFC 1123 GMT, `Wed, 28 Dec 2022 10:27:41 GMT` (Date header, V1). */
  readonly http: string;
  /** Unix seconds. */
  readonly unix: number;
}

// Many requests are signed within the same second: remember the last one.
let lastUnix = Number.NaN;
let last: SigningTime | undefined;

/** Formats a signing time (truncated to whole seconds). */
export function signingTime(time: Date): SigningTime {
  const ms = time.getTime();
  if (!Number.isFinite(ms)) throw new SignerError('INVALID_ARGUMENT', 'signing time is not a valid date');
  const unix = Math.floor(ms / 1000);
  if (unix === lastUnix && last !== undefined) return last;
  const d = new Date(unix * 1000);
  const s = d.toISOString(); // 2023-12-16T16:20:57.000Z
  const day = s.slice(0, 4) + s.slice(5, 7) + s.slice(8, 10);
  const value: SigningTime = {
    iso: `${day}T${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`,
    day,
    http: d.toUTCString(),
    unix,
  };
  lastUnix = unix;
  last = value;
  return value;
}
