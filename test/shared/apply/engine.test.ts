import { describe, expect, it } from 'vitest';
import { loadConfig, type OssedgeConfig } from '../../../shared/config/index.ts';
import { buildRunReport, resolveBucketRegions, rollbackConfig, runConfig, type Preflight } from '../../../shared/apply/index.ts';
import { getBucketCors, getBucketReferer, getBucketWebsite } from '../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });

async function config(text: string): Promise<OssedgeConfig> {
  const r = await loadConfig(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config;
}

const writes = () => emu().requestLog().filter((e) => e.method !== 'GET' && e.method !== 'HEAD');

const YAML = `version: 1
buckets:
  eng-a:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: 'http://127.0.0.1:9/'}
    cors:
      rules:
        - allowedOrigin: ['https://www.example.com']
          allowedMethod: [GET]
    referer:
      allowEmptyReferer: false
      refererList: ['https://*.example.com']
  eng-b:
    cors: null
    referer: null
`;

describe('runConfig against the emulator', () => {
  it('plans, applies with read-back, then re-plans empty with exactly 3 reads per bucket and no write', async () => {
    for (const b of ['eng-a', 'eng-b', 'eng-untouched']) emu().seed.createBucket(b);
    const client = ossClient(emu());
    const cfg = await config(YAML);
    const plan = await runConfig(cfg, { mode: 'plan', clientFor: () => client });
    expect(plan.outcomes.map((o) => o.status)).toEqual(['pending', 'unchanged']);
    expect(plan.outcomes[0]!.sections.map((s) => [s.section, s.action])).toEqual([['website', 'create'], ['cors', 'create'], ['referer', 'update']]);
    expect(writes()).toEqual([]);

    const applied = await runConfig(cfg, { mode: 'apply', clientFor: () => client });
    expect(applied.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(applied.outcomes[0]!.sections.every((s) => s.applied && s.verified)).toBe(true);
    const website = await getBucketWebsite(client, { bucket: 'eng-a' });
    expect(website.routingRules?.[0]?.redirect.mirrorURL).toBe('http://127.0.0.1:9/');
    expect((await getBucketCors(client, { bucket: 'eng-a' })).rules[0]!.allowedOrigin).toEqual(['https://www.example.com']);
    expect((await getBucketReferer(client, { bucket: 'eng-a' })).allowEmptyReferer).toBe(false);

    emu().resetLog();
    const again = await runConfig(cfg, { mode: 'apply', clientFor: () => client });
    expect(again.outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(writes()).toEqual([]);
    const reads = emu().requestLog().filter((e) => e.bucket === 'eng-a').map((e) => e.op).sort();
    expect(reads).toEqual(['GetBucketCors', 'GetBucketReferer', 'GetBucketWebsite']);
    expect(emu().requestLog().some((e) => e.bucket === 'eng-untouched')).toBe(false);
  });

  it('rolls back to the exact before-state from the report', async () => {
    const client = ossClient(emu());
    emu().seed.createBucket('eng-rb');
    const first = await config(`version: 1\nbuckets:\n  eng-rb:\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET, HEAD], maxAgeSeconds: 60}]\n    referer: {allowEmptyReferer: true, refererList: ['a.example.com']}\n`);
    await runConfig(first, { mode: 'apply', clientFor: () => client });
    const beforeCors = await getBucketCors(client, { bucket: 'eng-rb' });
    const beforeReferer = await getBucketReferer(client, { bucket: 'eng-rb' });
    const second = await config(`version: 1\nbuckets:\n  eng-rb:\n    website: {indexDocument: {suffix: index.html}}\n    cors: null\n    referer: {allowEmptyReferer: false, refererList: ['b.example.com']}\n`);
    const report = buildRunReport(await runConfig(second, { mode: 'apply', clientFor: () => client }));
    expect(report.ok).toBe(true);
    await expect(getBucketCors(client, { bucket: 'eng-rb' })).rejects.toMatchObject({ code: 'NoSuchCORSConfiguration' });
    const back = await runConfig(rollbackConfig(report), { mode: 'apply', clientFor: () => client });
    expect(back.outcomes[0]!.status).toBe('applied');
    expect(await getBucketCors(client, { bucket: 'eng-rb' })).toEqual(beforeCors);
    expect(await getBucketReferer(client, { bucket: 'eng-rb' })).toEqual(beforeReferer);
    await expect(getBucketWebsite(client, { bucket: 'eng-rb' })).rejects.toMatchObject({ code: 'NoSuchWebsiteConfiguration' });
  });

  it('starts no bucket once the run\'s deadline has passed, and says so per bucket', async () => {
    emu().resetLog();
    const r = await runConfig(await config(YAML), { mode: 'apply', clientFor: () => ossClient(emu()), call: { deadline: Date.now() - 1 } });
    expect(r.outcomes.map((o) => [o.status, o.error?.code])).toEqual([['failed', 'DEADLINE_EXCEEDED'], ['failed', 'DEADLINE_EXCEEDED']]);
    expect(emu().requestLog()).toEqual([]);
  });

  it('locates buckets without a region (GetBucketLocation) only when neither the file nor defaults give one', async () => {
    emu().seed.createBucket('loc-a');
    const client = ossClient(emu());
    emu().resetLog();
    const located = await resolveBucketRegions(await config('version: 1\nbuckets:\n  loc-a: {referer: null}\n  loc-b: {region: cn-beijing, referer: null}\n  loc-missing: {referer: null}\n'), client);
    expect(located.buckets.map((b) => [b.name, b.region])).toEqual([['loc-a', 'cn-hangzhou'], ['loc-b', 'cn-beijing'], ['loc-missing', undefined]]);
    expect(emu().requestLog().map((e) => [e.op, e.bucket])).toEqual(expect.arrayContaining([['GetBucketLocation', 'loc-a'], ['GetBucketLocation', 'loc-missing']]));
    expect(emu().requestLog()).toHaveLength(2);
    emu().resetLog();
    await resolveBucketRegions(await config('version: 1\ndefaults: {region: cn-shanghai}\nbuckets:\n  loc-a: {referer: null}\n'), client);
    expect(emu().requestLog()).toEqual([]);
  });

  it('shows the pre-flight in a plan (without writing), and a drift report does not probe origins', async () => {
    emu().seed.createBucket('eng-pf');
    const calls: string[] = [];
    const preflight: Preflight = async (bucket, rules) => {
      calls.push(bucket);
      return rules.map((r) => ({ ruleIndex: r.index, ok: false, code: 'ORIGIN_TCP', message: 'connection refused' }));
    };
    const cfg = await config("version: 1\nbuckets:\n  eng-pf:\n    website:\n      routingRules:\n        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: 'http://127.0.0.1:9/'}\n");
    emu().resetLog();
    const plan = await runConfig(cfg, { mode: 'plan', clientFor: () => ossClient(emu()), preflight });
    expect(calls).toEqual(['eng-pf']);
    expect(plan.outcomes[0]).toMatchObject({ status: 'pending', preflight: [{ ruleIndex: 0, ok: false, code: 'ORIGIN_TCP' }] });
    const report = buildRunReport(plan);
    expect(report).toMatchObject({ ok: false, changesPending: true });
    expect(report.items.find((i) => i.code === 'PREFLIGHT_RESULT')).toMatchObject({ status: 'fail', message: 'ORIGIN_TCP: connection refused' });
    const drift = await runConfig(cfg, { mode: 'drift', driftAction: 'report', clientFor: () => ossClient(emu()), preflight });
    expect(drift.outcomes[0]).toMatchObject({ status: 'pending' });
    expect(drift.outcomes[0]!.preflight).toBeUndefined();
    expect(calls).toEqual(['eng-pf']);
    expect(writes()).toEqual([]);
  });
});
