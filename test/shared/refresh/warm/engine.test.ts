import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../../shared/oss/models/website.ts';
import { warmBucket, type WarmOptions } from '../../../../shared/refresh/warm/engine.ts';
import { normalizeKeys } from '../../../../shared/refresh/warm/key-list.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';
import { originBody, peakPerSecond, startKeyOrigin, warmGets, type KeyOrigin } from './fixture.ts';

const quota: { qps?: number } = {};
const emu = useEmulator({ dataPlaneOptions: { mirrorQuota: quota }, logLimit: 100_000 });
let origin: KeyOrigin;
let bucketNo = 0;
let bucket = '';

const rules = (prefix = 'site/'): RoutingRule[] => [{
  ruleNumber: 1, condition: { keyPrefixEquals: prefix, httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url },
} as RoutingRule];

beforeAll(async () => {
  origin = await startKeyOrigin();
});
afterAll(async () => origin.close());
beforeEach(() => {
  bucket = `warm-${++bucketNo}`;
  emu().seed.createBucket(bucket, { website: { routingRules: rules() } });
  origin.gets.clear();
  delete quota.qps;
});

const run = (keys: string[], extra: Partial<WarmOptions> = {}) => warmBucket({
  client: ossClient(emu()), warmClient: ossClient(emu()), bucket, rules: rules(), keys: normalizeKeys(keys), qps: 1000, ...extra,
});
const body = async (key: string) => (await emu().seed.readObject(bucket, key))?.toString();

describe('warmBucket', () => {
  it('stores exactly the missing keys by mirroring, one origin GET each, skipping present keys by listing (no HEAD)', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `site/${i % 3}/k${i}.txt`);
    for (const k of keys) origin.keys.add(k);
    const present = keys.filter((_, i) => i % 4 === 0);
    for (const k of present) emu().seed.putObject(bucket, k, `already here ${k}`);
    const before = emu().counters().byOp.HeadObject ?? 0;

    const r = await run([...keys, 'other/x.txt']);

    expect(r.complete).toBe(true);
    expect(r.counters).toMatchObject({ keys: 61, present: present.length, unmapped: 1, warmed: 60 - present.length, failed: 0, throttled: 0 });
    expect(r.counters.listCalls).toBeLessThanOrEqual(3);
    expect(emu().counters().byOp.HeadObject ?? 0).toBe(before);
    for (const k of keys) expect(await body(k)).toBe(present.includes(k) ? `already here ${k}` : originBody(k));
    for (const k of keys) expect(origin.gets.get(k) ?? 0).toBe(present.includes(k) ? 0 : 1);
    expect(r.items).toEqual([expect.objectContaining({ code: 'WARM_UNMAPPED', target: 'other/x.txt', status: 'warn' })]);
    expect(await body('other/x.txt')).toBeUndefined();
  });

  it('finds present keys among many other objects with few listings', async () => {
    for (let i = 0; i < 3000; i++) emu().seed.putObject(bucket, `site/big/o${String(i).padStart(5, '0')}`, 'x');
    const wanted = ['site/big/o00010', 'site/big/o01500', 'site/big/o02999', 'site/big/zz-missing'];
    origin.keys.add('site/big/zz-missing');
    const r = await run(wanted);
    expect(r.counters).toMatchObject({ present: 3, warmed: 1 });
    expect(r.counters.listCalls).toBeLessThanOrEqual(4);
  });

  it('reports a key the origin does not have as failed and stores nothing for it', async () => {
    const r = await run(['site/gone.txt']);
    expect(r.counters).toMatchObject({ warmed: 0, failed: 1 });
    expect(r.items[0]).toMatchObject({ code: 'ORIGIN_NOT_FOUND', target: 'site/gone.txt', status: 'fail' });
    expect(await body('site/gone.txt')).toBeUndefined();
  });

  it('never replaces an object written during the run', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `site/w/${i}`);
    for (const k of keys) origin.keys.add(k);
    const late = 'site/w/39';
    // written after the listing saw it missing, before its warm GET (the run goes in key order at 20 QPS)
    setTimeout(() => emu().seed.putObject(bucket, late, 'written by the site'), 300);
    const r = await run(keys, { qps: 20, concurrency: 1 });
    expect(r.counters.failed).toBe(0);
    expect(await body(late)).toBe('written by the site');
    expect(origin.gets.get(late) ?? 0).toBe(0);
  });

  it('changes nothing in a dry run and counts what it would warm', async () => {
    origin.keys.add('site/d.txt');
    const r = await run(['site/d.txt'], { dryRun: true });
    expect(r.counters).toMatchObject({ wouldWarm: 1, warmed: 0 });
    expect(warmGets(emu(), bucket)).toHaveLength(0);
  });

  it('backs off on the mirror quota (503) and finishes with no key lost, throttled requests counted', async () => {
    quota.qps = 50;
    const keys = Array.from({ length: 150 }, (_, i) => `site/q/${i}`);
    for (const k of keys) origin.keys.add(k);
    const r = await run(keys, { qps: 100 });
    expect(r.counters).toMatchObject({ warmed: 150, failed: 0 });
    expect(r.counters.throttled).toBeGreaterThan(0);
    const log = warmGets(emu(), bucket);
    expect(log.filter((e) => e.status === 503)).toHaveLength(r.counters.throttled);
    expect(log.filter((e) => e.status === 503).every((e) => e.errorCode === 'MirrorFailed')).toBe(true);
    for (const k of keys) expect(origin.gets.get(k)).toBe(1);
  }, 30_000);

  it('stays under the configured QPS, counted from the emulator request log', async () => {
    const keys = Array.from({ length: 120 }, (_, i) => `site/r/${i}`);
    for (const k of keys) origin.keys.add(k);
    const r = await run(keys, { qps: 40 });
    expect(r.counters.warmed).toBe(120);
    expect(peakPerSecond(warmGets(emu(), bucket).map((e) => Date.parse(e.time)))).toBeLessThanOrEqual(42);
  }, 30_000);
});
