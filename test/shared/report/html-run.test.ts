import { describe, expect, it } from 'vitest';
import { renderRunPages } from '../../../shared/report/html-run.ts';
import { reportAt, XSS } from './fixtures.ts';

const applyItem = (bucket: string, n: number) => ({
  bucket, target: 'referer', code: 'SECTION_UPDATED', status: 'ok' as const, message: `referer: update (${n})`,
  data: { section: 'referer', action: 'update', text: [`referer.allowEmptyReferer: true → false (${n})`], before: { allowEmptyReferer: true }, after: { allowEmptyReferer: false, refererList: ['https://a.example.com/*'] } },
});

describe('renderRunPages', () => {
  it('does show provenance, every item with its diff and before/after, pre-flight verdicts and errors on the first page', () => {
    const r = reportAt('apply-config', '2026-03-01T10:00:00.000Z', [
      applyItem('assets', 1),
      { bucket: 'assets', target: 'website.routingRules[0]', code: 'PREFLIGHT_RESULT', status: 'fail', message: 'ORIGIN_UNREACHABLE: connect refused' },
      { bucket: 'shop', code: 'BUCKET_FAILED', status: 'fail', message: `denied ${XSS}`, hint: 'check the RAM policy' },
    ], { mode: 'apply', source: 'webhook', git: { repository: 'acme/edge', sha: 'abc123', commitUrl: 'https://git.example.com/acme/edge/commit/abc123', sender: 'alice', deliveryId: 'd-42' } });
    r.errors.push({ code: 'ACCESS_DENIED', message: 'no PutBucketReferer', bucket: 'shop' });
    const [page, more] = renderRunPages(r);
    expect(more).toBeUndefined();
    expect(page!.path).toBe(`runs/apply-config/${r.runId}.html`);
    const body = page!.body;
    for (const text of ['webhook', 'apply', 'acme/edge', 'alice', 'd-42', 'referer.allowEmptyReferer: true → false (1)', 'before (as read)', 'after (desired)', 'Pre-flight verdicts', 'ORIGIN_UNREACHABLE', 'ACCESS_DENIED', 'Fix: check the RAM policy']) expect(body).toContain(text);
    expect(body).toContain('<a href="https://git.example.com/acme/edge/commit/abc123" rel="noopener noreferrer">abc123</a>');
    expect(body).toContain('<a href="../../buckets/shop.html">shop</a>');
    expect(body).not.toContain('<script>window');
    expect(body).not.toMatch(/<script/i);
  });

  it('does not link a commitUrl that is not http(s)', () => {
    const r = reportAt('apply-config', '2026-03-01T10:00:00.000Z', [], { git: { sha: 'abc', commitUrl: 'javascript:alert(1)' } });
    const body = renderRunPages(r)[0]!.body;
    expect(body).toContain('abc');
    expect(body).not.toContain('javascript:');
  });

  it('does put items beyond 500 on continuation pages, each under 300 KB, linked from every page', () => {
    const items = Array.from({ length: 1_200 }, (_, n) => applyItem(`b-${n % 7}`, n + 1));
    const r = reportAt('apply-config', '2026-03-01T10:00:00.000Z', items, { mode: 'apply' });
    const pages = renderRunPages(r);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.map((p) => p.path)).toEqual(pages.map((_, k) => `runs/apply-config/${r.runId}${k > 0 ? `.p${k + 1}` : ''}.html`));
    // every item exactly once, in order, at most 500 a page, each page under 300 KB and linking the last page
    const ids = pages.map((p) => [...p.body.matchAll(/<tr id="item-(\d+)">/g)].map((m) => Number(m[1])));
    expect(ids.flat()).toEqual(Array.from({ length: 1_200 }, (_, n) => n + 1));
    for (const [k, p] of pages.entries()) {
      expect(ids[k]!.length).toBeLessThanOrEqual(500);
      expect(Buffer.byteLength(p.body)).toBeLessThanOrEqual(300 * 1024);
      if (k !== pages.length - 1) expect(p.body).toContain(`href="../../runs/apply-config/${r.runId}.p${pages.length}.html"`);
    }
  });

  it('does cut a huge before/after for display and keep the page under 300 KB', () => {
    const big = { refererList: Array.from({ length: 20_000 }, (_, n) => `https://site-${n}.example.com/*`) };
    const r = reportAt('apply-config', '2026-03-01T10:00:00.000Z', [{ ...applyItem('a', 1), data: { text: ['x'], before: big, after: big } }]);
    const pages = renderRunPages(r);
    for (const p of pages) expect(Buffer.byteLength(p.body)).toBeLessThanOrEqual(300 * 1024);
    expect(pages[0]!.body).toContain('more characters in the stored report');
  });
});
