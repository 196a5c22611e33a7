import { describe, expect, it } from 'vitest';
import { renderDashboard } from '../../../shared/report/html-dashboard.ts';
import { addRunToIndex, emptyIndexState, INDEX_RUNS } from '../../../shared/report/index-state.ts';
import { reportAt } from './fixtures.ts';

describe('addRunToIndex', () => {
  it('does keep the latest 50 runs per function, number every run once and link the archive pages', () => {
    let s = emptyIndexState();
    const seqs: number[] = [];
    for (let n = 0; n < 120; n++) {
      const r = reportAt('refresh-stale-objects', new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(), [], {}, { refreshed: n });
      const next = addRunToIndex(s, r, r.finishedAt);
      seqs.push(next.seq);
      s = next.state;
      if (n === 119) expect(addRunToIndex(s, r, r.finishedAt)).toMatchObject({ seq: 119, again: true }); // published again: same number, no new row
    }
    expect(seqs).toEqual(Array.from({ length: 120 }, (_, n) => n));
    expect(s.runs['refresh-stale-objects']!.total).toBe(120);
    expect(s.runs['refresh-stale-objects']!.latest).toHaveLength(INDEX_RUNS);
    expect(s.refresh).toHaveLength(30);
    const page = renderDashboard(s);
    expect(page).toContain('href="history/refresh-stale-objects/0.html"');
    expect(page).toContain('The latest 50 of 120 runs');
  });

  it('does list plans apart from applies and show what a run wrote', () => {
    let s = emptyIndexState();
    const apply = reportAt('apply-config', '2026-03-01T10:00:00.000Z', ['website', 'cors', 'referer'].map((t) => ({ bucket: 'assets', target: t, code: 'SECTION_UPDATED', status: 'ok' as const, message: `${t}: update` })), { mode: 'apply', source: 'webhook' });
    const plan = reportAt('apply-config', '2026-03-01T11:00:00.000Z', [{ bucket: 'assets', target: 'cors', code: 'CHANGE_PENDING', status: 'warn', message: 'would' }], { mode: 'plan', source: 'cli' });
    for (const r of [apply, plan]) s = addRunToIndex(s, r, r.finishedAt).state;
    const page = renderDashboard(s);
    const applies = page.slice(page.indexOf('Applies, drift checks'), page.indexOf('Plans: nothing written'));
    expect(applies).toContain(apply.runId);
    expect(applies).not.toContain(plan.runId);
    expect(applies).toContain('wrote assets website, assets cors, assets referer');
    expect(page.slice(page.indexOf('Plans: nothing written'))).toContain(plan.runId);
  });

  it('does mark an audit finding "possibly fixed by" the apply that wrote its section 40 ms later', () => {
    const audit = reportAt('audit-referer', '2026-03-01T10:00:00.000Z', [{ bucket: 'assets', code: 'REFERER_DRIFT', severity: 'medium', message: 'referer differs from ossedge.yaml' }]);
    const apply = reportAt('apply-config', '2026-03-01T10:00:00.040Z', [{ bucket: 'assets', target: 'referer', code: 'SECTION_UPDATED', status: 'ok', message: 'referer: update' }], { mode: 'apply' });
    const afterAudit = addRunToIndex(emptyIndexState(), audit, audit.finishedAt).state;
    expect(renderDashboard(afterAudit)).not.toContain('possibly fixed by');
    const page = renderDashboard(addRunToIndex(afterAudit, apply, apply.finishedAt).state);
    expect(page).toContain(`possibly fixed by <a href="runs/apply-config/${apply.runId}.html">`);
    expect(page).toContain('2026-03-01 10:00:00Z'); // the finding's as-of time
  });
});
