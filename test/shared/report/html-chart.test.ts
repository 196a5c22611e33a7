import { describe, expect, it } from 'vitest';
import { smallMultiples } from '../../../shared/report/html-chart.ts';

describe('smallMultiples', () => {
  it('does draw a single run as one labelled bar per series, not an empty chart', () => {
    const out = smallMultiples([{ name: 'refreshed', values: [4] }, { name: 'stale', values: [9] }], { id: 'c', title: 'refresh', labels: ['2026-03-01 10:00:00Z'] }).__html;
    expect(out.match(/<figure/g)).toHaveLength(2);
    expect(out.match(/<rect class="bar"/g)).toHaveLength(2);
    expect(out).toMatch(/<text[^>]*>4<\/text>/);
    expect(out).toContain('refreshed: latest 4');
  });

  it('does give each series its own chart and scale so a large one cannot hide a small one', () => {
    const out = smallMultiples([{ name: 'stale', values: [1000, 900] }, { name: 'refreshed', values: [2, 3] }], { id: 'c', title: 'refresh', labels: ['a', 'b'] }).__html;
    const refreshed = out.slice(out.indexOf('data-series="refreshed"'));
    const heights = [...refreshed.matchAll(/<rect class="bar"[^>]* height="([\d.]+)"/g)].slice(0, 2).map((m) => Number(m[1]));
    // on its own scale the larger refreshed bar reaches the top of its plot (88 px), not 0.3 px of a shared one
    expect(Math.max(...heights)).toBeGreaterThan(80);
    expect(out).toContain('<table><caption>refresh</caption>');
  });
});
