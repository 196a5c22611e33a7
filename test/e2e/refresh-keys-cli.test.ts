// On-demand refresh end to end: `ossedge refresh --bucket B --key K ...` and `--url U ...` refresh exactly
// the named copies through the scan's per-object path; URLs map back to keys only through prefix rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import type { RoutingRule } from '../../shared/oss/models/website.ts';
import { startOrigin, type OriginServer } from '../helpers/origin.ts';
import { seedCopy, serve } from '../shared/refresh/fixture.ts';
import { runCliOnEmulator } from './cli-process.ts';

let emu: EmulatorHandle;
let origin: OriginServer;
const pages = Array.from({ length: 6 }, (_, i) => `pages/p${i}.html`);

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  origin = await startOrigin();
  const rules = [
    { ruleNumber: 1, condition: { keyPrefixEquals: 'pages/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } },
    { ruleNumber: 2, condition: { keyPrefixEquals: 'img/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url, enableReplacePrefix: true, replaceKeyPrefixWith: 'static/img/' } },
    { ruleNumber: 3, condition: { keyPrefixEquals: 'one/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: `${origin.url}fixed/`, replaceKeyWith: 'index.html' } },
  ] as RoutingRule[];
  emu.seed.createBucket('cms', { website: { routingRules: rules } });
  for (const k of pages) {
    seedCopy(emu, 'cms', k, `old ${k}`);
    serve(origin, k, { body: `new ${k}`, contentMd5: true });
  }
  seedCopy(emu, 'cms', 'img/logo.png', 'old logo');
  serve(origin, 'static/img/logo.png', { body: 'new logo', contentMd5: true });
});
afterAll(async () => {
  await origin?.close();
  await emu?.close();
});

const cli = (args: string[]) => runCliOnEmulator(emu, ['refresh', ...args, '--allow-private-origins']);
const body = async (key: string) => (await emu.seed.readObject('cms', key))?.toString();

describe('ossedge refresh --key / --url', () => {
  it('refreshes exactly the 3 named keys and touches no other copy or origin object', async () => {
    origin.requests.length = 0;
    const named = [pages[1]!, pages[3]!, pages[4]!];
    const r = await cli(['--bucket', 'cms', ...named.flatMap((k) => ['--key', k]), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ scanned: 3, stale: 3, refreshed: 3, failed: 0 });
    for (const k of pages) expect(await body(k)).toBe(named.includes(k) ? `new ${k}` : `old ${k}`);
    const asked = new Set(origin.requests.map((q) => q.url.split('?')[0]!.slice(1)));
    expect([...asked].sort()).toEqual([...named].sort());
  });

  it('maps origin URLs back through prefix rules (replacement undone); unmapped and ambiguous URLs are reported, not touched', async () => {
    const r = await cli(['--bucket', 'cms', '--url', `${origin.url}static/img/logo.png`, '--url', 'https://elsewhere.example/x.png', '--url', `${origin.url}fixed/index.html`, '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ scanned: 1, refreshed: 1 });
    expect(await body('img/logo.png')).toBe('new logo');
    const codes = Object.fromEntries(report.items.map((i: { code: string; target: string }) => [i.target, i.code]));
    expect(codes['https://elsewhere.example/x.png']).toBe('URL_UNMAPPED');
    expect(codes[`${origin.url}fixed/index.html`]).toBe('URL_AMBIGUOUS');
  });

  it('reports a named key with no copy and leaves it alone', async () => {
    const r = await cli(['--bucket', 'cms', '--key', 'pages/none.html', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).items).toEqual([expect.objectContaining({ code: 'KEY_NOT_IN_BUCKET', target: 'pages/none.html' })]);
    expect(await body('pages/none.html')).toBeUndefined();
  });
});
