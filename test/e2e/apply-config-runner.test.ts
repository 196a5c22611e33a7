import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { signGitHub, signOssedge } from '../../shared/hash/webhook-signature.ts';
import { getObject } from '../../shared/oss/index.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { aliOssClient, ossClient } from '../helpers/emulator.ts';
import { BAD_CASES, CLEAR_SECRET, textOf } from '../shared/config/fixtures.ts';
import { writesIn } from '../functions/apply-config/support.ts';

const SECRET = 'apply-config-webhook-secret';
const REPORTS = 'oss://ac-reports/runs/';
const TARGETS = ['hook-a', 'hook-b'];
const CONFIG = `version: 1
buckets:
  hook-a:
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: 'https://origin.example.com/'
            mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AKIDORIGIN, accessKeySecret: '\${env:OSSEDGE_SECRET_ORIGIN}'}
    cors:
      rules: [{allowedOrigin: ['https://www.example.com'], allowedMethod: [GET, HEAD]}]
    referer: {allowEmptyReferer: false, refererList: ['https://*.example.com']}
  hook-b:
    cors:
      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]
`;

let emu: EmulatorHandle;
let runner: Runner;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['ac-config', 'ac-reports', ...TARGETS]) emu.seed.createBucket(b);
  emu.seed.putObject('ac-config', 'ossedge.yaml', CONFIG);
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  const handler = createApplyConfigHandler({
    env: { OSSEDGE_SECRET_ORIGIN: 'origin-secret-value-9' },
    configLocation: 'oss://ac-config/ossedge.yaml',
    reportsLocation: REPORTS,
    webhookSecret: SECRET,
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    clientTuning: { retry: { maxAttempts: 6, baseDelayMs: 10, maxDelayMs: 100 } },
    invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }),
    backoffMs: 10,
    write: () => {},
  });
  runner = await startRunner({
    functions: [{
      name: 'apply-config', handler, timeout: 60,
      triggers: [
        { name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' },
        { name: 'drift-report', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{"driftAction":"report"}' },
        { name: 'drift', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{"mode":"apply","source":"timer"}' },
      ],
    }],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await emu?.close();
});

async function readReport(key: string): Promise<any> {
  const res = await getObject(ossClient(emu), { bucket: 'ac-reports', key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function post(body: string, headers: Record<string, string>, query = ''): Promise<Response> {
  return fetch(`${runner.url}/apply-config/${query}`, { method: 'POST', body, headers });
}
const ours = (body: string) => ({ 'X-Ossedge-Signature': signOssedge(body, SECRET, Math.floor(Date.now() / 1000)) });

describe('apply-config webhook through the FC runner', () => {
  it('answers a GitHub push with 202 and a run id within a second; the async apply stores its report', async () => {
    const push = async (delivery: string) => {
      const body = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'team/site' }, commits: [] });
      const t0 = performance.now();
      const res = await post(body, { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signGitHub(body, SECRET), 'X-GitHub-Delivery': delivery, 'X-GitHub-Event': 'push' });
      const ms = performance.now() - t0;
      expect(res.status).toBe(202);
      const answer = await res.json() as { runId: string; accepted: boolean };
      expect(answer).toMatchObject({ accepted: true, buckets: 2 });
      await runner.idle(30_000);
      return { ...answer, ms };
    };
    const first = await push('d-1'); // cold instance: loads the FC SDK for the first async invocation
    const report = await readReport(`runs/apply-config/${first.runId}.json`);
    expect(report).toMatchObject({ function: 'apply-config', runId: first.runId, ok: true, mode: 'apply', source: 'webhook' });
    expect(report.items.map((i: any) => `${i.bucket}/${i.target}:${i.code}`).sort()).toEqual([
      'hook-a/cors:SECTION_CREATED', 'hook-a/referer:SECTION_UPDATED', 'hook-a/website:SECTION_CREATED', 'hook-b/cors:SECTION_CREATED',
    ]);
    expect(JSON.stringify(report)).not.toContain('origin-secret-value-9');
    const cors = await (aliOssClient(emu) as any).getBucketCORS('hook-b');
    expect(cors.rules[0].allowedOrigin).toBe('*');

    const second = await push('d-2'); // warm instance
    expect(second.ms).toBeLessThan(1000);
    const again = await readReport(`runs/apply-config/${second.runId}.json`);
    expect(again).toMatchObject({ ok: true, summary: { buckets_unchanged: 2 } });
    expect((await readReport('runs/apply-config/latest.json')).runId).toBe(second.runId);
    expect(runner.invocations().filter((r) => r.kind === 'async').map((r) => [r.status, r.attempts])).toEqual([['succeeded', 1], ['succeeded', 1]]);
    console.log(`webhook 202: cold ${first.ms.toFixed(0)} ms, warm ${second.ms.toFixed(0)} ms`);
  });

  it('takes the config carried as an object, named by oss://, or too large to queue inline (staged under the reports)', async () => {
    emu.seed.createBucket('hook-c');
    const cfg = (origin: string) => ({ version: 1, buckets: { 'hook-c': { cors: { rules: [{ allowedOrigin: [origin], allowedMethod: ['GET'] }] } } } });
    const padded = `# ${'p'.repeat(120 * 1024)}\nversion: 1\nbuckets:\n  hook-c:\n    cors:\n      rules: [{allowedOrigin: ['https://three.example.com'], allowedMethod: [GET]}]\n`;
    emu.seed.putObject('ac-config', 'other.yaml', 'version: 1\nbuckets:\n  hook-c:\n    cors:\n      rules: [{allowedOrigin: [\'https://two.example.com\'], allowedMethod: [GET]}]\n');
    const bodies: Array<[string, string]> = [
      [JSON.stringify({ config: cfg('https://one.example.com') }), 'https://one.example.com'],
      [JSON.stringify({ config: 'oss://ac-config/other.yaml' }), 'https://two.example.com'],
      [padded, 'https://three.example.com'],
    ];
    for (const [body, origin] of bodies) {
      const res = await post(body, ours(body));
      expect(res.status).toBe(202);
      const { runId } = await res.json() as { runId: string };
      await runner.idle(30_000);
      expect(await readReport(`runs/apply-config/${runId}.json`)).toMatchObject({ ok: true, summary: { buckets_applied: 1 } });
      expect((await (aliOssClient(emu) as any).getBucketCORS('hook-c')).rules[0].allowedOrigin).toBe(origin);
    }
    const staged = emu.requestLog().filter((e) => e.op === 'PutObject' && e.key?.startsWith('runs/_state/apply-config/queued/'));
    expect(staged).toHaveLength(1);
  });

  it('answers ?mode=plan synchronously with the plan, writing nothing to the buckets', async () => {
    const body = JSON.stringify({ configText: CONFIG.replace("allowedOrigin: ['*']", "allowedOrigin: ['https://b.example.com']") });
    emu.resetLog();
    const res = await post(body, ours(body), '?mode=plan');
    expect(res.status).toBe(200);
    const report = await res.json() as any;
    expect(report).toMatchObject({ mode: 'plan', changesPending: true, ok: true });
    expect(report.items.find((i: any) => i.bucket === 'hook-b')).toMatchObject({ code: 'CHANGE_PENDING', target: 'cors', data: { action: 'update' } });
    expect(writesIn(emu, TARGETS)).toEqual([]);
  });

  it.each(BAD_CASES.map((c) => [c.name, c] as const))('refuses a bad config (%s) with 400 naming the path, and writes nothing', async (_n, c) => {
    emu.resetLog();
    const body = textOf(c);
    const res = await post(body, { ...ours(body), 'Content-Type': c.filename?.endsWith('.json') ? 'application/json' : 'application/yaml' });
    expect(res.status).toBe(400);
    const answer = await res.json() as { error: { code: string; message: string; details: { issues: Array<{ path: string; message: string }> } } };
    expect(answer.error.code).toMatch(/^CONFIG_/);
    expect(answer.error.details.issues.some((i) => i.path === c.path && i.message.includes(c.message)), JSON.stringify(answer.error.details)).toBe(true);
    expect(JSON.stringify(answer)).not.toContain(CLEAR_SECRET);
    expect(writesIn(emu, TARGETS)).toEqual([]);
    // the refused delivery is a run of its own (issue 18): its report and the dashboard pages, nothing else
    expect(writesIn(emu).filter((w) => w.bucket !== 'ac-reports' || !/^runs\/(apply-config|dashboard)\//.test(w.key ?? ''))).toEqual([]);
    expect(runner.invocations().filter((r) => r.kind === 'async' && r.status !== 'succeeded')).toEqual([]);
  });

  it('refuses an unsigned or wrongly signed webhook with 401 before reading anything', async () => {
    emu.resetLog();
    expect((await post(JSON.stringify({ configText: CONFIG }), {})).status).toBe(401);
    expect((await post(JSON.stringify({ configText: CONFIG }), { 'X-Gitlab-Token': 'wrong' })).status).toBe(401);
    expect(emu.requestLog()).toEqual([]);
  });
});

describe('apply-config drift timer', () => {
  it('finds drift made with ali-oss and only reports it with driftAction: report, then corrects it', async () => {
    const oss = aliOssClient(emu) as any;
    expect(await runner.invoke('apply-config', { command: 'apply' })).toMatchObject({ ok: true }); // the config at OSSEDGE_CONFIG
    await oss.putBucketCORS('hook-b', [{ allowedOrigin: 'https://evil.example.com', allowedMethod: 'PUT' }]);
    await oss.putBucketReferer('hook-a', true, []);
    await oss.putBucketWebsite('hook-a', { index: 'index.html' }); // a deploy tool that wiped the mirror rules
    runner.fireTimer('apply-config', 'drift-report');
    await runner.idle(30_000);
    const found = await readReport('runs/apply-config/latest.json');
    expect(found).toMatchObject({ mode: 'drift', driftAction: 'report', source: 'timer', changesPending: true });
    const drift = found.items.filter((i: any) => i.code === 'DRIFT_FOUND');
    expect(drift.map((i: any) => `${i.bucket}/${i.target}`).sort()).toEqual(['hook-a/referer', 'hook-a/website', 'hook-b/cors']);
    const websiteDrift = drift.find((i: any) => i.target === 'website');
    expect(websiteDrift.data.before.routingRules).toBeUndefined();
    expect(websiteDrift.data.after.routingRules[0].redirect.mirrorAuth.accessKeySecret).toBe('[redacted]');
    const corsDrift = drift.find((i: any) => i.bucket === 'hook-b');
    expect(corsDrift.data.before.rules[0].allowedOrigin).toEqual(['https://evil.example.com']);
    expect(corsDrift.data.after.rules[0].allowedOrigin).toEqual(['*']);
    expect((await oss.getBucketCORS('hook-b')).rules[0].allowedOrigin).toBe('https://evil.example.com');

    runner.fireTimer('apply-config', 'drift');
    await runner.idle(30_000);
    const fixed = await readReport('runs/apply-config/latest.json');
    expect(fixed).toMatchObject({ mode: 'drift', driftAction: 'correct', ok: true });
    expect(fixed.items.filter((i: any) => i.code === 'DRIFT_CORRECTED').map((i: any) => `${i.bucket}/${i.target}`).sort()).toEqual(['hook-a/referer', 'hook-a/website', 'hook-b/cors']);
    expect(JSON.stringify(fixed)).not.toContain('origin-secret-value-9');
    const website = await oss.getBucketWebsite('hook-a');
    expect([website.routingRules].flat()[0].Redirect.MirrorURL).toBe('https://origin.example.com/');
    expect((await oss.getBucketCORS('hook-b')).rules[0].allowedOrigin).toBe('*');
    expect((await oss.getBucketReferer('hook-a')).allowEmpty).toBe(false);
  });
});

describe('apply-config under faults', () => {
  const many = Array.from({ length: 8 }, (_, i) => `faulty-${i}`);
  const text = (origin: string) => `version: 1\nbuckets:\n${many.map((b) => `  ${b}:\n    website: {indexDocument: {suffix: index.html}}\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n    referer: {allowEmptyReferer: false, refererList: ['${origin}']}\n`).join('')}`;

  it('converges with 30% of requests failing (503 SlowDown, resets); a bucket that keeps failing does not stop the others', async () => {
    for (const b of [...many, 'always-fails']) emu.seed.createBucket(b);
    emu.faults.seed(7);
    emu.faults.set([{ errorRate: 0.15, error: 'SlowDown', resetRate: 0.15 }]);
    const cfg = `${text('https://one.example.com')}  always-fails:\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]\n`;
    emu.faults.add({ bucket: 'always-fails', op: 'PutBucketCors', errorRate: 1, error: 'InternalError' });
    const report = await runner.invoke('apply-config', { command: 'apply', configText: cfg }) as any;
    const failedFaults = emu.counters().faultsInjected;
    emu.faults.clear();
    expect(failedFaults).toBeGreaterThan(10);
    expect(report.ok).toBe(false);
    const failed = report.items.filter((i: any) => i.code === 'BUCKET_FAILED');
    // the always-failing rule or the 30% one answered last: either way the report names the op and why
    const why = expect.stringMatching(/^(OSS_INTERNAL_ERROR|OSS_SLOW_DOWN|NETWORK)$/);
    // one round: the client is the one retry layer for a request (its 6 attempts here), the bucket is not redone
    expect(failed).toEqual([expect.objectContaining({ bucket: 'always-fails', status: 'fail', data: expect.objectContaining({ errorCode: why, op: 'PutBucketCors', attempts: 1 }) })]);
    expect(emu.requestLog().filter((e) => e.bucket === 'always-fails' && e.op === 'PutBucketCors').length).toBe(6);
    expect(failed[0].message).toContain('PutBucketCors');
    expect(report.errors).toEqual([expect.objectContaining({ bucket: 'always-fails', code: why })]);
    expect(report.summary.buckets_applied).toBe(many.length);
    const plan = await runner.invoke('apply-config', { command: 'plan', configText: text('https://one.example.com') }) as any;
    expect(plan.changesPending).toBe(false);
    expect(plan.items.every((i: any) => i.code === 'BUCKET_UNCHANGED')).toBe(true);
  });
});
