import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryDeliveryStore, type DeliveryStore } from '../../../shared/state/delivery-store.ts';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { acquireLease } from '../../../shared/state/lease.ts';
import { queuedOnce, type Preflight } from '../../../shared/apply/index.ts';
import { beginOnce } from '../../../shared/state/idempotency.ts';
import { getBucketCors, getBucketWebsite } from '../../../shared/oss/index.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { writesIn } from './support.ts';

const emu = useEmulator({ dataPlane: false });

function handlerWith(extra: Partial<Parameters<typeof createApplyConfigHandler>[0]> = {}) {
  const h = createApplyConfigHandler({
    env: {},
    reportsLocation: 'oss://h-reports/r/',
    connection: { endpoint: emu().endpoint, region: emu().region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: emu().accessKeyId, accessKeySecret: emu().accessKeySecret }) },
    backoffMs: 1,
    write: () => {},
    ...extra,
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `t-${Math.random().toString(16).slice(2)}`, region: 'cn-hangzhou', function: { name: 'apply-config', timeout: 60 } }) as Promise<any>;
}

const mirrorConfig = (force = false) => `version: 1
buckets:
  pf-bucket:
    website:
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect: {redirectType: Mirror, mirrorURL: 'https://unreachable.example.com/'}
          sampleKeys: [img/a.png]
          ${force ? 'force: true' : ''}
`;

describe('apply-config handler (direct invocation)', () => {
  beforeAll(() => {
    emu().seed.createBucket('h-reports');
  });

  it('does not touch a bucket whose lease another run holds, and applies the others', async () => {
    for (const b of ['leased', 'free']) emu().seed.createBucket(b);
    const client = ossClient(emu());
    const held = await acquireLease(client, { bucket: 'h-reports', prefix: 'r/_state/leases/apply-config/leased/', owner: 'other-run', ttlMs: 60_000 });
    expect(held.acquired).toBe(true);
    const cors = "\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]\n";
    const report = await handlerWith()({ command: 'apply', configText: `version: 1\nbuckets:\n  leased:${cors}  free:${cors}` });
    expect(report.ok).toBe(false);
    expect(report.items.find((i: any) => i.bucket === 'leased')).toMatchObject({ code: 'BUCKET_BUSY', status: 'fail' });
    expect(report.items.find((i: any) => i.bucket === 'free')).toMatchObject({ code: 'SECTION_CREATED', status: 'ok' });
    await expect(getBucketCors(client, { bucket: 'leased' })).rejects.toMatchObject({ code: 'NoSuchCORSConfiguration' });
    if (held.acquired) await held.lease.release();
    const again = await handlerWith()({ command: 'apply', configText: `version: 1\nbuckets:\n  leased:${cors}` });
    expect(again).toMatchObject({ ok: true });
  });

  it('lets only one of two concurrent runs write a bucket (the other finds it busy or already equal)', async () => {
    emu().seed.createBucket('race-bucket');
    const text = "version: 1\nbuckets:\n  race-bucket:\n    cors:\n      rules: [{allowedOrigin: ['https://race.example.com'], allowedMethod: [GET]}]\n";
    emu().resetLog();
    const [a, b] = await Promise.all([handlerWith()({ command: 'apply', configText: text }), handlerWith()({ command: 'apply', configText: text })]);
    const puts = emu().requestLog().filter((e) => e.bucket === 'race-bucket' && e.op === 'PutBucketCors');
    expect(puts).toHaveLength(1);
    const codes = [a, b].map((r) => r.items[0].code).sort();
    expect([['BUCKET_BUSY', 'SECTION_CREATED'], ['BUCKET_UNCHANGED', 'SECTION_CREATED']]).toContainEqual(codes);
  });

  it('runs the injected pre-flight on new mirror rules: a failure blocks the bucket unless the rule says force', async () => {
    emu().seed.createBucket('pf-bucket');
    const seen: unknown[] = [];
    const preflight: Preflight = async (bucket, rules) => {
      seen.push({ bucket, rules: rules.map((r) => ({ index: r.index, url: r.rule.redirect.mirrorURL, sampleKeys: r.sampleKeys, force: r.force })) });
      return rules.map((r) => ({ ruleIndex: r.index, ok: false, code: 'ORIGIN_UNREACHABLE', message: 'no route to origin' }));
    };
    emu().resetLog();
    const blocked = await handlerWith({ preflight })({ command: 'apply', configText: mirrorConfig() });
    expect(seen).toEqual([{ bucket: 'pf-bucket', rules: [{ index: 0, url: 'https://unreachable.example.com/', sampleKeys: ['img/a.png'], force: false }] }]);
    expect(blocked.ok).toBe(false);
    expect(blocked.items.find((i: any) => i.code === 'BUCKET_FAILED')).toMatchObject({ bucket: 'pf-bucket', data: { errorCode: 'PREFLIGHT_FAILED' } });
    expect(blocked.items.find((i: any) => i.code === 'PREFLIGHT_RESULT')).toMatchObject({ status: 'fail', target: 'website.routingRules[0]' });
    expect(writesIn(emu(), ['pf-bucket'])).toEqual([]);
    const forced = await handlerWith({ preflight })({ command: 'apply', configText: mirrorConfig(true) });
    expect(forced.ok).toBe(true);
    expect(forced.items.find((i: any) => i.code === 'PREFLIGHT_RESULT')).toMatchObject({ status: 'warn' });
    expect(forced.items.find((i: any) => i.code === 'SECTION_CREATED')).toMatchObject({ bucket: 'pf-bucket', target: 'website' });
    expect((await getBucketWebsite(ossClient(emu()), { bucket: 'pf-bucket' })).routingRules).toHaveLength(1);
  });

  it('refuses a write run whose ${env:NAME} secret has no value, before any request to a bucket', async () => {
    emu().seed.createBucket('sec-bucket');
    const text = `version: 1\nbuckets:\n  sec-bucket:\n    website:\n      routingRules:\n        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: 'https://o.example.com/', mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AK, accessKeySecret: '\${env:OSSEDGE_SECRET_NOT_SET_HERE}'}}\n`;
    emu().resetLog();
    const out = await handlerWith()({ command: 'apply', configText: text });
    expect(out.error).toMatchObject({ code: 'CONFIG_SECRET_UNRESOLVED' });
    expect(out.error.message).toContain('OSSEDGE_SECRET_NOT_SET_HERE');
    expect(emu().requestLog().filter((e) => e.bucket === 'sec-bucket')).toEqual([]);
    const plan = await handlerWith()({ command: 'plan', configText: text });
    expect(plan).toMatchObject({ changesPending: true });
  });

  it('rolls back a deleted website with a mirror auth secret, and says the secret must be put again', async () => {
    emu().seed.createBucket('rb-secret');
    const env = { OSSEDGE_SECRET_RB: 'rb-secret-value-77' };
    const rule = "\n      routingRules:\n        - condition: {keyPrefixEquals: a/, httpErrorCodeReturnedEquals: 404}\n          redirect: {redirectType: Mirror, mirrorURL: 'https://o.example.com/', mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AK, accessKeySecret: '${env:OSSEDGE_SECRET_RB}'}}\n";
    const h = handlerWith({ env });
    expect(await h({ command: 'apply', configText: `version: 1\nbuckets:\n  rb-secret:\n    website:${rule}` })).toMatchObject({ ok: true });
    const removed = await h({ command: 'apply', configText: 'version: 1\nbuckets:\n  rb-secret:\n    website: null\n' });
    expect(removed.items[0]).toMatchObject({ code: 'SECTION_DELETED' });
    expect(JSON.stringify(removed)).not.toContain('rb-secret-value-77');
    const back = await h({ command: 'rollback', runId: removed.runId });
    expect(back).toMatchObject({ ok: true, rollbackOf: removed.runId });
    expect(back.items.map((i: any) => i.code)).toEqual(['SECTION_CREATED', 'DRIFT_HOLD_PLACED', 'ROLLBACK_SECRET_NOT_RESTORED']);
    const live = await getBucketWebsite(ossClient(emu()), { bucket: 'rb-secret' });
    expect(live.routingRules?.[0]?.redirect.mirrorURL).toBe('https://o.example.com/');
  });

  it('notes a queued run\'s delivery running before it and succeeded only once its report is stored; failed when the store fails the run', async () => {
    emu().seed.createBucket('dn-bucket');
    const notes: Array<{ state: string; requests: number }> = [];
    const memory = createMemoryDeliveryStore();
    // the real in-memory store, telling when each note came relative to the emulator's requests
    const deliveries: DeliveryStore = { ...memory, note: async (key, note) => {
      notes.push({ state: note.state!, requests: emu().requestLog().length });
      return memory.note(key, note);
    } };
    const payload = { command: 'plan', configText: "version: 1\nbuckets:\n  dn-bucket:\n    referer: {allowEmptyReferer: true, refererList: ['https://a.example.com']}\n", git: { deliveryKey: 'ossedge/dn-1' } };
    emu().resetLog();
    expect(await handlerWith({ deliveries })(payload)).toMatchObject({ ok: true, mode: 'plan' });
    const stored = emu().requestLog().findIndex((e) => e.method === 'PUT' && e.key === 'r/apply-config/latest.json');
    expect(stored).toBeGreaterThan(0);
    expect(notes.map((n) => n.state)).toEqual(['running', 'succeeded']);
    expect(notes[0]!.requests).toBe(0);
    expect(notes[1]!.requests).toBeGreaterThan(stored);

    notes.length = 0;
    await expect(handlerWith({ deliveries, reportsLocation: 'oss://dn-no-such-reports/r/' })(payload)).rejects.toMatchObject({ name: 'InternalError' });
    expect(notes.map((n) => n.state)).toEqual(['running', 'failed']);
    // what failed was the report's store (the run itself planned)
    const put = emu().requestLog().find((e) => e.bucket === 'dn-no-such-reports' && e.method === 'PUT');
    expect(put).toMatchObject({ key: expect.stringMatching(/^r\/apply-config\/.+\.json$/), status: 404 });
  });

  it('leaves a queued run\'s delivery alone when another attempt of its invocation holds the run: no failed note (a redelivery would run it twice)', async () => {
    emu().seed.createBucket('held-bucket');
    const notes: string[] = [];
    const memory = createMemoryDeliveryStore();
    const deliveries: DeliveryStore = { ...memory, note: async (key, note) => {
      notes.push(note.state!);
      return memory.note(key, note);
    } };
    const runId = '20261126T000000Z-0badc0ffee01';
    const payload = { command: 'apply', source: 'webhook', runId, configText: "version: 1\nbuckets:\n  held-bucket:\n    referer: {allowEmptyReferer: true, refererList: ['https://a.example.com']}\n", git: { deliveryKey: 'ossedge/held-1' } };
    // the first attempt of the invocation is still running: it holds the run id's once-lease
    const at = queuedOnce(payload, 'oss://h-reports/r/', undefined)!;
    const first = await beginOnce(ossClient(emu()), { ...at, owner: 'first-attempt', ttlMs: 60_000 });
    expect(first.reason).toBe('started');
    emu().resetLog();
    await expect(handlerWith({ deliveries })(payload)).rejects.toMatchObject({ name: 'InternalError' });
    expect(notes).toEqual([]);
    expect(emu().requestLog().filter((e) => e.op === 'PutBucketReferer')).toHaveLength(0);
  });

  it('runs a queued webhook apply once per run id, whatever FC\'s async retries deliver', async () => {
    emu().seed.createBucket('once-bucket');
    const payload = { command: 'apply', source: 'webhook', runId: '20261126T000000Z-abcdef', invocationId: 'apply-20261126T000000Z-abcdef', configText: "version: 1\nbuckets:\n  once-bucket:\n    referer: {allowEmptyReferer: false, refererList: ['a.example.com']}\n" };
    emu().resetLog();
    const first = await handlerWith()(payload);
    const again = await handlerWith()(payload);
    expect(first).toEqual({ runId: payload.runId, ran: true, ok: true });
    expect(again).toEqual({ runId: payload.runId, ran: false, ok: true });
    expect(emu().requestLog().filter((e) => e.op === 'PutBucketReferer')).toHaveLength(1);
    // stored twice by the one run that worked: running (the before-state, ahead of the write), then finished
    const log = emu().requestLog();
    const stored = log.flatMap((e, i) => (e.method === 'PUT' && e.key === `r/apply-config/${payload.runId}.json` ? [i] : []));
    expect(stored).toHaveLength(2);
    expect(stored[0]).toBeLessThan(log.findIndex((e) => e.op === 'PutBucketReferer'));
  });

  it('answers an unknown command or bucket with a 4xx-style error', async () => {
    expect((await handlerWith()({ command: 'destroy' })).error.code).toBe('UNKNOWN_COMMAND');
    const r = await handlerWith()({ command: 'plan', configText: 'version: 1\nbuckets:\n  free: {referer: null}\n', bucket: ['not-in-file'] });
    expect(r.error.code).toBe('UNKNOWN_BUCKET');
  });

  it('refuses a bad payload, drift action or rollback request with its own code and message, nothing run', async () => {
    const code = async (payload: unknown, extra = {}) => ((await handlerWith(extra)(payload)).error as { code: string; message: string });
    expect(await code([1, 2])).toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(await code({ command: 'drift', driftAction: 'delete', configText: 'version: 1\nbuckets: {}\n' })).toMatchObject({ code: 'BAD_DRIFT_ACTION' });
    expect(await code({ command: 'rollback' })).toMatchObject({ code: 'BAD_RUN_ID' });
    expect(await code({ command: 'rollback', runId: '../../etc/passwd' })).toMatchObject({ code: 'BAD_RUN_ID' });
    expect(await code({ command: 'rollback', runId: '20260101T000000Z-0123456789ab' })).toMatchObject({ code: 'NOT_FOUND', message: 'no report for run 20260101T000000Z-0123456789ab' });
    expect(await code({ command: 'rollback', runId: '20260101T000000Z-0123456789ab' }, { reportsLocation: undefined })).toMatchObject({ code: 'NOT_CONFIGURED' });
    expect(await code({ command: 'plan' }, { configLocation: undefined })).toMatchObject({ code: 'NOT_CONFIGURED' });
  });
});

describe('apply-config handler (log scrubbing)', () => {
  it('scrubs the git token and every OSSEDGE_SECRET_* value from its log lines, as it does the webhook secrets', async () => {
    const token = 'ghp_scrubme0123456789abcdefTOKEN';
    const secret = 'mirror-auth-scrubme-0123456789SECRET';
    const lines: string[] = [];
    const h = handlerWith({
      env: { OSSEDGE_SECRET_MIRROR: secret },
      git: { token, provider: 'github', repository: 'o/r', path: 'ossedge.yaml', api: 'http://127.0.0.1:9/' },
      write: (l) => lines.push(l),
    });
    // a refusal's message quotes the request, and the error handler logs it
    expect((await h({ command: token })).error.code).toBe('UNKNOWN_COMMAND');
    expect((await h({ command: secret })).error.code).toBe('UNKNOWN_COMMAND');
    const refused = lines.filter((l) => l.includes('request refused'));
    expect(refused).toHaveLength(2);
    for (const l of lines) {
      expect(l).not.toContain(token);
      expect(l).not.toContain(secret);
    }
    expect(refused.every((l) => l.includes('***'))).toBe(true);
  });
});
