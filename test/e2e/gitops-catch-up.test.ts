// GitOps's catch-up round (the branch moved while a run applied): two reports in one invocation, the earlier
// one stored when the later one is handed over. A store that fails then must not undo the later round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { getObject } from '../../shared/oss/index.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { aliOssClient, ossClient } from '../helpers/emulator.ts';
import { startGitHost, type GitHostStandIn } from '../helpers/git-host.ts';

const SECRET = 'catch-up-webhook-secret';
const TOKEN = 'ghp_catch-up-token-never-shown';
const cfg = (origin: string) => `version: 1\nbuckets:\n  cu-site:\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n`;

let emu: EmulatorHandle;
let runner: Runner;
let gh: GitHostStandIn;
const logs: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['cu-config', 'cu-reports', 'cu-site']) emu.seed.createBucket(b);
  gh = await startGitHost({ token: TOKEN, webhookSecret: SECRET });
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  const handler = createApplyConfigHandler({
    env: {}, webhookSecret: SECRET,
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    clientTuning: { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } },
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: runner.url }),
    backoffMs: 5, write: (l: string) => void logs.push(l),
    configLocation: 'oss://cu-config/ossedge.yaml', reportsLocation: 'oss://cu-reports/runs/',
    git: { provider: 'github', repository: 'team/site', token: TOKEN, api: gh.githubApi, path: 'ossedge.yaml' },
  });
  runner = await startRunner({
    functions: [{ name: 'apply-config', handler, timeout: 60, triggers: [{ name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' }] }],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await gh?.close();
  await emu?.close();
});

async function json(bucket: string, key: string): Promise<any> {
  const res = await getObject(ossClient(emu), { bucket, key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

describe('GitOps catch-up round', () => {
  it('a failed store of the earlier round\'s report fails the invocation (FC retries it), never the later round: its buckets, status and report stand', async () => {
    const c1 = gh.commit({ 'ossedge.yaml': cfg('https://one.example.com') });
    let c2: ReturnType<GitHostStandIn['commit']> | undefined;
    let armed = false;
    gh.delay = (method, path) => {
      // the run reads c1: a newer push lands meanwhile (the run catches up to it)
      if (method === 'GET' && path.includes(`ref=${c1.sha}`) && !c2) c2 = gh.commit({ 'ossedge.yaml': cfg('https://two.example.com') });
      // the catch-up round reads c2: the earlier round's report, stored when the later one is handed over, fails
      // (each attempt of the client's three; latest.json is written by a stored report only, not by a run's journal)
      else if (c2 && !armed && method === 'GET' && path.includes(`ref=${c2.sha}`)) {
        armed = true;
        emu.faults.set({ op: 'PutObject', bucket: 'cu-reports', key: 'runs/apply-config/latest.json', failNext: 3 });
      }
      return 0;
    };
    const res = await fetch(`${runner.url}/apply-config/`, { method: 'POST', ...gh.githubPush(c1) });
    expect(res.status).toBe(202);
    await runner.idle(30_000);
    gh.delay = undefined;
    emu.faults.clear();
    expect(c2).toBeDefined();
    expect((await (aliOssClient(emu) as any).getBucketCORS('cu-site')).rules[0].allowedOrigin).toBe('https://two.example.com');
    const c2States = gh.statuses.filter((s) => s.sha === c2!.sha).map((s) => s.state);
    expect(c2States).not.toContain('failure');
    // FC's retry of the failed invocation reconciles again (nothing to change) and stores its report
    expect(c2States).toEqual(['pending', 'success', 'pending', 'success']);
    expect(logs.filter((l) => l.includes('"report not stored"'))).toHaveLength(1);
    const latest = await json('cu-reports', 'runs/apply-config/latest.json');
    expect(latest).toMatchObject({ ok: true, mode: 'apply', git: { sha: c2!.sha } });
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
