// Publishing through the signed client against the emulator: what one more run reads and writes, and
// how big the pages get after 10,000 stored runs (counted from the emulator's request log).
import { describe, expect, it } from 'vitest';
import { publishRun, rebuildDashboard } from '../../../shared/report/html-publish.ts';
import type { Report } from '../../../shared/report/model.ts';
import { stateComment } from '../../../shared/report/page-state.ts';
import { storeReport } from '../../../shared/report/store.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { reportAt } from './fixtures.ts';

const emu = useEmulator({ dataPlane: false });
const FNS = ['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects'] as const;

function runOf(fn: (typeof FNS)[number], n: number): Report {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  const bucket = `b-${n % 20}`;
  if (fn === 'apply-config') return reportAt(fn, at, [{ bucket, target: 'referer', code: n % 3 ? 'BUCKET_UNCHANGED' : 'SECTION_UPDATED', status: 'ok', message: 'referer: update' }], { mode: n % 2 ? 'plan' : 'apply', source: n % 5 ? 'timer' : 'webhook' });
  if (fn === 'audit-referer') return reportAt(fn, at, [{ bucket, code: 'BUCKET_INVENTORY', message: 'public-read' }, { bucket, code: 'REFERER_EMPTY_ALLOWED', severity: 'medium', message: 'empty Referer allowed', hint: 'set allowEmptyReferer: false' }]);
  if (fn === 'validate-mirror-origin') return reportAt(fn, at, [{ bucket, target: `buckets.${bucket}.website.routingRules[0]`, code: 'MIRROR_RULE_OK', status: 'ok', message: 'all checks passed' }]);
  return reportAt(fn, at, [{ bucket, code: 'OBJECT_REFRESHED', status: 'ok', message: 'a.js refreshed' }], {}, { refreshed: n % 7, stale: n % 11, checked: 40 });
}

function sizeOf(bucket: string, key: string): number {
  const o = emu().seed.getObject(bucket, key);
  if (!o) throw new Error(`missing ${key}`);
  return o.size;
}

describe('publishing runs of two functions at the same time', () => {
  it('does keep both runs on the index when both publishes read it before either wrote it', async () => {
    const e = emu();
    e.seed.createBucket('race-reports');
    const reports = 'oss://race-reports/r/';
    const client = ossClient(e);
    await rebuildDashboard(client, reports);
    const audit = reportAt('audit-referer', '2026-03-01T10:00:00.000Z', [{ bucket: 'assets', code: 'REFERER_DRIFT', severity: 'medium', message: 'referer differs' }]);
    const apply = reportAt('apply-config', '2026-03-01T10:00:00.040Z', [{ bucket: 'assets', target: 'referer', code: 'SECTION_UPDATED', status: 'ok', message: 'referer: update' }], { mode: 'apply' });
    for (const r of [audit, apply]) await storeReport(client, reports, r);
    await Promise.all([publishRun(client, reports, audit), publishRun(client, reports, apply)]);
    const index = (await e.seed.readObject('race-reports', 'r/dashboard/index.html'))!.toString();
    expect(index).toContain(`href="runs/audit-referer/${audit.runId}.html"`);
    expect(index).toContain(`href="runs/apply-config/${apply.runId}.html"`);
    expect(index).toContain(`possibly fixed by <a href="runs/apply-config/${apply.runId}.html">`);
  });
});

describe('publishing a run again', () => {
  it('does replace its row on the index and on its archive page, without numbering it twice', async () => {
    const e = emu();
    e.seed.createBucket('again-reports');
    const reports = 'oss://again-reports/r/';
    const client = ossClient(e);
    await rebuildDashboard(client, reports);
    const first = reportAt('apply-config', '2026-03-01T10:00:00.000Z', [{ bucket: 'assets', target: 'cors', code: 'SECTION_WRITING', status: 'warn', message: 'about to write cors' }], { mode: 'apply', running: true });
    await publishRun(client, reports, first);
    const done = { ...first, items: [{ bucket: 'assets', target: 'cors', code: 'SECTION_CREATED', status: 'ok' as const, message: 'cors: create' }], summary: { items: 1, ok: 1 }, running: undefined };
    await publishRun(client, reports, done);
    for (const key of ['r/dashboard/index.html', 'r/dashboard/history/apply-config/0.html']) {
      const page = (await e.seed.readObject('again-reports', key))!.toString();
      expect(page, key).toContain('wrote assets cors');
      expect(page, key).not.toContain('SECTION_WRITING');
      expect(page.split(`href="${key.includes('history') ? '../../' : ''}runs/apply-config/${first.runId}.html"`).length - 1, key).toBe(key.includes('history') ? 1 : 2);
    }
    expect((await e.seed.readObject('again-reports', 'r/dashboard/index.html'))!.toString()).not.toContain('All 2 runs');
  });
});

describe('publishing over an index it cannot use', () => {
  it('does rebuild from the stored reports when the index is an old page without state or carries a damaged state', async () => {
    const e = emu();
    e.seed.createBucket('old-reports');
    const reports = 'oss://old-reports/r/';
    const client = ossClient(e);
    const first = reportAt('validate-mirror-origin', '2026-03-01T10:00:00.000Z', [{ bucket: 'assets', target: 'rule', code: 'MIRROR_RULE_OK', status: 'ok', message: 'fine' }]);
    await storeReport(client, reports, first);
    e.seed.putObject('old-reports', 'r/dashboard/index.html', '<!doctype html><title>ossedge dashboard</title><p>old page</p>');
    expect((await publishRun(client, reports, first)).rebuilt).toBe(true);
    const second = reportAt('validate-mirror-origin', '2026-03-01T11:00:00.000Z', [{ bucket: 'assets', target: 'rule', code: 'MIRROR_RULE_OK', status: 'ok', message: 'fine' }]);
    await storeReport(client, reports, second);
    // right top-level shape, damaged inside: latest is not a list
    const damaged = { v: 1, generatedAt: '', runs: { 'validate-mirror-origin': { total: 1, latest: 5 } }, refresh: [], writes: {}, buckets: [] };
    e.seed.putObject('old-reports', 'r/dashboard/index.html', `<!doctype html>${stateComment(damaged)}`);
    const again = await publishRun(client, reports, second);
    expect(again.rebuilt).toBe(true);
    const index = (await e.seed.readObject('old-reports', 'r/dashboard/index.html'))!.toString();
    expect(index).toContain(first.runId);
    expect(index).toContain(second.runId);
  });
});

describe('publishing 10,000 stored runs', () => {
  it('does keep the index under 200 KB and run pages under 300 KB, and publishes one more run with at most 6 writes and no more reads than writes', { timeout: 600_000 }, async () => {
    const e = emu();
    e.seed.createBucket('big-reports');
    const reports = 'oss://big-reports/r/';
    // seeded in-process: the stored reports are the input here, not what is measured
    for (let n = 0; n < 10_000; n++) {
      const r = runOf(FNS[n % 4]!, n);
      e.seed.putObject('big-reports', `r/${r.function}/${r.runId}.json`, JSON.stringify(r));
    }
    const huge = reportAt('apply-config', '2026-02-01T00:00:00.000Z', Array.from({ length: 1_200 }, (_, n) => ({
      bucket: `b-${n % 20}`, target: 'website', code: 'SECTION_UPDATED', status: 'ok' as const, message: `website: update (${n})`,
      data: { text: [`website.routingRules[${n}]: added`], before: null, after: { routingRules: [{ ruleNumber: n, redirect: { mirrorURL: 'https://origin.example.com/' } }] } },
    })), { mode: 'apply' });
    e.seed.putObject('big-reports', `r/apply-config/${huge.runId}.json`, JSON.stringify(huge));

    const client = ossClient(e);
    const t0 = performance.now();
    const all = await rebuildDashboard(client, reports);
    console.log(`rebuild of 10,001 runs: ${all.written.length} pages in ${Math.round(performance.now() - t0)} ms, index ${sizeOf('big-reports', 'r/dashboard/index.html')} bytes`);
    expect(all.rebuilt).toBe(true);
    expect(sizeOf('big-reports', 'r/dashboard/index.html')).toBeLessThanOrEqual(200 * 1024);
    const runPages = all.written.filter((k) => k.startsWith('r/dashboard/runs/'));
    expect(runPages.length).toBeGreaterThanOrEqual(10_003);
    expect(runPages).toContain(`r/dashboard/runs/apply-config/${huge.runId}.p3.html`);
    expect(Math.max(...runPages.map((k) => sizeOf('big-reports', k)))).toBeLessThanOrEqual(300 * 1024);
    expect(all.written).toContain('r/dashboard/history/apply-config/5.html');

    // one more run touching three buckets
    const next = reportAt('apply-config', '2026-03-01T00:00:00.000Z', ['b-1', 'b-2', 'b-3'].map((bucket) => ({ bucket, target: 'cors', code: 'SECTION_CREATED', status: 'ok' as const, message: 'cors: create' })), { mode: 'apply', source: 'webhook' });
    await storeReport(client, reports, next);
    e.resetLog();
    const one = await publishRun(client, reports, next);
    const log = e.requestLog();
    const writes = log.filter((l) => l.method === 'PUT').length;
    const reads = log.filter((l) => l.method === 'GET' && l.op !== 'ListObjectsV2' && l.op !== 'ListObjects').length;
    const lists = log.filter((l) => l.op === 'ListObjectsV2' || l.op === 'ListObjects').length;
    console.log(`one more publish: ${writes} writes, ${reads} reads, ${lists} listings (${log.map((l) => `${l.method} ${l.key}`).join(', ')})`);
    expect(one.rebuilt).toBe(false);
    expect(writes).toBeLessThanOrEqual(6);
    expect(reads).toBeLessThanOrEqual(writes);
    expect(lists).toBeLessThanOrEqual(1);
    expect(one.written.sort()).toEqual([
      'r/dashboard/buckets/b-1.html', 'r/dashboard/buckets/b-2.html', 'r/dashboard/buckets/b-3.html',
      'r/dashboard/history/apply-config/5.html', 'r/dashboard/index.html', `r/dashboard/runs/apply-config/${next.runId}.html`,
    ]);
    const index = (await e.seed.readObject('big-reports', 'r/dashboard/index.html'))!.toString();
    expect(Buffer.byteLength(index)).toBeLessThanOrEqual(200 * 1024);
    expect(index).toContain(`href="runs/apply-config/${next.runId}.html"`);
    expect(index).toContain('All 2502 runs of apply-config');
    const archive = (await e.seed.readObject('big-reports', 'r/dashboard/history/apply-config/5.html'))!.toString();
    expect(archive).toContain(next.runId);
    expect(archive).toContain('runs 2501–2502');
  });
});

describe('storeReportAndDashboard', () => {
  it('does store a report of another function and show it on the re-published dashboard', async () => {
    const { storeReportAndDashboard } = await import('../../../shared/report/html-publish.ts');
    const { createReport } = await import('../../../shared/report/model.ts');
    emu().seed.createBucket('s-reports');
    const b = createReport({ function: 'refresh-stale-objects' });
    b.count('refreshed', 3).count('stale', 5);
    const r = await storeReportAndDashboard(ossClient(emu()), 'oss://s-reports/x/', b.finish());
    expect(r.dashboard?.key).toBe('x/dashboard/index.html');
    const page = (await emu().seed.readObject('s-reports', 'x/dashboard/index.html'))!.toString();
    expect(page).toContain('id="refresh-chart"');
    expect(page).toContain('data-series="refreshed"');
  });
});
