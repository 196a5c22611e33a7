import { describe, expect, it } from 'vitest';
import { parseFcSchedule } from '../../../local/fc-runner/schedule.ts';

describe('parseFcSchedule', () => {
  it('accepts six-field cron with seconds first, in UTC unless CRON_TZ is given', () => {
    expect(parseFcSchedule('0 0 4 * * *')).toEqual({ kind: 'cron', pattern: '0 0 4 * * *', timezone: 'UTC' });
    expect(parseFcSchedule('CRON_TZ=Asia/Shanghai 0 30 2 * * 1-5')).toEqual({ kind: 'cron', pattern: '0 30 2 * * 1-5', timezone: 'Asia/Shanghai' });
  });

  it('accepts @every durations', () => {
    expect(parseFcSchedule('@every 5m')).toEqual({ kind: 'every', intervalMs: 300_000 });
    expect(parseFcSchedule('@every 1h30m')).toEqual({ kind: 'every', intervalMs: 5_400_000 });
    expect(parseFcSchedule('@every 2s')).toEqual({ kind: 'every', intervalMs: 2000 });
  });

  it('refuses five-field cron, bad values and empty @every', () => {
    expect(() => parseFcSchedule('0 4 * * *')).toThrow(/6 fields/);
    expect(() => parseFcSchedule('0 0 25 * * *')).toThrow(/hour/);
    expect(() => parseFcSchedule('@every 0m')).toThrow(/positive/);
    expect(() => parseFcSchedule('@every 5 minutes')).toThrow();
  });
});
