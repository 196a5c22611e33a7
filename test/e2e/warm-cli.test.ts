// `ossedge warm` end to end: the CLI table → the command → refresh-stale-objects' warm mode → the engine,
// against the emulator's own mirroring (live website rules) and a loopback origin.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { originBody, peakPerSecond, startKeyOrigin, warmGets, type KeyOrigin } from '../shared/refresh/warm/fixture.ts';
import { runCliOnEmulator } from './cli-process.ts';

const quota: { qps?: number } = {};
let emu: EmulatorHandle;
let origin: KeyOrigin;
let dir: string;

const rules = (): RoutingRule[] => [{
  ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url },
} as RoutingRule];

beforeAll(async () => {
  emu = await startEmulator({ dataPlaneOptions: { mirrorQuota: quota }, logLimit: 200_000 });
  origin = await startKeyOrigin();
  dir = mkdtempSync(join(tmpdir(), 'ossedge-warm-'));
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliOnEmulator(emu, ['warm', ...args]);

const keyFile = (name: string, keys: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${keys.join('\n')}\n`);
  return path;
};
const body = async (bucket: string, key: string) => (await emu.seed.readObject(bucket, key))?.toString();

describe('ossedge warm', () => {
  it('warms a 5,000-key list: stores exactly the missing keys, one origin GET each, never replaces an object written before or during the run, under the QPS', async () => {
    emu.seed.createBucket('big', { website: { routingRules: rules() } });
    const keys = Array.from({ length: 5000 }, (_, i) => `site/${i % 10}/f${String(i).padStart(4, '0')}.css`);
    for (const k of keys) origin.keys.add(k);
    const before = keys.filter((_, i) => i % 5 !== 0); // 4,000 already in the bucket
    for (const k of before) emu.seed.putObject('big', k, `kept ${k}`);
    const missing = keys.filter((_, i) => i % 5 === 0);
    // written by the site while the run goes (keys sort by folder: the last folder is warmed last)
    const during = missing.filter((k) => k.startsWith('site/9/')).slice(-10);
    const timer = setTimeout(() => during.forEach((k) => emu.seed.putObject('big', k, `site wrote ${k}`)), 1200);
    const start = Date.now();
    origin.gets.clear();

    const r = await cli(['--bucket', 'big', '--keys', keyFile('big.txt', keys), '--qps', '400', '--json']);
    clearTimeout(timer);

    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ warm: 1, keys: 5000, present: 4000, warmed: 1000, unmapped: 0, failed: 0 });
    for (const k of before) expect(await body('big', k)).toBe(`kept ${k}`);
    for (const k of during) expect(await body('big', k)).toBe(`site wrote ${k}`);
    for (const k of missing.filter((m) => !during.includes(m))) expect(await body('big', k)).toBe(originBody(k));
    for (const k of keys) expect(origin.gets.get(k) ?? 0).toBe(missing.includes(k) && !during.includes(k) ? 1 : 0);
    // the bucket's own state (the warm-up lease, read with GetObject) is not a warm GET
    const gets = warmGets(emu, 'big', start - 1000).filter((e) => e.key?.startsWith('site/'));
    expect(gets).toHaveLength(1000);
    expect(emu.requestLog().filter((e) => e.bucket === 'big' && e.op === 'HeadObject')).toHaveLength(0);
    expect(peakPerSecond(gets.map((e) => Date.parse(e.time)))).toBeLessThanOrEqual(410);
  }, 60_000);

  it('backs off when the mirror quota (50 QPS) refuses a 100 QPS budget, loses no key and counts the throttled requests', async () => {
    emu.seed.createBucket('quota', { website: { routingRules: rules() } });
    const keys = Array.from({ length: 150 }, (_, i) => `site/q/${i}`);
    for (const k of keys) origin.keys.add(k);
    quota.qps = 50;
    try {
      const r = await cli(['--bucket', 'quota', '--keys', keyFile('quota.txt', keys), '--qps', '100', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.summary).toMatchObject({ keys: 150, warmed: 150, failed: 0 });
      expect(report.summary.throttled).toBeGreaterThan(0);
      expect(warmGets(emu, 'quota').filter((e) => e.status === 503)).toHaveLength(report.summary.throttled);
      for (const k of keys) expect(await body('quota', k)).toBe(originBody(k));
    } finally {
      delete quota.qps;
    }
  }, 60_000);

  it('reads the list from OSS, reports unmapped and missing-at-origin keys, and writes nothing in --dry-run', async () => {
    emu.seed.createBucket('small', { website: { routingRules: rules() } });
    emu.seed.createBucket('lists');
    origin.keys.add('site/a.js');
    emu.seed.putObject('lists', 'keys.txt', 'site/a.js\nsite/nowhere.js\nother/b.js\n');
    const dry = await cli(['--bucket', 'small', '--keys', 'oss://lists/keys.txt', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(`${dry.stdout}${dry.stderr}`).toMatch(/3 keys: 0 warmed, 0 present, 1 unmapped, 0 failed, 0 throttled; 0 bytes \(dry run: 2 would be warmed\)/);
    expect(await body('small', 'site/a.js')).toBeUndefined();
    const real = await cli(['--bucket', 'small', '--keys', 'oss://lists/keys.txt']);
    expect(real.code).toBe(1);
    expect(`${real.stdout}${real.stderr}`).toMatch(/small\/other\/b\.js\s+WARM_UNMAPPED/);
    expect(`${real.stdout}${real.stderr}`).toMatch(/small\/site\/nowhere\.js\s+ORIGIN_NOT_FOUND/);
    expect(await body('small', 'site/a.js')).toBe(originBody('site/a.js'));
  });

  it('warms from a sitemap on the origin; URLs outside every rule are reported as unmapped', async () => {
    emu.seed.createBucket('mapped', { website: { routingRules: rules() } });
    for (const k of ['site/s/1.html', 'site/s/2.html']) origin.keys.add(k);
    origin.files.set('sitemap.xml', `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>${origin.url}site/s/1.html</loc></url><url><loc>${origin.url}site/s/2.html?utm=x&amp;y=1</loc></url>
      <url><loc>https://elsewhere.example/page.html</loc></url><url><loc>${origin.url}about.html</loc></url></urlset>`);
    const r = await cli(['--bucket', 'mapped', '--sitemap', `${origin.url}sitemap.xml`, '--allow-private-origins', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ keys: 4, warmed: 2, unmapped: 2, failed: 0 });
    const unmapped = report.items.filter((i: { code: string }) => i.code === 'URL_UNMAPPED').map((i: { target: string }) => i.target).sort();
    expect(unmapped).toEqual([`${origin.url}about.html`, 'https://elsewhere.example/page.html'].sort());
    expect(await body('mapped', 'site/s/2.html')).toBe(originBody('site/s/2.html'));
  });

  it('refuses to fetch a sitemap on a private address without --allow-private-origins', async () => {
    emu.seed.createBucket('guarded', { website: { routingRules: rules() } });
    const r = await cli(['--bucket', 'guarded', '--sitemap', `${origin.url}sitemap.xml`, '--json']);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/NET_BLOCKED_ADDRESS/);
  });

  it('parks a run outside its window (no request to the bucket) and resumes it inside the window', async () => {
    emu.seed.createBucket('night', { website: { routingRules: rules() } });
    emu.seed.createBucket('nightlists');
    for (const k of ['site/n/1', 'site/n/2']) origin.keys.add(k);
    emu.seed.putObject('nightlists', 'k.txt', 'site/n/1\nsite/n/2\n');
    const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
    const later = `${hhmm(Date.now() + 2 * 3_600_000)}-${hhmm(Date.now() + 3 * 3_600_000)}`;
    const now = `${hhmm(Date.now() - 3_600_000)}-${hhmm(Date.now() + 3_600_000)}`;
    const outside = await cli(['--bucket', 'night', '--keys', 'oss://nightlists/k.txt', '--window', later, '--tz', 'UTC', '--json']);
    expect(outside.code, outside.stderr).toBe(0);
    const parked = JSON.parse(outside.stdout);
    expect(parked).toMatchObject({ parked: true, reason: 'OUTSIDE_WINDOW' });
    expect(warmGets(emu, 'night').filter((e) => e.key?.startsWith('site/'))).toHaveLength(0);
    const inside = await cli(['--bucket', 'night', '--keys', 'oss://nightlists/k.txt', '--window', now, '--tz', 'UTC', '--json']);
    expect(inside.code, inside.stderr).toBe(0);
    const report = JSON.parse(inside.stdout);
    expect(report.runId).toBe(parked.runId);
    expect(report.summary).toMatchObject({ keys: 2, warmed: 2 });
  });

  it('refuses a malformed key file with exit 2 before any request', async () => {
    const n = emu.requestLog().length;
    const r = await cli(['--bucket', 'small', '--keys', keyFile('bad.txt', ['site/ok', 'site/bad\u0007'])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/BAD_KEY_LIST: refused: line 2: control character/);
    expect(emu.requestLog().length).toBe(n);
  });
});
