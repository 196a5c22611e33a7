// The apply engine without FC: the test hands runInvocation and acceptWebhook what the function would (real
// clients against the emulator, the real config reader, a memory delivery store) and drains the queue itself.
import { beforeAll, describe, expect, it } from 'vitest';
import { acceptWebhook, ApplyInputError, runInvocation, type ApplyInvocation } from '../../../shared/apply/index.ts';
import { loadConfigFrom } from '../../../shared/fc/config-source.ts';
import { getBucketCors } from '../../../shared/oss/index.ts';
import { createMemoryDeliveryStore, type DeliveryClaims } from '../../../shared/state/delivery-store.ts';
import { createClientCache } from '../../../shared/state/oss-clients.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const TEXT = "version: 1\nbuckets:\n  inv-a:\n    cors:\n      rules:\n        - {allowedOrigin: ['https://a.example.com'], allowedMethod: [GET]}\n";

function invocation(extra: Partial<ApplyInvocation['settings']> = {}) {
  const clients = createClientCache({ endpoint: emu().endpoint, region: emu().region, internal: false });
  clients.use({ getCredentials: async () => ({ accessKeyId: emu().accessKeyId, accessKeySecret: emu().accessKeySecret }) });
  const queued: Array<{ payload: Record<string, unknown>; invocationId: string }> = [];
  const logged: string[] = [];
  const store = createMemoryDeliveryStore();
  const inv: ApplyInvocation = {
    settings: { env: {}, reportsLocation: 'oss://inv-reports/r/', backoffMs: 1, ...extra },
    clients, loadConfig: loadConfigFrom, region: emu().region, owner: 'test-owner', log: { info: (m) => logged.push(m), warn: (m) => logged.push(m) },
    deliveries: () => store,
    queue: async (payload, invocationId) => queued.push({ payload, invocationId }),
  };
  return { inv, queued, logged, store };
}

/** Our own signed delivery, recorded in the store as the webhook layer records it (each key once). */
function ossedgeDelivery(store: ReturnType<typeof createMemoryDeliveryStore>, key: string): DeliveryClaims {
  return {
    source: 'ossedge', deliveryKey: key,
    claim: async (note) => {
      if (!(await store.claim(key, 60_000, note)).first) throw new Error('replayed');
    },
    claimOrReplay: (note) => store.claim(key, 60_000, note),
    note: (note) => store.note(key, note),
    takeOver: (failed, note) => store.takeOver(key, failed, note),
  };
}

describe('apply engine without FC', () => {
  beforeAll(() => {
    emu().seed.createBucket('inv-reports');
    emu().seed.createBucket('inv-a');
  });

  it('plans a direct invocation\'s config and logs the run, writing nothing to the bucket', async () => {
    const { inv, logged } = invocation();
    const report = (await runInvocation({ ...inv, payload: { command: 'plan', configText: TEXT }, timer: false })) as { ok: boolean; changesPending: boolean; mode: string };
    expect(report).toMatchObject({ ok: true, changesPending: true, mode: 'plan' });
    expect(logged).toContain('apply-config finished');
    await expect(getBucketCors(ossClient(emu()), { bucket: 'inv-a' })).rejects.toMatchObject({ code: 'NoSuchCORSConfiguration' });
  });

  // once per run id whatever FC's retries deliver: the function's idempotent middleware (test/functions/apply-config/handler.test.ts)
  it('accepts a webhook config, queues it once, and the queued run applies it and answers {runId, ran, ok}', async () => {
    const { inv, queued, store } = invocation();
    const request = { text: JSON.stringify({ configText: TEXT }), contentType: 'application/json', header: () => undefined, plan: false, delivery: ossedgeDelivery(store, 'sig-1') };
    const answer = await acceptWebhook({ ...inv, request });
    expect(answer).toMatchObject({ statusCode: 202, body: { accepted: true, buckets: 1 } });
    expect(queued).toHaveLength(1);
    const { payload, invocationId } = queued[0]!;
    expect(invocationId).toBe(`apply-${payload.runId}`);
    const first = await runInvocation({ ...inv, payload, timer: false });
    expect(first).toEqual({ runId: payload.runId, ran: true, ok: true });
    expect((await getBucketCors(ossClient(emu()), { bucket: 'inv-a' })).rules[0]!.allowedOrigin).toEqual(['https://a.example.com']);
    // the same signature again is a replay: refused before anything is queued
    await expect(acceptWebhook({ ...inv, request })).rejects.toThrow('replayed');
    expect(queued).toHaveLength(1);
  });

  it('refuses with ApplyInputError: a code, and a reason the function turns into its answer', async () => {
    const { inv, store } = invocation({ git: { path: 'ossedge.yaml', token: 't', provider: 'github', repository: 'o/r' } });
    const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => (e instanceof ApplyInputError ? `${e.code}/${e.reason}` : `other: ${String(e)}`));
    expect(await refusal(runInvocation({ ...inv, payload: { command: 'destroy' }, timer: false }))).toBe('UNKNOWN_COMMAND/invalid');
    expect(await refusal(runInvocation({ ...inv, payload: 'not an object', timer: false }))).toBe('BAD_PAYLOAD/invalid');
    expect(await refusal(runInvocation({ ...inv, payload: { command: 'rollback', runId: 'no-such-run' }, timer: false }))).toBe('NOT_FOUND/not-found');
    expect(await refusal(runInvocation({ ...inv, payload: { command: 'plan', configText: TEXT, bucket: 'not-in-file' }, timer: false }))).toBe('UNKNOWN_BUCKET/invalid');
    const body = { text: JSON.stringify({ configText: TEXT }), header: () => undefined, plan: false };
    expect(await refusal(acceptWebhook({ ...inv, request: { ...body, contentType: 'application/json', delivery: ossedgeDelivery(store, 'sig-2') } }))).toBe('GITOPS_ENABLED/conflict');
    const github = { ...ossedgeDelivery(store, 'gh-1'), source: 'github' };
    expect(await refusal(acceptWebhook({ ...inv, request: { ...body, contentType: 'application/x-www-form-urlencoded', delivery: github } }))).toBe('UNSUPPORTED_MEDIA_TYPE/unsupported');
  });
});
