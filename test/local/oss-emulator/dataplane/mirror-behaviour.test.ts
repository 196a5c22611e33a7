import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OriginServer } from '../../../helpers/origin.ts';
import { putRules, startRig, TEST_MIRROR_TIMEOUT_MS, type Rig } from './rig.ts';

// Mirror behaviour from the API field docs, the mirroring overview and spec §3.1: headers (PassAll/Pass/Remove/
// Set and the never-passed list), origin answers (200 stored, 404 → 404, anything else → 424 MirrorFailed,
// timeout), failover to MirrorURLSlave and MirrorMultiAlternates, a copy fetched once and never refreshed,
// Last-Modified = time stored unless MirrorUserLastModified, HEAD mirrors only with MirrorAllowHeadObject,
// External redirects.

let rig: Rig;
let origin: OriginServer;
let backup: OriginServer;
let alternate: OriginServer;

const mirrorRule = (n: number, prefix: string, redirect: Record<string, unknown>) => ({
  RuleNumber: n,
  Condition: { KeyPrefixEquals: prefix, HttpErrorCodeReturnedEquals: 404 },
  Redirect: { RedirectType: 'Mirror', MirrorURL: origin.url, ...redirect },
});

beforeAll(async () => {
  rig = await startRig();
  [origin, backup, alternate] = await Promise.all([rig.origin(), rig.origin(), rig.origin()]);
  const c = await rig.bucket('mirror-behaviour');
  await putRules(c, 'mirror-behaviour', [
    mirrorRule(1, 'headers/', { MirrorHeaders: { PassAll: true, Remove: ['x-remove'], Set: [{ Key: 'x-set', Value: 'set-by-rule' }] } }),
    mirrorRule(2, 'plain/', {}),
    mirrorRule(3, 'failover/', { MirrorURLSlave: backup.url }),
    mirrorRule(4, 'alternates/', {
      MirrorURLSlave: backup.url,
      MirrorMultiAlternates: { MirrorMultiAlternate: [{ MirrorMultiAlternateNumber: 1, MirrorMultiAlternateURL: alternate.url }] },
    }),
    mirrorRule(5, 'usertime/', { MirrorUserLastModified: true }),
    mirrorRule(6, 'head/', { MirrorAllowHeadObject: true }),
    { RuleNumber: 7, Condition: { KeyPrefixEquals: 'ext/', HttpErrorCodeReturnedEquals: 404 },
      Redirect: { RedirectType: 'External', Protocol: 'https', HostName: 'example.com', HttpRedirectCode: 301, ReplaceKeyPrefixWith: 'new/', PassQueryString: true } },
  ]);
});
afterAll(async () => rig?.close());

const get = (key: string, init?: RequestInit, query?: string) => fetch(rig.url('mirror-behaviour', key, query), init);
const seenBy = (o: OriginServer, path: string) => o.requests.filter((r) => r.url.split('?')[0] === path);

describe('headers sent to the origin', () => {
  it('passes all but removed and never-passed headers, and sets the Set header', async () => {
    origin.route('/headers/a', { body: 'a' });
    const res = await get('headers/a', { headers: { 'x-keep': 'k', 'x-remove': 'r', 'x-oss-meta-z': 'z', range: 'bytes=0-0', 'x-set': 'client' } });
    expect(await res.text()).toBe('a');
    const h = seenBy(origin, '/headers/a')[0]?.headers ?? {};
    expect(h['x-keep']).toBe('k');
    expect(h['x-set']).toBe('set-by-rule');
    expect(h['x-remove']).toBeUndefined();
    expect(h['x-oss-meta-z']).toBeUndefined();
    expect(h.range).toBeUndefined();
    // PassAll without Remove host: the origin sees the bucket's Host (decision row M-HOST-PASS-ALL)
    expect(h.host).toBe(new URL(rig.emu.endpoint).host);
  });

  it('sends the origin its own host when the rule does not pass Host', async () => {
    origin.route('/plain/own-host', { body: 'own' });
    await (await get('plain/own-host')).text();
    expect(seenBy(origin, '/plain/own-host')[0]?.headers.host).toBe(new URL(origin.url).host);
  });

  it('never passes Authorization or Date of a signed request (ali-oss GET)', async () => {
    origin.route('/headers/signed', { body: 'signed' });
    const { content } = await rig.client('mirror-behaviour').get('headers/signed');
    expect(String(content)).toBe('signed');
    const h = seenBy(origin, '/headers/signed')[0]?.headers ?? {};
    expect(h.authorization).toBeUndefined();
    expect(h.date).toBeUndefined();
    expect(Object.keys(h).filter((k) => k.startsWith('x-oss-'))).toEqual([]);
  });
});

describe('origin answers', () => {
  it('answers 404 NoSuchKey when the origin answers 404', async () => {
    const res = await get('plain/none');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it('answers 424 MirrorFailed when the origin answers 500', async () => {
    origin.route('/plain/500', { status: 500, body: 'boom' });
    const res = await get('plain/500');
    expect(res.status).toBe(424);
    const body = await res.text();
    expect(body).toContain('<Code>MirrorFailed</Code>');
    expect(body).toContain('<EC>0041-00000101</EC>');
  });

  it('answers 424 within about the timeout when the origin is slow', async () => {
    origin.route('/plain/slow', { delayMs: TEST_MIRROR_TIMEOUT_MS * 5, body: 'late' });
    const started = Date.now();
    const res = await get('plain/slow');
    expect(res.status).toBe(424);
    expect(Date.now() - started).toBeLessThan(TEST_MIRROR_TIMEOUT_MS * 4);
  });

  it('answers 424 when the origin resets the connection', async () => {
    origin.route('/plain/reset', { reset: true });
    const res = await get('plain/reset');
    expect(res.status).toBe(424);
    expect(await res.text()).toContain('<EC>0041-00000104</EC>');
  });

  it('stores nothing when the origin resets in the middle of the body', async () => {
    origin.route('/plain/midreset', { body: 'x'.repeat(64 * 1024), resetMidBody: true });
    const res = await get('plain/midreset');
    await res.arrayBuffer().catch(() => undefined);
    expect(rig.emu.seed.getObject('mirror-behaviour', 'plain/midreset')).toBeUndefined();
  });
});

describe('failover', () => {
  it('fetches from MirrorURLSlave when the primary fails', async () => {
    origin.route('/failover/a', { status: 503 });
    backup.route('/failover/a', { body: 'from backup' });
    const res = await get('failover/a');
    expect(await res.text()).toBe('from backup');
    expect(seenBy(origin, '/failover/a').length).toBe(1);
  });

  it('does not fail over when the primary answers 404', async () => {
    backup.route('/failover/only-backup', { body: 'backup has it' });
    expect((await get('failover/only-backup')).status).toBe(404);
    expect(seenBy(backup, '/failover/only-backup').length).toBe(0);
  });

  it('tries MirrorMultiAlternates after the primary and the secondary fail', async () => {
    origin.route('/alternates/a', { reset: true });
    backup.route('/alternates/a', { status: 500 });
    alternate.route('/alternates/a', { body: 'from alternate' });
    expect(await (await get('alternates/a')).text()).toBe('from alternate');
  });

  it('answers 424 when every origin fails', async () => {
    origin.route('/alternates/b', { status: 502 });
    backup.route('/alternates/b', { status: 502 });
    alternate.route('/alternates/b', { status: 502 });
    expect((await get('alternates/b')).status).toBe(424);
  });
});

describe('the stored copy', () => {
  it('serves the second GET from the copy although the origin changed', async () => {
    origin.route('/plain/v', { body: 'version 1', headers: { 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    const first = await get('plain/v');
    expect(await first.text()).toBe('version 1');
    const firstModified = Date.parse(first.headers.get('last-modified') ?? '');
    expect(firstModified).toBeGreaterThan(Date.parse('2020-01-01T00:00:00Z'));
    origin.route('/plain/v', { body: 'version 2' });
    const second = await get('plain/v');
    expect(await second.text()).toBe('version 1');
    expect(seenBy(origin, '/plain/v').length).toBe(1);
    expect(second.headers.get('etag')).toMatch(/^"[0-9A-F]{32}"$/);
  });

  it('answers concurrent GETs of the same missing key with the whole body and keeps one good copy', async () => {
    const body = 'c'.repeat(256 * 1024);
    origin.route('/plain/concurrent', { body, delayMs: 50 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => get('plain/concurrent').then((r) => r.text())));
    expect(answers.every((a) => a === body)).toBe(true);
    expect((await rig.emu.seed.readObject('mirror-behaviour', 'plain/concurrent'))?.toString()).toBe(body);
  });

  it('keeps the origin Last-Modified with MirrorUserLastModified', async () => {
    origin.route('/usertime/a', { body: 'old', headers: { 'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    await (await get('usertime/a')).text();
    const stored = rig.emu.seed.getObject('mirror-behaviour', 'usertime/a');
    expect(stored?.lastModified).toBe(Date.UTC(2015, 9, 21, 7, 28));
  });
});

describe('HEAD', () => {
  it('does not mirror a HEAD without MirrorAllowHeadObject', async () => {
    origin.route('/plain/head', { body: 'h' });
    expect((await get('plain/head', { method: 'HEAD' })).status).toBe(404);
    expect(seenBy(origin, '/plain/head').length).toBe(0);
  });

  it('mirrors a HEAD with MirrorAllowHeadObject', async () => {
    origin.route('/head/a', { body: 'head body' });
    const res = await get('head/a', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('9');
    expect((await rig.emu.seed.readObject('mirror-behaviour', 'head/a'))?.toString()).toBe('head body');
  });
});

describe('External redirect', () => {
  it('answers HttpRedirectCode with Protocol://HostName/<replaced key>?query', async () => {
    const res = await get('ext/a.txt', { redirect: 'manual' }, 'x=1');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('https://example.com/new/a.txt?x=1');
  });
});
