// Refresh asks the origin OSS's mirror would fetch from: MirrorURL, then MirrorURLSlave, then the
// MirrorMultiAlternates by number (shared/mirror mirrorOrigins), switching only where OSS switches
// (MirrorSwitchAllErrors false: 5xx or a network failure; true: any status but 200, 206, 301, 302, 303, 307,
// 404; decision rows M-FAILOVER-DEFAULT-403, -DEFAULT-5XX, -ALL-403, -ALL-404). Two loopback origins, the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingRule, RoutingRuleRedirect } from '../../../shared/oss/models/website.ts';
import { refreshRange } from '../../../shared/refresh/scan.ts';
import { useEmulator } from '../../helpers/emulator.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';
import { STATE, rangeOptions, seedCopy, serve } from './fixture.ts';

const emu = useEmulator();
let primary: OriginServer;
let secondary: OriginServer;
let alternate: OriginServer;
let bucketNo = 0;
let bucket = '';

beforeAll(async () => {
  [primary, secondary, alternate] = await Promise.all([startOrigin(), startOrigin(), startOrigin()]);
  emu().seed.createBucket(STATE.bucket);
});
afterAll(async () => Promise.all([primary.close(), secondary.close(), alternate.close()]));
beforeEach(() => {
  bucket = `failover-${++bucketNo}`;
  emu().seed.createBucket(bucket);
  for (const o of [primary, secondary, alternate]) o.requests.length = 0;
});

const rules = (redirect: Partial<RoutingRuleRedirect> = {}): RoutingRule[] => [{
  ruleNumber: 1, condition: { httpErrorCodeReturnedEquals: 404 },
  redirect: { redirectType: 'Mirror', mirrorURL: primary.url, mirrorURLSlave: secondary.url, ...redirect },
} as RoutingRule];
const run = (redirect: Partial<RoutingRuleRedirect> = {}) =>
  refreshRange(rangeOptions(emu(), primary.url, bucket, { rules: rules(redirect), state: { bucket: STATE.bucket, prefix: `${bucket}-state/` } }));
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();
const asked = (o: OriginServer, key: string) => o.requests.filter((q) => q.url.split('?')[0] === `/${key}`).length;

describe('refresh follows OSS\'s mirror failover order', () => {
  it('refreshes from MirrorURLSlave when the primary answers 5xx (M-FAILOVER-DEFAULT-5XX)', async () => {
    const key = `${bucket}/app.js`;
    seedCopy(emu(), bucket, key, 'v1');
    primary.route(`/${key}`, () => ({ status: 503, body: 'down' }));
    serve(secondary, key, { body: 'version two', contentMd5: true });
    const r = await run();
    expect(r.items).toEqual([expect.objectContaining({ code: 'STALE_REFRESHED', target: key })]);
    expect(r.counters).toMatchObject({ scanned: 1, stale: 1, refreshed: 1, failed: 0 });
    expect(await body(key)).toBe('version two');
  });

  it('goes on to the MirrorMultiAlternates by number when the primary is unreachable and the secondary answers 502', async () => {
    const key = `${bucket}/lib.js`;
    seedCopy(emu(), bucket, key, 'old');
    secondary.route(`/${key}`, () => ({ status: 502, body: 'bad gateway' }));
    serve(alternate, key, { body: 'from the alternate', contentMd5: true });
    const r = await run({
      mirrorURL: 'http://127.0.0.1:1/', // nothing listens: a network failure always switches
      mirrorMultiAlternates: [{ mirrorMultiAlternateNumber: 9, mirrorMultiAlternateURL: 'http://127.0.0.1:1/late/' }, { mirrorMultiAlternateNumber: 2, mirrorMultiAlternateURL: alternate.url }],
    });
    expect(r.items).toEqual([expect.objectContaining({ code: 'STALE_REFRESHED', target: key })]);
    expect(await body(key)).toBe('from the alternate');
    expect(asked(secondary, key)).toBeGreaterThan(0);
  });

  it('does not switch where OSS does not: a 403 with MirrorSwitchAllErrors off (M-FAILOVER-DEFAULT-403), a 404 either way (M-FAILOVER-ALL-404)', async () => {
    const forbidden = `${bucket}/forbidden.js`;
    const gone = `${bucket}/gone.js`;
    seedCopy(emu(), bucket, forbidden, 'kept 1');
    seedCopy(emu(), bucket, gone, 'kept 2');
    primary.route(`/${forbidden}`, () => ({ status: 403, body: 'no' }));
    primary.route(`/${gone}`, () => ({ status: 404, body: 'gone' }));
    for (const k of [forbidden, gone]) serve(secondary, k, { body: 'secondary bytes', contentMd5: true });
    const r = await run();
    expect(r.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'ORIGIN_ERROR', target: forbidden }), expect.objectContaining({ code: 'ORIGIN_GONE', target: gone }),
    ]));
    const all = await run({ mirrorSwitchAllErrors: true });
    expect(all.items).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'STALE_REFRESHED', target: forbidden }), expect.objectContaining({ code: 'ORIGIN_GONE', target: gone }),
    ]));
    expect(asked(secondary, gone)).toBe(0);
    expect(await body(gone)).toBe('kept 2');
    expect(await body(forbidden)).toBe('secondary bytes');
  });

  it('does not switch on a TransparentMirrorResponseCodes status (OSS hands it to the client as it is)', async () => {
    const key = `${bucket}/transparent.js`;
    seedCopy(emu(), bucket, key, 'kept');
    primary.route(`/${key}`, () => ({ status: 503, body: 'busy' }));
    serve(secondary, key, { body: 'secondary bytes', contentMd5: true });
    const r = await run({ transparentMirrorResponseCodes: '400,503' });
    expect(r.items).toEqual([expect.objectContaining({ code: 'ORIGIN_ERROR', target: key })]);
    expect(asked(secondary, key)).toBe(0);
    expect(await body(key)).toBe('kept');
  });

  it('switches on what the primary answers a GET, as OSS does, not on a HEAD it refuses with 403 or 500 (a WAF, an app without HEAD)', async () => {
    // OSS's mirror only ever GETs the origin: a HEAD-only refusal is not a failure OSS would switch on, and
    // judging the copy against the secondary would write its different body over a copy equal to the primary's
    const waf = `${bucket}/waf.js`;
    const app = `${bucket}/app-no-head.js`;
    seedCopy(emu(), bucket, waf, 'primary bytes');
    seedCopy(emu(), bucket, app, 'primary bytes');
    const headRefusing = (status: number) => (req: { method: string }) => (req.method === 'HEAD' ? { status, body: '' } : { status: 200, body: 'primary bytes' });
    primary.route(`/${waf}`, headRefusing(403));
    primary.route(`/${app}`, headRefusing(500));
    for (const k of [waf, app]) serve(secondary, k, { body: 'secondary bytes, different', contentMd5: true });
    const all = await run({ mirrorSwitchAllErrors: true });
    expect(all.items.filter((i) => i.code === 'STALE_REFRESHED')).toEqual([]);
    expect(all.counters).toMatchObject({ scanned: 2, refreshed: 0 });
    expect(await body(waf)).toBe('primary bytes');
    expect(await body(app)).toBe('primary bytes');
    expect(asked(secondary, waf) + asked(secondary, app)).toBe(0);
    const def = await run();
    expect(def.counters).toMatchObject({ scanned: 2, refreshed: 0 });
    expect(await body(app)).toBe('primary bytes');
    expect(asked(secondary, app)).toBe(0);
  });

  it('does not move on when only its own budget, shorter than OSS\'s 10 s mirror timeout, ran out on the primary', async () => {
    // the primary would still have answered OSS (which waits 10 s): the secondary's different body must not replace the copy
    const key = `${bucket}/slow.js`;
    seedCopy(emu(), bucket, key, 'primary bytes');
    primary.route(`/${key}`, () => ({ status: 200, body: 'primary bytes', delayMs: 2_300 }));
    serve(secondary, key, { body: 'secondary bytes, different', contentMd5: true });
    const r = await run(); // originBudgetMs 2 s
    expect(r.items).toEqual([expect.objectContaining({ code: 'ORIGIN_ERROR', target: key })]);
    expect(r.counters).toMatchObject({ refreshed: 0, failed: 1 });
    expect(asked(secondary, key)).toBe(0);
    expect(await body(key)).toBe('primary bytes');
  });

  it('keeps the copy with ORIGIN_ERROR when every origin fails', async () => {
    const key = `${bucket}/down.js`;
    seedCopy(emu(), bucket, key, 'kept');
    primary.route(`/${key}`, () => ({ status: 500, body: 'x' }));
    secondary.route(`/${key}`, () => ({ status: 503, body: 'y' }));
    const r = await run();
    expect(r.items).toEqual([expect.objectContaining({ code: 'ORIGIN_ERROR', target: key, status: 'fail' })]);
    expect(await body(key)).toBe('kept');
    expect(asked(primary, key)).toBeGreaterThan(0);
    expect(asked(secondary, key)).toBeGreaterThan(0);
  });
});
