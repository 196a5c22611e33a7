import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../../shared/report/html-dashboard.ts';
import { addRunToIndex, emptyIndexState } from '../../../shared/report/index-state.ts';
import { createReport } from '../../../shared/report/model.ts';

describe('renderDashboard', () => {
  it('does render hostile report data as text only', () => {
    const b = createReport({ function: 'audit-referer' });
    b.add({ bucket: 'b', code: 'REFERER_WILDCARD_ANY', severity: 'high', target: '<script>alert(1)</script>', message: '"><img src=x onerror=alert(1)>' });
    const page = renderDashboard(addRunToIndex(emptyIndexState(), b.finish(), new Date().toISOString()).state);
    expect(page).not.toMatch(/<script>alert|<img src=x/);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain("default-src 'none'");
  });
});
