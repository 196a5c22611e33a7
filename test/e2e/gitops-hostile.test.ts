// GitOps against hostile inputs: a fork author's config and comments, through the FC runner, the
// loopback git host stand-in and a loopback "attacker" server (never any other address).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { aliOssClient } from '../helpers/emulator.ts';
import { createMemoryDeliveryStore, type DeliveryStore } from '../../shared/state/delivery-store.ts';
import { startGitHost, type GitHostStandIn, type Webhook } from '../helpers/git-host.ts';

const SECRET = 'hostile-webhook-secret';
const TOKEN = 'ghp_hostile-token-never-shown-7';
const ROLE = { accessKeyId: 'LTAI-role-key-id', accessKeySecret: 'role-secret-never-sent', securityToken: 'sts-token-never-sent' };

let runner: Runner;
let emuRunner: Runner;
let emu: EmulatorHandle;
let ghEmu: GitHostStandIn;
let gh: GitHostStandIn;
let gl: GitHostStandIn;
let attacker: { url: string; hits: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>; close: () => Promise<void> };

beforeAll(async () => {
  const hits: typeof attacker.hits = [];
  const server = createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end('<?xml version="1.0"?><Error><Code>Leak</Code><Message>internal-only-answer</Message></Error>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  attacker = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }) };
  gh = await startGitHost({ token: TOKEN, webhookSecret: SECRET });
  gl = await startGitHost({ token: TOKEN, webhookSecret: SECRET, repository: 'group/site' });
  // on FC: no explicit endpoint, buckets reached at their region's endpoint (the file's defaults could say otherwise)
  const handler = createApplyConfigHandler({
    env: {}, webhookSecret: SECRET, connection: { region: 'cn-hangzhou' },
    clientTuning: { retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 50 } },
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: runner.url }),
    git: { provider: 'github', repository: 'team/site', token: TOKEN, api: gh.githubApi, path: 'ossedge.yaml' },
    write: () => {},
  });
  const gitlab = createApplyConfigHandler({
    env: {}, webhookSecret: SECRET, connection: { region: 'cn-hangzhou' },
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: runner.url }),
    git: { provider: 'gitlab', repository: 'group/site', token: TOKEN, api: gl.gitlabApi, path: 'ossedge.yaml' },
    write: () => {},
  });
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['managed-site', 'vault']) emu.seed.createBucket(b);
  await (aliOssClient(emu) as any).putBucketCORS('vault', [{ allowedOrigin: 'https://partner-only.internal.example', allowedMethod: 'GET' }]);
  ghEmu = await startGitHost({ token: TOKEN, webhookSecret: SECRET });
  ghEmu.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: [\'https://site.example.com\'], allowedMethod: [GET]}]\n' });
  const onEmulator = createApplyConfigHandler({
    env: {}, webhookSecret: SECRET, connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: emuRunner.url }),
    git: { provider: 'github', repository: 'team/site', token: TOKEN, api: ghEmu.githubApi, path: 'ossedge.yaml' },
    write: () => {},
  });
  const http = [{ name: 'webhook', type: 'http' as const, methods: ['POST'], authType: 'anonymous' as const }];
  runner = await startRunner({
    functions: [{ name: 'apply-config', handler, timeout: 60, triggers: http }, { name: 'apply-config-gl', handler: gitlab, timeout: 60, triggers: http }],
    fcKeys: ROLE, roleCredentials: ROLE, region: 'cn-hangzhou', timers: false, retryDelaysMs: [10, 10],
  });
  // an instance stopped mid-run: the run noted "running", its final note never happens
  const mem = createMemoryDeliveryStore();
  const stoppedStore: DeliveryStore = {
    claim: (k, ttl, n) => mem.claim(k, ttl, n),
    takeOver: (k, failed, n) => mem.takeOver(k, failed, n),
    note: async (k, n) => (n.state === 'succeeded' || n.state === 'failed' ? undefined : mem.note(k, n)),
  };
  const shortLived = createApplyConfigHandler({
    env: {}, webhookSecret: SECRET, connection: { endpoint: emu.endpoint, region: emu.region, internal: false }, deliveries: stoppedStore,
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: emuRunner.url }),
    git: { provider: 'github', repository: 'team/site', token: TOKEN, api: ghEmu.githubApi, path: 'ossedge.yaml' },
    write: () => {},
  });
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  emuRunner = await startRunner({
    functions: [{ name: 'apply-config-emu', handler: onEmulator, timeout: 60, triggers: http }, { name: 'apply-config-short', handler: shortLived, timeout: 2, triggers: http }],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await emuRunner?.close();
  await gh?.close();
  await gl?.close();
  await ghEmu?.close();
  await emu?.close();
  await attacker?.close();
});

const send = (w: Webhook, fn = 'apply-config') => fetch(`${(fn === 'apply-config-emu' || fn === 'apply-config-short' ? emuRunner : runner).url}/${fn}/`, { method: 'POST', body: w.body, headers: w.headers });

describe('a fork pull request cannot make the function reach a host of its choosing', () => {
  it('a fork config with defaults.endpoint at another host: the plan is refused, no request reaches that host, no credentials leave', async () => {
    gh.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  go-assets:\n    cors:\n      rules: [{allowedOrigin: [\'https://site.example.com\'], allowedMethod: [GET]}]\n' });
    const fork = gh.commit({ 'ossedge.yaml': `version: 1\ndefaults: {endpoint: '${attacker.url}'}\nbuckets:\n  go-assets:\n    cors:\n      rules: [{allowedOrigin: ['https://fork.example.com'], allowedMethod: [GET]}]\n` }, 'fork', 'outsider-endpoint');
    const res = await send(gh.githubPullRequest({ number: 31, action: 'opened', headSha: fork.sha, head: 'outsider-endpoint', fork: true }));
    expect(res.status).toBe(202);
    await runner.idle(30_000);
    expect(attacker.hits).toEqual([]);
    const comment = gh.comments.find((x) => x.number === 31);
    expect(comment?.body).toContain('defaults.endpoint');
    expect(comment?.body).not.toContain('internal-only-answer');
    expect(gh.statuses.filter((s) => s.sha === fork.sha).map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(gh.statuses.find((s) => s.sha === fork.sha && s.state === 'failure')?.description).toContain('defaults.endpoint');
  });
});

// an invalid config plans without touching OSS (the comment shows its issues): these runs need no bucket
const INVALID = 'version: 1\nbuckets:\n  go-assets:\n    cors:\n      rules: [{allowedOrigin: [x], allowedMethod: [FETCH]}]\n';

describe('the plan comment cannot be hijacked by another author\'s comment carrying the marker', () => {
  it('GitHub: a comment planted before ours with the public marker is left alone; ours is created and then edited in place', async () => {
    const planted = { id: 1, number: 41, body: '<!-- ossedge:plan -->\n### ossedge plan: nothing to change (trust me)', edits: 0 };
    gh.comments.push(planted);
    const a = gh.commit({ 'ossedge.yaml': INVALID }, 'a', 'outsider-41');
    await send(gh.githubPullRequest({ number: 41, action: 'opened', headSha: a.sha, head: 'outsider-41', fork: true }));
    await runner.idle(30_000);
    const b = gh.commit({ 'ossedge.yaml': `${INVALID}# again\n` }, 'b', 'outsider-41');
    await send(gh.githubPullRequest({ number: 41, action: 'synchronize', headSha: b.sha, head: 'outsider-41', fork: true }));
    await runner.idle(30_000);
    expect(planted).toMatchObject({ edits: 0, body: '<!-- ossedge:plan -->\n### ossedge plan: nothing to change (trust me)' });
    const ours = gh.comments.filter((c) => c.number === 41 && c.id !== 1);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ edits: 1 });
    expect(ours[0]!.body).toContain(`at ${b.sha.slice(0, 7)}`);
    expect(ours[0]!.body).not.toContain(TOKEN);
  });

  it('GitLab: a copy of our whole comment posted after it (GitLab lists newest first) does not take the edits', async () => {
    const a = gl.commit({ 'ossedge.yaml': INVALID }, 'a', 'feature-51');
    await send(gl.gitlabMergeRequest({ iid: 51, action: 'open', headSha: a.sha }), 'apply-config-gl');
    await runner.idle(30_000);
    const ours = gl.comments.filter((c) => c.number === 51);
    expect(ours).toHaveLength(1);
    const copy = { id: 9_999, number: 51, body: ours[0]!.body.replace(/\n[\s\S]*$/, '\n### forged: nothing to change'), edits: 0 };
    gl.comments.push(copy);
    const b = gl.commit({ 'ossedge.yaml': `${INVALID}# again\n` }, 'b', 'feature-51');
    await send(gl.gitlabMergeRequest({ iid: 51, action: 'update', headSha: b.sha }), 'apply-config-gl');
    await runner.idle(30_000);
    expect(copy.edits).toBe(0);
    expect(ours[0]).toMatchObject({ edits: 1 });
    expect(ours[0]!.body).toContain(`at ${b.sha.slice(0, 7)}`);
    expect(gl.comments.filter((c) => c.number === 51)).toHaveLength(2);
  });
});

describe('a fork pull request cannot read the live settings of buckets the tracked config does not manage', () => {
  it('a fork config naming another bucket is refused before any OSS request: the live rules never reach the comment', async () => {
    emu.resetLog();
    const fork = ghEmu.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  vault:\n    cors:\n      rules: [{allowedOrigin: [\'https://peek.example\'], allowedMethod: [GET]}]\n' }, 'peek', 'outsider-peek');
    const res = await send(ghEmu.githubPullRequest({ number: 61, action: 'opened', headSha: fork.sha, head: 'outsider-peek', fork: true }), 'apply-config-emu');
    expect(res.status).toBe(202);
    await emuRunner.idle(30_000);
    const comment = ghEmu.comments.find((c) => c.number === 61);
    expect(comment?.body).not.toContain('partner-only.internal.example');
    expect(comment?.body).toContain('vault');
    expect(ghEmu.statuses.filter((s) => s.sha === fork.sha).map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(emu.requestLog().filter((e) => e.bucket === 'vault')).toEqual([]);
  });

  it('a fork config of the managed buckets is still planned (without probes)', async () => {
    const fork = ghEmu.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: [\'https://fork.example.com\'], allowedMethod: [GET]}]\n' }, 'ok', 'outsider-ok');
    await send(ghEmu.githubPullRequest({ number: 62, action: 'opened', headSha: fork.sha, head: 'outsider-ok', fork: true }), 'apply-config-emu');
    await emuRunner.idle(30_000);
    expect(ghEmu.comments.find((c) => c.number === 62)?.body).toContain('#### managed-site');
    expect(ghEmu.statuses.filter((s) => s.sha === fork.sha).map((s) => s.state)).toEqual(['pending', 'success']);
  });
});

describe('out-of-order runs end at the branch head', () => {
  it('a run that read an older head and finishes after the newer run re-reads the head and applies it', async () => {
    const site = (origin: string) => `version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n`;
    const older = ghEmu.commit({ 'ossedge.yaml': site('https://older.example.com') });
    // the older run's file read is slow: the newer push is applied meanwhile
    ghEmu.delay = (method, path) => (method === 'GET' && path.includes('/contents/') && path.includes(older.sha) ? 1_500 : 0);
    try {
      expect((await send(ghEmu.githubPush(older), 'apply-config-emu')).status).toBe(202);
      await new Promise((r) => setTimeout(r, 300));
      const newer = ghEmu.commit({ 'ossedge.yaml': site('https://newer.example.com') });
      expect((await send(ghEmu.githubPush(newer), 'apply-config-emu')).status).toBe(202);
      await emuRunner.idle(30_000);
      expect(ghEmu.head()).toBe(newer.sha);
      expect((await (aliOssClient(emu) as any).getBucketCORS('managed-site')).rules[0].allowedOrigin).toBe('https://newer.example.com');
    } finally {
      ghEmu.delay = undefined;
    }
  });
});

describe('a redelivery after a run was stopped mid-way', () => {
  it('is the same run while the invocation may still be running, and a new run once it surely ended', async () => {
    const c = ghEmu.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: [\'https://stopped.example.com\'], allowedMethod: [GET]}]\n' });
    const push = ghEmu.githubPush(c);
    const first = await (await send(push, 'apply-config-short')).json() as { runId: string };
    await emuRunner.idle(30_000);
    expect(await (await send(push, 'apply-config-short')).json()).toMatchObject({ accepted: true, runId: first.runId, duplicate: true });
    // the invocation (2 s) and the margin are over: the record still says "running", so the run was stopped
    await new Promise((r) => setTimeout(r, 7_500));
    const again = await send(push, 'apply-config-short');
    expect(again.status).toBe(202);
    const body = await again.json() as { runId: string; duplicate?: boolean };
    expect(body.duplicate).toBeUndefined();
    expect(body.runId).not.toBe(first.runId);
    await emuRunner.idle(30_000);
  }, 30_000);
});

describe('out-of-order pull request plans', () => {
  it('a plan of an older head that finishes last does not overwrite the comment of the newer head', async () => {
    const site = (origin: string) => `version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n`;
    const a = ghEmu.commit({ 'ossedge.yaml': site('https://pr-old.example.com') }, 'a', 'feature-71');
    ghEmu.delay = (method, path) => (method === 'GET' && path.includes('/contents/') && path.includes(a.sha) ? 1_500 : 0);
    try {
      await send(ghEmu.githubPullRequest({ number: 71, action: 'opened', headSha: a.sha, head: 'feature-71' }), 'apply-config-emu');
      await new Promise((r) => setTimeout(r, 300));
      const b = ghEmu.commit({ 'ossedge.yaml': site('https://pr-new.example.com') }, 'b', 'feature-71');
      await send(ghEmu.githubPullRequest({ number: 71, action: 'synchronize', headSha: b.sha, head: 'feature-71' }), 'apply-config-emu');
      await emuRunner.idle(30_000);
      const mine = ghEmu.comments.filter((c) => c.number === 71);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.body).toContain(`at ${b.sha.slice(0, 7)}`);
      expect(mine[0]!.body).toContain('pr-new.example.com');
      // each SHA still gets its own status
      expect(ghEmu.statuses.filter((s) => s.sha === a.sha).map((s) => s.state)).toEqual(['pending', 'success']);
    } finally {
      ghEmu.delay = undefined;
    }
  });
});

describe('two plans of one head at once (opened and ready_for_review, a GitLab update on a title edit)', () => {
  it('leave one comment: the later one created is removed again', async () => {
    const a = ghEmu.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  managed-site:\n    cors:\n      rules: [{allowedOrigin: [\'https://twice.example.com\'], allowedMethod: [GET]}]\n' }, 'a', 'feature-81');
    // both runs list the comments before either created its own
    ghEmu.delay = (method, path) => (method === 'GET' && path.includes('/issues/81/comments') ? 400 : 0);
    try {
      await Promise.all([
        send(ghEmu.githubPullRequest({ number: 81, action: 'opened', headSha: a.sha, head: 'feature-81' }), 'apply-config-emu'),
        send(ghEmu.githubPullRequest({ number: 81, action: 'ready_for_review', headSha: a.sha, head: 'feature-81' }), 'apply-config-emu'),
      ]);
      await emuRunner.idle(30_000);
    } finally {
      ghEmu.delay = undefined;
    }
    const mine = ghEmu.comments.filter((c) => c.number === 81);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toContain('twice.example.com');
  });
});

describe('a GitHub webhook set to the form-encoded content type', () => {
  it('is refused with 415 saying to choose application/json (never read as a config, never 409)', async () => {
    const { signGitHub } = await import('../../shared/hash/webhook-signature.ts');
    const c = gh.commit({ 'README.md': 'form\n' });
    const json = gh.githubPush(c);
    const body = `payload=${encodeURIComponent(json.body)}`;
    const res = await fetch(`${runner.url}/apply-config/`, {
      method: 'POST', body,
      headers: { ...json.headers, 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': signGitHub(body, SECRET) },
    });
    expect(res.status).toBe(415);
    expect(await res.text()).toContain('application/json');
  });
});
