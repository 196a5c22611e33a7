import { describe, expect, it } from 'vitest';
import { parseWindow, windowLeft } from '../../../../shared/refresh/warm/window.ts';

const at = (iso: string) => Date.parse(iso);

describe('warm window', () => {
  it('gives the time left inside the window and 0 outside, in the named zone', () => {
    const w = parseWindow('01:00-06:00', 'Asia/Shanghai');
    // 02:30 in Shanghai is 18:30 UTC the day before
    expect(windowLeft(w, at('2026-01-01T18:30:00Z'))).toBe(3.5 * 3_600_000);
    expect(windowLeft(w, at('2026-01-01T23:00:00Z'))).toBe(0); // 07:00 local
    expect(windowLeft(w, at('2026-01-01T16:59:59Z'))).toBe(0); // 00:59:59 local
  });

  it('handles a window across midnight', () => {
    const w = parseWindow('22:00-02:00');
    expect(windowLeft(w, at('2026-01-01T23:00:00Z'))).toBe(3 * 3_600_000);
    expect(windowLeft(w, at('2026-01-02T01:00:00Z'))).toBe(3_600_000);
    expect(windowLeft(w, at('2026-01-02T12:00:00Z'))).toBe(0);
  });

  it('refuses malformed windows and unknown zones', () => {
    for (const bad of ['1:00-06:00', '01:00-24:00', '01:00~06:00', '01:00-01:00']) expect(() => parseWindow(bad)).toThrow(/window/);
    expect(() => parseWindow('01:00-06:00', 'Mars/Olympus')).toThrow(/time zone/);
  });
});
