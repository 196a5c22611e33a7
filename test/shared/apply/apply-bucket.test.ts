// One retry policy, against the emulator's injected faults: the OSS client is the one layer that sends a
// failed request again; a bucket round follows only a read-back that differs, and never resends a section
// that already holds the config. Requests are counted in the emulator's own request log.
import { describe, expect, it } from 'vitest';
import { loadConfig, type BucketConfig } from '../../../shared/config/index.ts';
import { runBucket, type AcquireLease } from '../../../shared/apply/index.ts';
import { acquireLease } from '../../../shared/state/lease.ts';
import { getBucketCors, putBucketCors } from '../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const CLIENT_ATTEMPTS = 3;
const client = () => ossClient(emu(), { retry: { maxAttempts: CLIENT_ATTEMPTS, baseDelayMs: 1, maxDelayMs: 5 } });

async function bucketConfig(name: string, body: string): Promise<BucketConfig> {
  const r = await loadConfig(`version: 1\nbuckets:\n  ${name}:\n${body}`);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.config.buckets[0]!;
}

const WEBSITE = '    website:\n      indexDocument: {suffix: index.html}\n';
const CORS_AND_REFERER = "    cors:\n      rules: [{allowedOrigin: ['https://www.example.com'], allowedMethod: [GET]}]\n    referer:\n      allowEmptyReferer: false\n      refererList: ['https://*.example.com']\n";

const requests = (bucket: string, op: string) => emu().requestLog().filter((e) => e.bucket === bucket && e.op === op);

describe('runBucket and the client: one retry layer per request', () => {
  it('a 503 on PutBucketWebsite is retried by the client only: one round, three PUTs, two reads', async () => {
    emu().seed.createBucket('rp-503');
    emu().faults.set({ op: 'PutBucketWebsite', bucket: 'rp-503', failNext: CLIENT_ATTEMPTS - 1, error: 'SlowDown' });
    try {
      const out = await runBucket({ client: client(), desired: await bucketConfig('rp-503', WEBSITE), write: true, env: {}, backoffMs: 1 });
      expect(out).toMatchObject({ status: 'applied', attempts: 1 });
    } finally {
      emu().faults.clear();
    }
    expect(requests('rp-503', 'PutBucketWebsite').map((e) => e.status)).toEqual([503, 503, 200]);
    expect(requests('rp-503', 'GetBucketWebsite')).toHaveLength(2); // the plan's read and the read-back, no second round
  });

  it('a 503 on every attempt fails the bucket after the client\'s attempts: no round sends it again', async () => {
    emu().seed.createBucket('rp-503-always');
    emu().faults.set({ op: 'PutBucketWebsite', bucket: 'rp-503-always', errorRate: 1, error: 'SlowDown' });
    let out;
    try {
      out = await runBucket({ client: client(), desired: await bucketConfig('rp-503-always', WEBSITE), write: true, env: {}, backoffMs: 1 });
    } finally {
      emu().faults.clear();
    }
    expect(out).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'OSS_SLOW_DOWN', op: 'PutBucketWebsite', status: 503 } });
    expect(out.sections).toEqual([expect.objectContaining({ section: 'website', applied: false, unconfirmed: true })]);
    // was 3 attempts × 4 bucket rounds = 12 before the rounds stopped retrying what the client retries
    expect(requests('rp-503-always', 'PutBucketWebsite')).toHaveLength(CLIENT_ATTEMPTS);
    // the plan's read and the one read that settles whether the unanswered write landed
    expect(requests('rp-503-always', 'GetBucketWebsite')).toHaveLength(2);
  });

  it('a read-back that differs starts a round that resends only the section that still differs', async () => {
    const bucket = 'rp-readback';
    emu().seed.createBucket(bucket);
    const other = client();
    const theirs = { rules: [{ allowedOrigin: ['https://other-writer.example.com'], allowedMethod: ['PUT'] }] };
    // our PutBucketReferer is held back 400 ms; meanwhile another writer changes the CORS rules we just wrote
    emu().faults.set({ op: 'PutBucketReferer', bucket, latencyMs: 400 });
    emu().resetLog();
    let raced = false;
    const race = (async () => {
      for (let i = 0; i < 200 && !requests(bucket, 'PutBucketCors').some((e) => e.status === 200); i++) await new Promise((r) => setTimeout(r, 5));
      await putBucketCors(other, { bucket, config: theirs });
      raced = true;
    })();
    let out;
    try {
      out = await runBucket({ client: client(), desired: await bucketConfig(bucket, CORS_AND_REFERER), write: true, env: {}, backoffMs: 1 });
      await race;
    } finally {
      emu().faults.clear();
    }
    expect(raced).toBe(true);
    expect(out).toMatchObject({ status: 'applied', attempts: 2 });
    // ours twice (round 1, and round 2 after the read-back showed the other writer's rules), theirs once
    expect(requests(bucket, 'PutBucketCors').map((e) => e.status)).toEqual([200, 200, 200]);
    // the Referer write succeeded in round 1 and held in round 2's read: never sent again
    expect(requests(bucket, 'PutBucketReferer')).toHaveLength(1);
    expect((await getBucketCors(other, { bucket }))?.rules[0]?.allowedOrigin).toEqual(['https://www.example.com']);
  });

  it('a lease held by another run: a later round re-reads, asks again, and applies once that run is done', async () => {
    const bucket = 'rp-busy';
    emu().seed.createBucket(bucket);
    const state = client();
    const prefix = 'leases/rp-busy/';
    const theirs = await acquireLease(state, { bucket, prefix, owner: 'other-run', runId: 'other', ttlMs: 60_000 });
    if (!theirs.acquired) throw new Error('the other run did not get its lease');
    let asked = 0;
    const lease: AcquireLease = async () => {
      asked++;
      const got = await acquireLease(state, { bucket, prefix, owner: 'this-run', ttlMs: 60_000 });
      if (!got.acquired) {
        if (asked === 1) await theirs.lease.release(); // the other run finishes while this one waits
        return { busy: { runId: got.holder?.runId ?? '' } };
      }
      return { release: () => got.lease.release() };
    };
    const out = await runBucket({ client: client(), desired: await bucketConfig(bucket, CORS_AND_REFERER), write: true, env: {}, lease, backoffMs: 1 });
    expect(out).toMatchObject({ status: 'applied', attempts: 2 });
    expect(asked).toBe(2);
    expect(requests(bucket, 'PutBucketCors')).toHaveLength(1);
  });

  it('a lease held for every round: BUCKET_BUSY after the last round, nothing written', async () => {
    const bucket = 'rp-busy-long';
    emu().seed.createBucket(bucket);
    const state = client();
    const prefix = 'leases/rp-busy-long/';
    expect((await acquireLease(state, { bucket, prefix, owner: 'other-run', runId: 'holder-run', ttlMs: 60_000 })).acquired).toBe(true);
    const lease: AcquireLease = async () => {
      const got = await acquireLease(state, { bucket, prefix, owner: 'this-run', ttlMs: 60_000 });
      return got.acquired ? { release: () => got.lease.release() } : { busy: { runId: got.holder?.runId ?? '' } };
    };
    const out = await runBucket({ client: client(), desired: await bucketConfig(bucket, CORS_AND_REFERER), write: true, env: {}, lease, maxAttempts: 3, backoffMs: 1 });
    expect(out).toMatchObject({ status: 'busy', attempts: 3, error: { code: 'BUCKET_BUSY', message: expect.stringContaining('run holder-run') } });
    expect(out.sections.map((x) => [x.section, x.applied])).toEqual([['cors', false], ['referer', false]]);
    expect(requests(bucket, 'PutBucketCors')).toHaveLength(0);
    expect(requests(bucket, 'GetBucketCors')).toHaveLength(3); // one read per round, nothing else
  });
});
