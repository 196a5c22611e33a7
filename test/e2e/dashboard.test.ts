// Headless Chromium (Debian's package, driven by playwright-core) opens the dashboard from the emulator's
// static website (anonymous GETs of a public bucket with website settings), follows a run link and a
// bucket link, and runs axe-core on the three pages (injected with bypassCSP: the pages forbid scripts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { createAuditRefererHandler } from '../../functions/audit-referer/handler.ts';
import { storeReportAndDashboard } from '../../shared/report/html-publish.ts';
import { createReport, type Report } from '../../shared/report/model.ts';
import { ossClient, useEmulator } from '../helpers/emulator.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(import.meta.dirname, '../../test-output');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const XSS = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const REPORTS = 'oss://site/reports/';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CONFIG = "version: 1\nbuckets:\n  assets:\n    referer:\n      allowEmptyReferer: false\n      refererList: ['https://www.example.com/*']\n";
const emu = useEmulator();

function report(fn: string, at: string, summary: Record<string, number>, items: Report['items'] = []): Report {
  const t = new Date(at);
  const b = createReport({ function: fn, now: () => t, runId: `${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-abc${fn.length}` });
  for (const i of items) b.add(i);
  for (const [k, v] of Object.entries(summary)) b.count(k, v);
  return b.finish();
}

async function seedRuns(): Promise<{ audit: Report; plan: Report; apply: Report }> {
  const e = emu();
  const client = ossClient(e);
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  for (const [d, refreshed, stale] of [[3, 4, 9], [2, 7, 120], [1, 2, 5]] as const) {
    await storeReportAndDashboard(client, REPORTS, report('refresh-stale-objects', day(d), { refreshed, stale, checked: 400 }));
  }
  await storeReportAndDashboard(client, REPORTS, report('validate-mirror-origin', day(1), { rules: 2 }, [
    { bucket: 'assets', target: 'buckets.assets.website.routingRules[0]', code: 'MIRROR_RULE_FAIL', status: 'fail', message: 'origin TLS certificate expired', hint: 'renew it' },
    { bucket: 'assets', target: 'buckets.assets.website.routingRules[1]', code: 'MIRROR_RULE_OK', status: 'ok', message: 'all checks passed' },
  ]));
  const audit = createAuditRefererHandler({
    connection: { endpoint: e.endpoint, region: e.region },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    reportsLocation: REPORTS, write: () => undefined,
  });
  const apply = createApplyConfigHandler({
    env: {}, reportsLocation: REPORTS, connection: { endpoint: e.endpoint, region: e.region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    backoffMs: 1, write: () => undefined,
  });
  const ctx = (id: string) => ({ requestId: id, region: e.region, function: { name: 'apply-config', timeout: 60 } });
  // audit first, then the apply that fixes its Referer findings a moment later (as at start-up)
  const auditReport = (await audit(Buffer.from(JSON.stringify({ bucket: ['assets', 'shop', 'safe'] })), { requestId: 'dash-1', region: e.region })) as Report;
  const plan = (await apply(Buffer.from(JSON.stringify({ command: 'plan', configText: CONFIG, source: 'cli' })), ctx('dash-2'))) as Report;
  const applied = (await apply(Buffer.from(JSON.stringify({ command: 'apply', configText: CONFIG, source: 'cli' })), ctx('dash-3'))) as Report;
  return { audit: auditReport, plan, apply: applied };
}

/** axe-core's serious and critical violations on the open page (injected past the page's CSP). */
async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }> } }).axe.run());
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

describe('dashboard in headless Chromium', () => {
  it('does lead from the index to a run page and a bucket page, with no serious accessibility violation', { timeout: 120_000 }, async () => {
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
    const { audit, plan, apply } = await seedRuns();
    expect(audit.summary.high).toBeGreaterThan(0);
    expect(apply.ok).toBe(true);
    expect((plan as Report & { observed?: Record<string, unknown> }).observed?.assets).toBeDefined();

    mkdirSync(OUT, { recursive: true });
    const profile = mkdtempSync(join(tmpdir(), 'ossedge-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 1400 }, bypassCSP: true });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const res = await page.goto(`${e.endpoint}/site/reports/dashboard/`, { waitUntil: 'load', timeout: 20_000 });
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe('ossedge dashboard');
      // buckets × findings, each finding with its as-of time; the apply 'possibly fixed' the Referer ones
      const matrix = page.locator('#findings table.matrix');
      await expect.poll(() => matrix.locator('tbody tr').count()).toBe(3);
      expect(await matrix.locator('tr[data-bucket="assets"]').innerText()).toContain('high');
      expect(await page.locator('#findings tr.finding').count()).toBe(audit.items.filter((i) => i.severity).length);
      const assetsFinding = page.locator('#findings tr.finding', { hasText: 'REFERER_UNPROTECTED' }).first();
      expect(await assetsFinding.innerText()).toContain(`possibly fixed by ${apply.runId}`);
      expect(await page.locator('#findings tr.finding', { hasText: 'shop' }).first().innerText()).not.toContain('possibly fixed');
      // refresh: one small chart per counter, one bar per run, none hidden behind another
      const charts = page.locator('#refresh-chart figure');
      expect(await charts.count()).toBe(3);
      expect(await page.locator('#refresh-chart figure[data-series="refreshed"] rect.bar').count()).toBe(3);
      expect(await page.locator('#refresh-chart figure[data-series="refreshed"] rect.bar').first().isVisible()).toBe(true);
      expect(await page.locator('#origins').innerText()).toContain('origin TLS certificate expired');
      // plans apart from applies, and what the apply wrote
      expect(await page.locator('#runs').innerText()).toContain('wrote assets referer');
      // data is text, never markup
      expect(await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('#findings').innerText()).toContain('<script>window.__pwned=1</script>');
      await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
      expect(await axeProblems(page)).toEqual([]);
      // dark mode (prefers-color-scheme) keeps its contrast too
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.reload({ waitUntil: 'load' });
      await page.screenshot({ path: join(OUT, 'dashboard-dark.png'), fullPage: true });
      expect(await axeProblems(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });

      // the apply's run page: provenance, the diff, before and after
      await page.locator('#latest a', { hasText: apply.runId }).click();
      await page.waitForURL(`**/runs/apply-config/${apply.runId}.html`);
      const provenance = await page.locator('#provenance').innerText();
      expect(provenance).toMatch(/trigger\s+cli/);
      expect(provenance).toMatch(/kind\s+apply/);
      const items = await page.locator('#items').innerText();
      expect(items).toContain('SECTION_UPDATED');
      expect(items).toContain('allowEmptyReferer');
      expect(await page.locator('#items details').count()).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: join(OUT, 'dashboard-run.png'), fullPage: true });
      expect(await axeProblems(page)).toEqual([]);

      // the bucket page: settings as last read, last apply, findings with first/last seen, origin health
      await page.locator('#items a', { hasText: 'assets' }).first().click();
      await page.waitForURL('**/buckets/assets.html');
      expect(await page.locator('h1').innerText()).toBe('Bucket assets');
      const observed = await page.locator('#observed').innerText();
      expect(observed).toContain('allowEmptyReferer');
      expect(observed).not.toContain('website'); // only the sections ossedge.yaml manages
      expect(observed).toContain(`Since then ${apply.runId} wrote referer`);
      expect(await page.locator('#apply').innerText()).toContain(`Last apply: ok apply`);
      const findings = await page.locator('#findings').innerText();
      expect(findings).toContain('REFERER_UNPROTECTED');
      expect(findings).toContain('possibly fixed by');
      expect(findings).toContain('first seen');
      expect(await page.locator('#origins').innerText()).toContain('origin TLS certificate expired');
      await page.screenshot({ path: join(OUT, 'dashboard-bucket.png'), fullPage: true });
      expect(await axeProblems(page)).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    for (const f of ['dashboard.png', 'dashboard-run.png', 'dashboard-bucket.png']) expect(existsSync(join(OUT, f))).toBe(true);
  });
});
