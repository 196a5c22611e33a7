import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { createFcHandler } from '../../shared/fc/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { signGitHub, signOssedge } from '../../shared/hash/webhook-signature.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { rewritesOf } from '../shared/fc/webhook-rewrites.ts';
import { createMemoryDeliveryStore } from '../../shared/state/delivery-store.ts';

const SECRET = 'e2e-webhook-secret';
const body = JSON.stringify({ ref: 'refs/heads/main', config: 'oss://cfg/ossedge.yaml' });
const work: string[] = [];
const logs: string[] = [];
let runner: Runner;

beforeAll(async () => {
  const hook = createFcHandler((input) => {
    work.push(input.kind === 'http' ? (input as { webhook?: { source: string } }).webhook!.source : input.kind);
    return { statusCode: 202, body: { accepted: true } };
  }, { functionName: 'hook', write: (l) => logs.push(l), webhook: { secret: SECRET } });
  runner = await startRunner({ functions: [{ name: 'hook', handler: hook, timeout: 10, triggers: [{ name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' }] }] });
});
afterAll(() => runner.close());

async function send(headers: Record<string, string>, payload = body): Promise<number> {
  const res = await fetch(`${runner.url}/hook/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: payload });
  await res.arrayBuffer();
  return res.status;
}

const now = () => Math.floor(Date.now() / 1000);

describe('webhooks through the local runner', () => {
  it('GitHub: valid 202, wrong 401, replayed 401, missing 401, with handler work only for the valid one', async () => {
    const before = work.length;
    const sig = signGitHub(body, SECRET);
    expect(await send({ 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'e2e-gh-1', 'X-GitHub-Event': 'push' })).toBe(202);
    expect(await send({ 'X-Hub-Signature-256': signGitHub(body, 'wrong'), 'X-GitHub-Delivery': 'e2e-gh-2' })).toBe(401);
    expect(await send({ 'X-Hub-Signature-256': sig, 'X-GitHub-Delivery': 'e2e-gh-1' })).toBe(401);
    expect(await send({ 'X-GitHub-Delivery': 'e2e-gh-3' })).toBe(401);
    expect(work.slice(before)).toEqual(['github']);
  });

  it('GitLab/Codeup: valid 202, wrong 401, replayed 401, missing 401', async () => {
    const before = work.length;
    expect(await send({ 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'e2e-gl-1' })).toBe(202);
    expect(await send({ 'X-Gitlab-Token': 'nope', 'X-Gitlab-Event-UUID': 'e2e-gl-2' })).toBe(401);
    expect(await send({ 'X-Gitlab-Token': SECRET, 'X-Gitlab-Event-UUID': 'e2e-gl-1' })).toBe(401);
    expect(await send({ 'X-Gitlab-Event': 'Push Hook' })).toBe(401);
    expect(work.slice(before)).toEqual(['gitlab']);
  });

  it('ossedge: valid 202, wrong 401, stale 401, replayed 401, missing 401', async () => {
    const before = work.length;
    const valid = signOssedge(body, SECRET, now());
    expect(await send({ 'X-Ossedge-Signature': valid })).toBe(202);
    expect(await send({ 'X-Ossedge-Signature': signOssedge(body, 'wrong', now()) })).toBe(401);
    expect(await send({ 'X-Ossedge-Signature': signOssedge(body, SECRET, now() - 301) })).toBe(401);
    expect(await send({ 'X-Ossedge-Signature': valid })).toBe(401);
    expect(await send({})).toBe(401);
    expect(work.slice(before)).toEqual(['ossedge']);
  });

  it('answers refusals with a JSON 401 that names no reason and logs no secret', async () => {
    const res = await fetch(`${runner.url}/hook/`, { method: 'POST', body, headers: { 'X-Gitlab-Token': 'guess' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: 'request is not authenticated' } });
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(logs.some((l) => JSON.parse(l).msg === 'webhook refused')).toBe(true);
  });
});

// apply-config itself, twice: two function instances (own memory, own clients) sharing one OSS, as FC scales out
describe('apply-config instances sharing the delivery store in OSS', () => {
  const APPLY_SECRET = 'apply-webhook-secret';
  const PREVIOUS = 'apply-webhook-secret-previous';
  const push = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'team/site' }, commits: [] });
  let emu: EmulatorHandle;
  let apply: Runner;
  const stagingDeliveries = createMemoryDeliveryStore();

  beforeAll(async () => {
    emu = await startEmulator({ dataPlane: false });
    for (const b of ['wh-config', 'wh-reports', 'wh-site']) emu.seed.createBucket(b);
    emu.seed.putObject('wh-config', 'ossedge.yaml', 'version: 1\nbuckets:\n  wh-site:\n    cors:\n      rules: [{allowedOrigin: [\'*\'], allowedMethod: [GET]}]\n');
    const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
    const instance = () => createApplyConfigHandler({
      env: {}, configLocation: 'oss://wh-config/ossedge.yaml', reportsLocation: 'oss://wh-reports/runs/',
      webhookSecret: APPLY_SECRET, webhookPreviousSecret: PREVIOUS,
      connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
      clientTuning: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 } },
      invoker: (ctx) => invokerFromContext(ctx, { endpoint: apply.url }),
      backoffMs: 5, write: () => {},
    });
    const fn = (name: string, handler = instance()) => ({
      name, handler, timeout: 60,
      triggers: [
        { name: 'webhook', type: 'http' as const, methods: ['POST'], authType: 'anonymous' as const },
        { name: 'drift', type: 'timer' as const, cronExpression: '0 0 * * * *', enable: true, payload: '{"driftAction":"report"}' },
      ],
    });
    // an instance whose FC invoke API refuses connections (port 9 on loopback: nothing listens)
    const unqueued = fn('apply-dead', createApplyConfigHandler({
      env: {}, configLocation: 'oss://wh-config/ossedge.yaml', reportsLocation: 'oss://wh-reports/runs/', webhookSecret: APPLY_SECRET,
      connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
      invoker: (ctx) => invokerFromContext(ctx, { endpoint: 'http://127.0.0.1:9' }), write: () => {},
    }));
    // an instance whose config staging fails (its reports bucket does not exist), deliveries kept in memory
    const staging = fn('apply-stage', createApplyConfigHandler({
      env: {}, configLocation: 'oss://wh-config/ossedge.yaml', reportsLocation: 'oss://wh-missing/runs/', webhookSecret: APPLY_SECRET,
      deliveries: stagingDeliveries, connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
      invoker: (ctx) => invokerFromContext(ctx, { endpoint: apply.url }), write: () => {},
    }));
    const noReports = fn('apply-noreports', createApplyConfigHandler({
      env: {}, configLocation: 'oss://wh-config/ossedge.yaml', webhookSecret: APPLY_SECRET,
      connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
      invoker: (ctx) => invokerFromContext(ctx, { endpoint: apply.url }), write: () => {},
    }));
    apply = await startRunner({ functions: [fn('apply-a'), fn('apply-b'), unqueued, staging, noReports], fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10] });
  });
  afterAll(async () => {
    await apply?.close();
    await emu?.close();
  });

  async function post(fn: string, headers: Record<string, string>): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${apply.url}/${fn}/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: push });
    const answer = await res.json() as { error?: { code?: string } };
    return { status: res.status, ...(answer.error?.code ? { code: answer.error.code } : {}) };
  }
  const queued = () => apply.invocations().filter((r) => r.kind === 'async').length;
  /** Two answers to one delivery: both 202 with the same run, one marked duplicate, one run queued since `before`. */
  const expectOneRun = async (answers: Response[], before: number) => {
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ runId: string; duplicate?: boolean }>));
    expect(bodies.filter((b) => b.duplicate === true)).toHaveLength(1);
    expect(bodies[0]!.runId).toBe(bodies[1]!.runId);
    expect(queued() - before).toBe(1);
  };

  it('queues exactly one run for a captured header and its five rewrites, sent to either instance', async () => {
    const before = queued();
    const captured = signOssedge(push, APPLY_SECRET, Math.floor(Date.now() / 1000));
    const headers = [captured, captured, ...Object.values(rewritesOf(captured))];
    const statuses: number[] = [];
    for (const [i, h] of headers.entries()) statuses.push((await post(i % 2 ? 'apply-b' : 'apply-a', { 'X-Ossedge-Signature': h })).status);
    await apply.idle(30_000);
    expect(statuses).toEqual([202, ...headers.slice(1).map(() => 401)]);
    expect(queued() - before).toBe(1);
  });

  it('lets one of two instances run the same GitHub delivery sent to both at once; the other answers with that run', async () => {
    const before = queued();
    const sig = { 'X-Hub-Signature-256': signGitHub(push, APPLY_SECRET), 'X-GitHub-Event': 'push' };
    const send = (fn: string, delivery: string) => fetch(`${apply.url}/${fn}/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...sig, 'X-GitHub-Delivery': delivery }, body: push });
    const answers = await Promise.all([send('apply-a', '8f4e0c10-0000-4000-8000-00000000000a'), send('apply-b', '8F4E0C10-0000-4000-8000-00000000000A')]);
    await apply.idle(30_000);
    // a validly signed redelivery is never 401 (GitOps): the same run, marked duplicate
    await expectOneRun(answers, before);
  });

  it('accepts a signature made with OSSEDGE_WEBHOOK_SECRET_PREVIOUS once', async () => {
    const old = signOssedge(push, PREVIOUS, Math.floor(Date.now() / 1000));
    expect((await post('apply-a', { 'X-Ossedge-Signature': old })).status).toBe(202);
    expect((await post('apply-b', { 'X-Ossedge-Signature': old })).status).toBe(401);
    await apply.idle(30_000);
  });

  it('answers 503 STATE_UNAVAILABLE and queues nothing while the store cannot be written, then accepts the retry', async () => {
    const before = queued();
    // t differs from the earlier test's (same body, same secret): within one second both would be one signature
    const header = { 'X-Ossedge-Signature': signOssedge(push, APPLY_SECRET, Math.floor(Date.now() / 1000) - 7) };
    emu.faults.set({ op: 'PutObject', bucket: 'wh-reports', errorRate: 1 });
    try {
      expect(await post('apply-a', header)).toEqual({ status: 503, code: 'STATE_UNAVAILABLE' });
    } finally {
      emu.faults.set([]);
    }
    expect(queued() - before).toBe(0);
    expect((await post('apply-b', header)).status).toBe(202);
    await apply.idle(30_000);
    expect(queued() - before).toBe(1);
  });

  it('accepts, and queues once, a delivery whose record OSS created but whose answer was lost', async () => {
    const before = queued();
    // a time no other test signs with (the same body and second would be the same delivery)
    const header = { 'X-Ossedge-Signature': signOssedge(push, APPLY_SECRET, Math.floor(Date.now() / 1000) - 17) };
    // the create takes effect, then the connection drops: the old store answered 503 ("retry later"),
    // and every retry was then refused as a replay (401) with nothing ever queued
    emu.faults.set({ op: 'PutObject', bucket: 'wh-reports', failNext: 1, kind: 'lost' });
    emu.resetLog();
    try {
      expect(await post('apply-a', header)).toEqual({ status: 202 });
    } finally {
      emu.faults.set([]);
    }
    expect(emu.requestLog().find((e) => e.op === 'PutObject')).toMatchObject({ fault: 'lost' });
    expect((await post('apply-b', header)).status).toBe(401);
    await apply.idle(30_000);
    expect(queued() - before).toBe(1);
  });

  it('records the first run id of a delivery, and marks it failed when the run could not be queued', async () => {
    const ok = await fetch(`${apply.url}/apply-a/`, {
      method: 'POST', body: push,
      headers: { 'Content-Type': 'application/json', 'X-Gitlab-Token': APPLY_SECRET, 'Idempotency-Key': '1d6a0f4e-0000-4000-8000-0000000000b1' },
    });
    expect(ok.status).toBe(202);
    const { runId } = await ok.json() as { runId: string };
    await apply.idle(30_000);
    const record = JSON.parse(String(await emu.seed.readObject('wh-reports', 'runs/_state/deliveries/gitlab/1d6a0f4e-0000-4000-8000-0000000000b1.json')));
    // the run notes what it became (queued → running → succeeded)
    expect(record).toMatchObject({ key: 'gitlab/1d6a0f4e-0000-4000-8000-0000000000b1', runId, state: 'succeeded' });

    expect((await post('apply-dead', { 'X-Hub-Signature-256': signGitHub(push, APPLY_SECRET), 'X-GitHub-Delivery': 'dead-1' })).status).toBe(500);
    const failed = JSON.parse(String(await emu.seed.readObject('wh-reports', 'runs/_state/deliveries/github/dead-1.json')));
    expect(failed).toMatchObject({ key: 'github/dead-1', state: 'failed' });
  });

  it('marks a delivery failed when its config could not be staged for the run (nothing queued)', async () => {
    const before = queued();
    // over the 100 KB an async invocation carries inline: staged in the reports bucket first
    const big = JSON.stringify({ configText: `version: 1\nbuckets:\n  wh-site:\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]\n${'#'.repeat(120 * 1024)}\n` });
    const res = await fetch(`${apply.url}/apply-stage/`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json', 'X-Gitlab-Token': APPLY_SECRET, 'Idempotency-Key': 'stage-1' } });
    expect(res.status).toBe(500);
    await apply.idle(30_000);
    expect(queued() - before).toBe(0);
    expect(await stagingDeliveries.claim('gitlab/stage-1', 60_000)).toMatchObject({ first: false, record: { state: 'failed' } });
  });

  it('refuses a config too large to queue without OSSEDGE_REPORTS before recording the delivery (a resend is refused the same way, not as a replay)', async () => {
    const big = JSON.stringify({ configText: `version: 1\nbuckets:\n  wh-site:\n    referer: null\n${'#'.repeat(120 * 1024)}\n` });
    const send = () => fetch(`${apply.url}/apply-noreports/`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json', 'X-Gitlab-Token': APPLY_SECRET, 'Idempotency-Key': 'noreports-1' } })
      .then(async (r) => ({ status: r.status, code: ((await r.json()) as { error?: { code?: string } }).error?.code }));
    expect(await send()).toEqual({ status: 400, code: 'CONFIG_TOO_LARGE' });
    expect(await send()).toEqual({ status: 400, code: 'CONFIG_TOO_LARGE' });
  });

  it('runs a failed GitHub delivery again once when its redelivery reaches two instances at once', async () => {
    const sig = { 'X-Hub-Signature-256': signGitHub(push, APPLY_SECRET), 'X-GitHub-Event': 'push' };
    const send = (fn: string) => fetch(`${apply.url}/${fn}/`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...sig, 'X-GitHub-Delivery': 'failed-race-1' }, body: push });
    expect((await send('apply-dead')).status).toBe(500);
    const before = queued();
    const answers = await Promise.all([send('apply-a'), send('apply-b')]);
    await apply.idle(30_000);
    await expectOneRun(answers, before);
  });

  it('sweeps delivery records older than twice the delivery TTL on the drift timer, and only those', async () => {
    const DAY = 24 * 3600_000;
    emu.seed.putObject('wh-reports', 'runs/_state/deliveries/github/swept-1.json', '{}', { lastModified: Date.now() - 3 * DAY });
    emu.seed.putObject('wh-reports', 'runs/_state/deliveries/github/kept-1.json', '{}', { lastModified: Date.now() - DAY });
    apply.fireTimer('apply-a', 'drift');
    await apply.idle(30_000);
    expect(await emu.seed.readObject('wh-reports', 'runs/_state/deliveries/github/swept-1.json')).toBeUndefined();
    expect(await emu.seed.readObject('wh-reports', 'runs/_state/deliveries/github/kept-1.json')).toBeDefined();
  });
});
