import { beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { rollbackConfig } from '../../../shared/apply/index.ts';
import { LEASE_EXPIRY_MARGIN_MS, type LeaseRecord } from '../../../shared/state/lease.ts';
import { readJson, writeJson } from '../../../shared/state/oss-json.ts';
import { getBucketCors, getBucketReferer, listObjectsV2Page, putBucketCors } from '../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const REPORTS = 'l-reports';

function handlerWith(timeoutSeconds: number, env: Record<string, string> = {}) {
  const h = createApplyConfigHandler({
    env,
    reportsLocation: `oss://${REPORTS}/r/`,
    connection: { endpoint: emu().endpoint, region: emu().region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: emu().accessKeyId, accessKeySecret: emu().accessKeySecret }) },
    backoffMs: 1,
    write: () => {},
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `t-${Math.random().toString(16).slice(2)}`, region: 'cn-hangzhou', function: { name: 'apply-config', timeout: timeoutSeconds } }) as Promise<any>;
}

const CORS = "\n    cors:\n      rules: [{allowedOrigin: ['https://new.example.com'], allowedMethod: [GET]}]\n";
const REFERER = '    referer: {allowEmptyReferer: false, refererList: [new.example.com]}\n';

/** Starts `run` while `op` on `bucket` hangs 1.5 s; answers the report stored by then (what a run killed there leaves) and the run's answer. */
async function storedWhileHanging(op: string, bucket: string, run: () => Promise<any>): Promise<{ key: string; running: any; done: any; answeredWrites: string[] }> {
  const client = ossClient(emu());
  const runs = async () => (await listObjectsV2Page(client, { bucket: REPORTS, prefix: 'r/apply-config/2' })).contents.map((o) => o.key);
  const earlier = new Set(await runs());
  emu().faults.set({ op, bucket, latencyMs: 1500 });
  emu().resetLog();
  try {
    const answer = run();
    let key: string | undefined;
    for (let i = 0; i < 100 && !key; i++) {
      await new Promise((r) => setTimeout(r, 20));
      key = (await runs()).find((k) => !earlier.has(k));
    }
    expect(key).toBeDefined();
    const running = await readJson<any>(client, REPORTS, key!);
    // the emulator logs a request once answered: the writes answered before the report was read
    const answeredWrites = emu().requestLog().filter((e) => e.op.startsWith('PutBucket') || e.op.startsWith('DeleteBucket')).map((e) => e.op);
    return { key: key!, running, done: await answer, answeredWrites };
  } finally {
    emu().faults.clear();
  }
}

describe('apply-config leases and before-states', () => {
  beforeAll(() => {
    emu().seed.createBucket(REPORTS);
  });

  it('takes a bucket\'s lease until the invocation\'s FC timeout plus a margin (not a fixed 10 minutes), naming the run', async () => {
    emu().seed.createBucket('ttl-bucket');
    const report = await handlerWith(120)({ command: 'apply', configText: `version: 1\nbuckets:\n  ttl-bucket:${CORS}` });
    expect(report.ok).toBe(true);
    const record = await readJson<LeaseRecord>(ossClient(emu()), REPORTS, 'r/_state/leases/apply-config/ttl-bucket/000000000001.json');
    expect(record).toMatchObject({ runId: report.runId, released: true });
    const ttl = Date.parse(record!.expiresAt) - Date.parse(record!.acquiredAt);
    expect(ttl).toBeGreaterThan(120_000 + LEASE_EXPIRY_MARGIN_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(120_000 + LEASE_EXPIRY_MARGIN_MS);
  });

  it('keeps a queued (webhook) apply\'s once-lease only until the invocation\'s timeout plus the margin, so FC\'s retry of a timed-out invocation does the work', async () => {
    emu().seed.createBucket('once-ttl-bucket');
    const runId = '20261206T000000Z-0aa0bb';
    const answer = await handlerWith(90)({ command: 'apply', source: 'webhook', runId, configText: `version: 1\nbuckets:\n  once-ttl-bucket:${CORS}` });
    expect(answer).toMatchObject({ runId, ran: true, ok: true });
    const record = await readJson<LeaseRecord>(ossClient(emu()), REPORTS, `r/_state/invocations/apply-config/apply-${runId}/lease/000000000001.json`);
    const ttl = Date.parse(record!.expiresAt) - Date.parse(record!.acquiredAt);
    expect(ttl).toBeGreaterThan(90_000 + LEASE_EXPIRY_MARGIN_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(90_000 + LEASE_EXPIRY_MARGIN_MS);
  });

  it('stores the run\'s report, running, with every section\'s before-state before the first section is written; completes it at the end', async () => {
    emu().seed.createBucket('journal-bucket');
    const client = ossClient(emu());
    await putBucketCors(client, { bucket: 'journal-bucket', config: { rules: [{ allowedOrigin: ['https://old.example.com'], allowedMethod: ['GET'] }] } });
    const { key, running, done, answeredWrites } = await storedWhileHanging('PutBucketCors', 'journal-bucket', () => handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  journal-bucket:${CORS}${REFERER}` }));
    expect(answeredWrites).toEqual([]);
    expect(running).toMatchObject({ running: true, ok: false, errors: [{ code: 'RUN_INCOMPLETE' }] });
    expect(running.items.map((i: any) => [i.code, i.target, i.data.writing, i.data.applied])).toEqual([
      ['SECTION_WRITING', 'cors', true, false], ['SECTION_WRITING', 'referer', true, false],
    ]);
    expect(running.items[0].data.before).toEqual({ rules: [{ allowedOrigin: ['https://old.example.com'], allowedMethod: ['GET'] }] });
    // a killed run's report rolls back every section it was writing
    const back = rollbackConfig(running);
    expect(back.buckets).toEqual([expect.objectContaining({ name: 'journal-bucket', cors: { mode: 'replace', config: running.items[0].data.before }, referer: running.items[1].data.before })]);

    expect(done).toMatchObject({ ok: true, runId: running.runId, startedAt: running.startedAt });
    expect(done.running).toBeUndefined();
    expect(await readJson<any>(client, REPORTS, key)).toEqual(done);
  });

  it('keeps as before-state what the bucket held when this run took its lease, not what its first read saw', async () => {
    emu().seed.createBucket('race-bucket');
    const client = ossClient(emu());
    const cors = (origin: string) => ({ rules: [{ allowedOrigin: [origin], allowedMethod: ['GET'] }] });
    await putBucketCors(client, { bucket: 'race-bucket', config: cors('https://x.example.com') });
    // taking the lease is slow: another writer changes the bucket between this run's first read and its lease
    emu().faults.set({ op: 'ListObjectsV2', bucket: REPORTS, latencyMs: 700 });
    emu().resetLog();
    try {
      const run = handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  race-bucket:${CORS}` });
      for (let i = 0; i < 200 && !emu().requestLog().some((e) => e.op === 'GetBucketCors' && e.bucket === 'race-bucket'); i++) await new Promise((r) => setTimeout(r, 10));
      await putBucketCors(client, { bucket: 'race-bucket', config: cors('https://y.example.com') });
      const report = await run;
      expect(report.ok).toBe(true);
      expect(report.items).toEqual([expect.objectContaining({ code: 'SECTION_UPDATED', data: expect.objectContaining({ before: cors('https://y.example.com') }) })]);
    } finally {
      emu().faults.clear();
    }
  });

  it('rolls back a killed run only where the bucket still holds what it was writing: a section another run changed since is left alone', async () => {
    emu().seed.createBucket('killed-bucket');
    const client = ossClient(emu());
    const old = { rules: [{ allowedOrigin: ['https://old.example.com'], allowedMethod: ['GET'] }] };
    await putBucketCors(client, { bucket: 'killed-bucket', config: old });
    const { key, running } = await storedWhileHanging('PutBucketCors', 'killed-bucket', () => handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  killed-bucket:${CORS}${REFERER}` }));
    expect(running.items.map((i: any) => [i.target, i.data.writing])).toEqual([['cors', true], ['referer', true]]);
    // the run is killed there: its report stays as it was stored while the write hung
    await writeJson(client, REPORTS, key, running);
    // then another run sets the Referer whitelist (what the killed run may never have written)
    const later = { allowEmptyReferer: false, allowTruncateQueryString: true, refererList: ['https://later.example.com/*'] };
    expect(await handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  killed-bucket:\n    referer: {allowEmptyReferer: false, refererList: ['https://later.example.com/*']}\n` })).toMatchObject({ ok: true });
    const back = await handlerWith(60)({ command: 'rollback', runId: running.runId });
    expect(back.items.map((i: any) => [i.code, i.target])).toEqual([['SECTION_UPDATED', 'cors'], ['ROLLBACK_SECTION_KEPT', 'referer'], ['DRIFT_HOLD_PLACED', undefined]]);
    expect(await getBucketCors(client, { bucket: 'killed-bucket' })).toEqual(old);
    expect(await getBucketReferer(client, { bucket: 'killed-bucket' })).toMatchObject(later);
  });

  it('applies a bucket whose lease OSS created while the answer was lost, instead of finding itself busy', async () => {
    emu().seed.createBucket('lost-lease-bucket');
    emu().faults.set({ op: 'PutObject', bucket: REPORTS, failNext: 1, kind: 'lost' });
    emu().resetLog();
    let report: any;
    try {
      report = await handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  lost-lease-bucket:${CORS}` });
    } finally {
      emu().faults.clear();
    }
    expect(emu().requestLog().find((e) => e.fault === 'lost')?.key).toMatch(/_state\/leases\/apply-config\/lost-lease-bucket\/0+1\.json$/);
    expect(report.items.map((i: any) => [i.code, i.target])).toEqual([['SECTION_CREATED', 'cors']]);
    expect(report.ok).toBe(true);
  });

  it('reports, with its before-state, a section OSS wrote while every answer to the write was lost', async () => {
    emu().seed.createBucket('lost-write-bucket');
    const client = ossClient(emu());
    const old = { rules: [{ allowedOrigin: ['https://old.example.com'], allowedMethod: ['GET'] }] };
    await putBucketCors(client, { bucket: 'lost-write-bucket', config: old });
    // each PutBucketCors takes effect and its answer is lost: the run's next attempt finds the bucket as desired
    emu().faults.set({ op: 'PutBucketCors', bucket: 'lost-write-bucket', failNext: 20, kind: 'lost' });
    let report: any;
    try {
      report = await handlerWith(60)({ command: 'apply', configText: `version: 1\nbuckets:\n  lost-write-bucket:${CORS}` });
    } finally {
      emu().faults.clear();
    }
    expect(report.items.map((i: any) => [i.code, i.target])).toEqual([['SECTION_UPDATED', 'cors']]);
    expect(report.items[0].data).toMatchObject({ applied: true, before: old });
    // and so the run can be rolled back
    const back = await handlerWith(60)({ command: 'rollback', runId: report.runId });
    expect(back.items.map((i: any) => [i.code, i.target])).toEqual([['SECTION_UPDATED', 'cors'], ['DRIFT_HOLD_PLACED', undefined]]);
    expect(await getBucketCors(client, { bucket: 'lost-write-bucket' })).toEqual(old);
  });

  it('never puts a mirror auth secret in the running report', async () => {
    emu().seed.createBucket('journal-secret');
    const secret = 'journal-secret-value-91';
    const website = "\n    website:\n      routingRules:\n        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: 'https://o.example.com/', mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AK, accessKeySecret: '${env:OSSEDGE_SECRET_JOURNAL}'}}\n";
    const { running, done } = await storedWhileHanging('PutBucketWebsite', 'journal-secret', () => handlerWith(60, { OSSEDGE_SECRET_JOURNAL: secret })({ command: 'apply', configText: `version: 1\nbuckets:\n  journal-secret:${website}` }));
    expect(done).toMatchObject({ ok: true });
    expect(running.items.map((i: any) => i.code)).toEqual(['SECTION_WRITING']);
    expect(JSON.stringify(running)).not.toContain(secret);
  });
});
