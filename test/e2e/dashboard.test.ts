// Headless Chromium (Debian's package, driven by playwright-core) opens the dashboard from the emulator's
// static website: anonymous GET of reports/dashboard/ on a public bucket with website settings.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAuditRefererHandler } from '../../functions/audit-referer/handler.ts';
import { createReport, type Report } from '../../shared/report/model.ts';
import { storeReport } from '../../shared/report/store.ts';
import { ossClient, useEmulator } from '../helpers/emulator.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(import.meta.dirname, '../../test-output');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const XSS = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const emu = useEmulator();

function report(fn: string, at: string, summary: Record<string, number>, items: Report['items'] = []): Report {
  const t = new Date(at);
  const b = createReport({ function: fn, now: () => t, runId: `${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-abc${fn.length}` });
  for (const i of items) b.add(i);
  for (const [k, v] of Object.entries(summary)) b.count(k, v);
  return b.finish();
}

async function seedReports(): Promise<void> {
  const client = ossClient(emu());
  const reports = 'oss://site/reports/';
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  for (const [d, refreshed, stale] of [[3, 4, 9], [2, 7, 12], [1, 2, 5]] as const) {
    await storeReport(client, reports, report('refresh-stale-objects', day(d), { refreshed, stale, checked: 40 }));
  }
  await storeReport(client, reports, report('apply-config', day(2), { applied: 1 }, [{ bucket: 'assets', code: 'APPLIED', status: 'warn', message: 'referer updated' }]));
  await storeReport(client, reports, report('apply-config', day(1), { drift: 1 }, [{ bucket: 'assets', code: 'DRIFT_FOUND', status: 'fail', message: `cors drifted ${XSS}` }]));
  await storeReport(client, reports, report('validate-mirror-origin', day(1), { rules: 2 }, [
    { bucket: 'assets', target: 'buckets.assets.website.routingRules[0]', code: 'MIRROR_RULE_FAIL', status: 'fail', message: 'origin TLS certificate expired', hint: 'renew it' },
    { bucket: 'assets', target: 'buckets.assets.website.routingRules[1]', code: 'MIRROR_RULE_OK', status: 'ok', message: 'all checks passed' },
  ]));
}

describe('dashboard in headless Chromium', () => {
  it('does show findings and the refresh chart when opened from the emulator static website', { timeout: 90_000 }, async () => {
    if (!existsSync(CHROMIUM)) {
      // CI installs it (.ci/install-browser.sh fails the run otherwise); a local run says so loudly
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the dashboard browser test cannot run`);
      console.warn(`SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium)`);
      return;
    }
    const e = emu();
    e.seed.createBucket('site', { acl: 'public-read', website: { indexDocument: { suffix: 'index.html', supportSubDir: true, type: 0 } } });
    e.seed.createBucket('assets', { acl: 'public-read' });
    e.seed.createBucket('shop', { referer: { allowEmptyReferer: true, refererList: ['*', XSS] } });
    e.seed.createBucket('safe', { referer: { allowEmptyReferer: false, refererList: ['https://www.example.com/*'] } });
    await seedReports();
    const handler = createAuditRefererHandler({
      connection: { endpoint: e.endpoint, region: e.region },
      fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
      reportsLocation: 'oss://site/reports/', write: () => undefined,
    });
    const audit = (await handler(Buffer.from(JSON.stringify({ bucket: ['assets', 'shop', 'safe'] })), { requestId: 'dash-1', region: e.region })) as Report;
    expect(audit.summary.high).toBeGreaterThan(0);

    mkdirSync(OUT, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'ossedge-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 1400 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const res = await page.goto(`${e.endpoint}/site/reports/dashboard/`, { waitUntil: 'load', timeout: 20_000 });
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe('ossedge dashboard');
      // buckets × findings
      const matrix = page.locator('#findings table.matrix');
      await expect.poll(() => matrix.locator('tbody tr').count()).toBe(3);
      expect(await matrix.locator('tr[data-bucket="assets"]').innerText()).toContain('high');
      expect(await page.locator('#findings').innerText()).toContain('REFERER_WILDCARD_ANY');
      expect(await page.locator('#findings tr.finding').count()).toBe(audit.items.filter((i) => i.severity).length);
      // the refresh chart: one line per series, one dot per run
      const chart = page.locator('svg#refresh-chart');
      expect(await chart.isVisible()).toBe(true);
      expect(await chart.locator('g.series').count()).toBe(3);
      expect(await chart.locator('g.series[data-series="refreshed"] circle').count()).toBe(3);
      // origin health and apply history
      expect(await page.locator('#origins').innerText()).toContain('origin TLS certificate expired');
      expect(await page.locator('#apply tbody tr').count()).toBe(2);
      // data is text, never markup
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('#findings').innerText()).toContain('<script>window.__pwned=1</script>');
      expect(await page.locator('#apply').innerText()).toContain('<img src=x');
      await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    expect(existsSync(join(OUT, 'dashboard.png'))).toBe(true);
  });
});
