import { describe, expect, it } from 'vitest';
import { addRunToBucket, emptyBucketState } from '../../../shared/report/bucket-state.ts';
import { renderBucketPage } from '../../../shared/report/html-bucket.ts';
import { reportAt } from './fixtures.ts';

const finding = (code: string, severity: 'high' | 'medium', bucket = 'assets') => ({ bucket, code, severity, message: `${code} found`, hint: 'fix it' });

describe('addRunToBucket', () => {
  it('does keep first-seen and last-seen across audit runs and mark findings no longer reported', () => {
    const a1 = reportAt('audit-referer', '2026-03-01T10:00:00.000Z', [finding('REFERER_EMPTY_ALLOWED', 'medium'), finding('REFERER_WILDCARD_ANY', 'high'), finding('REFERER_WILDCARD_ANY', 'high', 'other')]);
    const a2 = reportAt('audit-referer', '2026-03-02T10:00:00.000Z', [finding('REFERER_WILDCARD_ANY', 'high')]);
    const s = addRunToBucket(addRunToBucket(emptyBucketState('assets'), a1), a2);
    expect(s.audit).toEqual({ id: a2.runId, at: a2.finishedAt });
    expect(s.findings.map((f) => [f.code, f.open, f.firstSeen, f.lastSeen])).toEqual([
      ['REFERER_WILDCARD_ANY', true, a1.finishedAt, a2.finishedAt],
      ['REFERER_EMPTY_ALLOWED', false, a1.finishedAt, a1.finishedAt],
    ]);
    const page = renderBucketPage(s, a2.finishedAt, '').body;
    expect(page).toContain('no longer reported');
    expect(page).toContain(`href="../runs/audit-referer/${a2.runId}.html"`);
  });

  it('does show "possibly fixed by" the apply run that wrote the finding\'s section after it was seen, and not an earlier one', () => {
    const before = reportAt('apply-config', '2026-03-01T09:59:00.000Z', [{ bucket: 'assets', target: 'referer', code: 'SECTION_UPDATED', status: 'ok', message: 'referer: update' }], { mode: 'apply', source: 'timer' });
    const audit = reportAt('audit-referer', '2026-03-01T10:00:00.000Z', [finding('REFERER_EMPTY_ALLOWED', 'medium'), { bucket: 'assets', code: 'CORS_ANY_ORIGIN_WITH_REFERER', severity: 'medium', message: 'cors *' }]);
    const s1 = addRunToBucket(addRunToBucket(emptyBucketState('assets'), before), audit);
    expect(renderBucketPage(s1, audit.finishedAt, '').body).not.toContain('possibly fixed by');
    const apply = reportAt('apply-config', '2026-03-01T10:00:00.040Z', [{ bucket: 'assets', target: 'referer', code: 'SECTION_UPDATED', status: 'ok', message: 'referer: update' }], { mode: 'apply', source: 'webhook' });
    const page = renderBucketPage(addRunToBucket(s1, apply), apply.finishedAt, '').body;
    const rows = page.split('<tr class="finding">').slice(1);
    expect(rows.find((r) => r.includes('REFERER_EMPTY_ALLOWED'))).toContain(`possibly fixed by <a href="../runs/apply-config/${apply.runId}.html">`);
    // the CORS finding is about another section: the referer write does not fix it
    expect(rows.find((r) => r.includes('CORS_ANY_ORIGIN_WITH_REFERER'))).not.toContain('possibly fixed by');
  });

  it('does keep the settings observed by a plan run, the last apply with its kind and trigger, origin health and refresh history', () => {
    const plan = reportAt('apply-config', '2026-03-01T10:00:00.000Z', [{ bucket: 'assets', target: 'cors', code: 'CHANGE_PENDING', status: 'warn', message: 'would cors: create' }], { mode: 'plan', source: 'cli', observed: { assets: { cors: null, referer: { allowEmptyReferer: true } } } });
    const vmo = reportAt('validate-mirror-origin', '2026-03-01T10:01:00.000Z', [
      { bucket: 'assets', target: 'buckets.assets.website.routingRules[0]', code: 'MIRROR_RULE_FAIL', status: 'fail', message: 'origin down' },
      { bucket: 'assets', target: 'buckets.assets.website.routingRules[0] tls', code: 'ORIGIN_TLS_EXPIRED', status: 'fail', message: 'certificate expired' },
    ]);
    const refresh = reportAt('refresh-stale-objects', '2026-03-01T10:02:00.000Z', [{ bucket: 'assets', code: 'OBJECT_REFRESHED', status: 'ok', message: 'a.js' }], {}, { refreshed: 1, stale: 1 });
    let s = emptyBucketState('assets');
    for (const r of [plan, vmo, refresh]) s = addRunToBucket(s, r);
    expect(s.observed).toEqual({ id: plan.runId, at: plan.finishedAt, settings: { cors: null, referer: { allowEmptyReferer: true } } });
    const page = renderBucketPage(s, refresh.finishedAt, '').body;
    for (const text of ['Settings as last read', '&quot;allowEmptyReferer&quot;: true', 'No apply yet.', 'plan', 'cli', 'certificate expired', 'ORIGIN_TLS_EXPIRED', 'refreshed&nbsp;<b>1</b>']) expect(page).toContain(text);
  });

  it('does not credit a bucket with the counters of a refresh run that covered other buckets too', () => {
    const both = reportAt('refresh-stale-objects', '2026-03-01T10:02:00.000Z', [
      { bucket: 'assets', code: 'OBJECT_REFRESHED', status: 'ok', message: 'a.js' },
      { bucket: 'other', code: 'REFRESH_FAILED', status: 'fail', message: 'b.js' },
    ], {}, { refreshed: 1, failed: 1 });
    const s = addRunToBucket(emptyBucketState('assets'), both);
    expect(s.refresh[0]).toMatchObject({ ok: true, n: { ok: 1 } });
    expect(s.refresh[0]!.n.failed).toBeUndefined();
  });
});
