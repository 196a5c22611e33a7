// GitOps end to end: a real git repository behind a loopback GitHub/GitLab stand-in, push events
// through the FC runner's HTTP trigger, the OSS emulator as the buckets.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { createAuditRefererHandler } from '../../functions/audit-referer/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { signOssedge } from '../../shared/hash/webhook-signature.ts';
import { getObject } from '../../shared/oss/index.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { aliOssClient, ossClient } from '../helpers/emulator.ts';
import { startGitHost, type GitHostStandIn, type Webhook } from '../helpers/git-host.ts';
import { writesIn } from '../functions/apply-config/support.ts';

const SECRET = 'gitops-webhook-secret';
const TOKEN = 'ghp_gitops-token-never-shown-42';
const DASHBOARD = 'https://dash.example.com/ossedge/';
const GH_BUCKETS = ['go-site', 'go-assets'];
const GL_BUCKETS = ['gl-site'];

const cfg = (bucket: string, origin: string) => `version: 1\nbuckets:\n  ${bucket}:\n    cors:\n      rules: [{allowedOrigin: ['${origin}'], allowedMethod: [GET]}]\n`;

let emu: EmulatorHandle;
let runner: Runner;
let gh: GitHostStandIn;
let gl: GitHostStandIn;
const logs: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['go-config', 'go-reports', 'gl-config', ...GH_BUCKETS, ...GL_BUCKETS]) emu.seed.createBucket(b);
  gh = await startGitHost({ token: TOKEN, webhookSecret: SECRET });
  gl = await startGitHost({ token: TOKEN, webhookSecret: SECRET, repository: 'group/site' });
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  const common = {
    env: {}, webhookSecret: SECRET,
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    clientTuning: { retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
    invoker: (ctx: any) => invokerFromContext(ctx, { endpoint: runner.url }),
    backoffMs: 10, write: (l: string) => void logs.push(l),
  };
  const github = createApplyConfigHandler({
    ...common, configLocation: 'oss://go-config/ossedge.yaml', reportsLocation: 'oss://go-reports/runs/',
    git: { provider: 'github', repository: 'team/site', token: TOKEN, api: gh.githubApi, path: 'ossedge.yaml', dashboardUrl: DASHBOARD },
  });
  const gitlab = createApplyConfigHandler({
    ...common, configLocation: 'oss://gl-config/ossedge.yaml', reportsLocation: 'oss://go-reports/gl/',
    git: { provider: 'gitlab', repository: 'group/site', token: TOKEN, api: gl.gitlabApi, path: 'ossedge.yaml' },
  });
  // no token: today's behaviour (the config at OSSEDGE_CONFIG) plus the event table
  const plain = createApplyConfigHandler({
    ...common, configLocation: 'oss://go-config/plain.yaml', reportsLocation: 'oss://go-reports/plain/',
    git: { repository: 'team/site', path: 'ossedge.yaml' },
  });
  emu.seed.putObject('go-config', 'plain.yaml', cfg('gl-site', 'https://plain.example.com'));
  const http = [{ name: 'webhook', type: 'http' as const, methods: ['POST'], authType: 'anonymous' as const }];
  runner = await startRunner({
    functions: [
      { name: 'apply-config', handler: github, timeout: 60, triggers: [...http, { name: 'drift', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{}' }] },
      { name: 'apply-config-gl', handler: gitlab, timeout: 60, triggers: http },
      { name: 'apply-config-plain', handler: plain, timeout: 60, triggers: http },
      // a second function that reads OSSEDGE_CONFIG, which apply-config writes back after a git apply
      { name: 'audit-referer', handler: createAuditRefererHandler({ connection: common.connection, configLocation: 'oss://go-config/ossedge.yaml', write: () => {} }), timeout: 60, triggers: [] },
    ],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await gh?.close();
  await gl?.close();
  await emu?.close();
});
beforeEach(() => emu.resetLog());

async function text(bucket: string, key: string): Promise<{ text: string; meta: Record<string, string> }> {
  const res = await getObject(ossClient(emu), { bucket, key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return { text: Buffer.concat(chunks).toString('utf8'), meta: res.metadata.meta };
}
const report = async (prefix: string, runId: string) => JSON.parse((await text('go-reports', `${prefix}/apply-config/${runId}.json`)).text);
const send = (w: Webhook, fn = 'apply-config', query = '') => fetch(`${runner.url}/${fn}/${query}`, { method: 'POST', body: w.body, headers: w.headers });
/** A delivery the function accepts (202) and whose queued run has finished: its run id. */
async function acceptedRun(w: Webhook, fn = 'apply-config'): Promise<string> {
  const res = await send(w, fn);
  expect(res.status).toBe(202);
  const { runId } = await res.json() as { runId: string };
  await runner.idle(30_000);
  return runId;
}
const corsOrigin = async (bucket: string) => (await (aliOssClient(emu) as any).getBucketCORS(bucket)).rules[0].allowedOrigin;
const statusesOf = (host: GitHostStandIn, sha: string) => host.statuses.filter((s) => s.sha === sha).map((s) => s.state);

describe('GitOps on GitHub: push → apply the branch head', () => {
  it('applies the pushed commit, sets pending → success on its SHA, names it in the report and writes the config back', async () => {
    const c = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://one.example.com'), 'README.md': 'site\n' });
    const t0 = performance.now();
    const res = await send(gh.githubPush(c));
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(res.status).toBe(202);
    const { runId, accepted } = await res.json() as { runId: string; accepted: boolean };
    expect(accepted).toBe(true);
    await runner.idle(30_000);
    expect(await corsOrigin('go-site')).toBe('https://one.example.com');
    expect(gh.statuses.filter((s) => s.sha === c.sha)).toEqual([
      expect.objectContaining({ state: 'pending', context: 'ossedge/apply', targetUrl: DASHBOARD }),
      expect.objectContaining({ state: 'success', context: 'ossedge/apply', targetUrl: DASHBOARD }),
    ]);
    const r = await report('runs', runId);
    expect(r).toMatchObject({ ok: true, mode: 'apply', source: 'webhook', git: { provider: 'github', repository: 'team/site', ref: 'refs/heads/main', sha: c.sha, pushedSha: c.sha, sender: 'dev', commitUrl: `https://github.example/team/site/commit/${c.sha}` } });
    expect(r.git.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    // one config for all four functions: the applied text, with its SHA
    const back = await text('go-config', 'ossedge.yaml');
    expect(back.text).toBe(cfg('go-site', 'https://one.example.com'));
    expect(back.meta['ossedge-git-sha']).toBe(c.sha);
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(gh.requests.every((q) => q.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('a second function (audit-referer) reads the config apply-config wrote back: the applied git commit', async () => {
    const c = gh.commit({ 'ossedge.yaml': `${cfg('go-site', 'https://one.example.com')}    referer: {allowEmptyReferer: false, refererList: ['https://git-only.example.com']}\n` });
    await send(gh.githubPush(c));
    await runner.idle(30_000);
    expect((await text('go-config', 'ossedge.yaml')).meta['ossedge-git-sha']).toBe(c.sha);
    await (aliOssClient(emu) as any).putBucketReferer('go-site', true, []); // drift made by hand
    const audit = await runner.invoke('audit-referer', { bucket: ['go-site'] }) as any;
    const drift = audit.items.find((i: any) => i.code === 'REFERER_DRIFT');
    expect(drift?.message).toContain('git-only.example.com');
  });

  it('refuses a bad commit: failure status naming the first problem (≤ 140 chars), nothing written', async () => {
    const c = gh.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  go-site:\n    cors:\n      rules: [{allowedOrigin: [\'https://two.example.com\'], allowedMethod: [FETCH]}]\n' });
    const runId = await acceptedRun(gh.githubPush(c));
    const mine = gh.statuses.filter((s) => s.sha === c.sha);
    expect(mine.map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(mine[1]!.description).toMatch(/^buckets\.go-site\.cors\.rules\[0\]\.allowedMethod/);
    expect(mine[1]!.description!.length).toBeLessThanOrEqual(140);
    expect(writesIn(emu, [...GH_BUCKETS, 'go-config'])).toEqual([]);
    expect(await corsOrigin('go-site')).toBe('https://one.example.com');
    expect(await report('runs', runId)).toMatchObject({ ok: false, git: { sha: c.sha }, items: [expect.objectContaining({ code: 'CONFIG_INVALID', status: 'fail' })] });
  });

  it('refuses a commit whose config names an endpoint: failure status CONFIG_ENDPOINT_NOT_ALLOWED, nothing written (issue 13 item 6)', async () => {
    const c = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://five.example.com').replace('version: 1\n', "version: 1\ndefaults: {endpoint: 'http://127.0.0.1:1'}\n") });
    const runId = await acceptedRun(gh.githubPush(c));
    const mine = gh.statuses.filter((s) => s.sha === c.sha);
    expect(mine.map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(mine[1]!.description).toMatch(/^CONFIG_ENDPOINT_NOT_ALLOWED: /);
    expect(writesIn(emu, [...GH_BUCKETS, 'go-config'])).toEqual([]);
    expect(await report('runs', runId)).toMatchObject({ ok: false, git: { sha: c.sha }, errors: [expect.objectContaining({ code: 'CONFIG_ENDPOINT_NOT_ALLOWED' })] });
  });

  it('reconciles to the head whatever order pushes arrive in', async () => {
    const older = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://three.example.com') });
    const newer = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://four.example.com') });
    expect((await send(gh.githubPush(newer))).status).toBe(202);
    await runner.idle(30_000);
    expect((await send(gh.githubPush(older))).status).toBe(202);
    await runner.idle(30_000);
    expect(await corsOrigin('go-site')).toBe('https://four.example.com');
    expect(statusesOf(gh, older.sha)).toEqual([]);
    expect(statusesOf(gh, newer.sha)).toEqual(['pending', 'success', 'pending', 'success']);
  });

  it('answers a redelivery of a standing run with that run (no second apply), and runs a failed one anew', async () => {
    const ok = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://five.example.com') });
    const push = gh.githubPush(ok);
    const first = await (await send(push)).json() as { runId: string };
    await runner.idle(30_000);
    const asyncBefore = runner.invocations().filter((i) => i.kind === 'async').length;
    const again = await send(push);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ accepted: true, runId: first.runId, duplicate: true });
    await runner.idle(30_000);
    expect(runner.invocations().filter((i) => i.kind === 'async').length).toBe(asyncBefore);
    // the shared delivery store holds what the run became
    const record = JSON.parse((await text('go-reports', `runs/_state/deliveries/github/${push.headers['x-github-delivery']}.json`)).text);
    expect(record).toMatchObject({ runId: first.runId, state: 'succeeded' });

    const bad = gh.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {go-site: {cors: {rules: [{allowedOrigin: [x], allowedMethod: [FETCH]}]}}}\n' });
    const badPush = gh.githubPush(bad);
    const failed = await (await send(badPush)).json() as { runId: string };
    await runner.idle(30_000);
    gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://six.example.com') }); // the fix
    const redelivered = await send(badPush); // "Redeliver" after fixing the cause
    expect(redelivered.status).toBe(202);
    const rerun = await redelivered.json() as { runId: string; duplicate?: boolean };
    expect(rerun.duplicate).toBeUndefined();
    expect(rerun.runId).not.toBe(failed.runId);
    await runner.idle(30_000);
    expect(JSON.parse((await text('go-reports', `runs/_state/deliveries/github/${badPush.headers['x-github-delivery']}.json`)).text)).toMatchObject({ runId: rerun.runId, state: 'succeeded' });
    expect(await corsOrigin('go-site')).toBe('https://six.example.com');
  });

  it('answers ping with pong and ignores every other event with its reason, with zero writes and no status', async () => {
    const c = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://ignored.example.com') });
    const docs = gh.commit({ 'docs/index.md': 'docs\n' });
    const statuses = gh.statuses.length;
    const cases: Array<[Webhook, unknown]> = [
      [gh.githubPing(), { pong: true }],
      [gh.githubPush(c, { branch: 'feature/wip' }), { ignored: 'other-branch' }],
      [gh.githubPush(c, { tag: 'v1.0.0' }), { ignored: 'tag' }],
      [gh.githubPush(c, { deleted: true }), { ignored: 'branch-deleted' }],
      [gh.githubPush(docs), { ignored: 'config-unchanged' }],
      [gh.githubPush(c, { repository: 'someone/else' }), { ignored: 'other-repository' }],
      [gh.githubEvent('issue_comment', { action: 'created', issue: { number: 1 }, repository: { full_name: 'team/site' } }), { ignored: 'event-not-handled' }],
      [gh.githubPullRequest({ number: 9, action: 'closed', headSha: c.sha }), { ignored: 'event-not-handled' }],
    ];
    for (const [w, answer] of cases) {
      const res = await send(w);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(answer);
    }
    await runner.idle(30_000);
    expect(writesIn(emu)).toEqual([]);
    expect(gh.statuses.length).toBe(statuses);
  });

  it('refuses an apply of a body-carried config with 409 GITOPS_ENABLED, and still plans it', async () => {
    const body = JSON.stringify({ configText: cfg('go-site', 'https://body.example.com') });
    const headers = () => ({ 'content-type': 'application/json', 'x-ossedge-signature': signOssedge(body, SECRET, Math.floor(Date.now() / 1000)) });
    const res = await fetch(`${runner.url}/apply-config/`, { method: 'POST', body, headers: headers() });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'GITOPS_ENABLED' } });
    const plan = await fetch(`${runner.url}/apply-config/?mode=plan`, { method: 'POST', body, headers: headers() });
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ mode: 'plan', changesPending: true });
    expect(writesIn(emu, GH_BUCKETS)).toEqual([]);
  });

  it('the drift timer reconciles to the branch head', async () => {
    const head = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://seven.example.com') });
    runner.fireTimer('apply-config', 'drift');
    await runner.idle(30_000);
    expect(await corsOrigin('go-site')).toBe('https://seven.example.com');
    const latest = JSON.parse((await text('go-reports', 'runs/apply-config/latest.json')).text);
    expect(latest).toMatchObject({ mode: 'drift', source: 'timer', git: { sha: head.sha } });
  });
});

describe('GitOps pull requests: plan the head, one comment, status ossedge/plan', () => {
  it('plans a pull request (no writes), edits the one comment on a new commit, and merging applies', async () => {
    const a = gh.commit({ 'ossedge.yaml': cfg('go-assets', 'https://pr.example.com') }, 'pr', 'feature/cors');
    const opened = await send(gh.githubPullRequest({ number: 21, action: 'opened', headSha: a.sha, head: 'feature/cors' }));
    expect(opened.status).toBe(202);
    await runner.idle(30_000);
    expect(writesIn(emu, GH_BUCKETS)).toEqual([]);
    let mine = gh.comments.filter((c) => c.number === 21);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatch(/^<!-- ossedge:plan [0-9a-f]{32} -->\n/);
    expect(mine[0]!.body).toContain('#### go-assets');
    expect(mine[0]!.body).toContain('1 with changes');
    expect(gh.statuses.filter((s) => s.sha === a.sha).map((s) => `${s.context}:${s.state}`)).toEqual(['ossedge/plan:pending', 'ossedge/plan:success']);

    const b = gh.commit({ 'ossedge.yaml': cfg('go-assets', 'https://pr2.example.com') }, 'pr2', 'feature/cors');
    expect((await send(gh.githubPullRequest({ number: 21, action: 'synchronize', headSha: b.sha, head: 'feature/cors' }))).status).toBe(202);
    await runner.idle(30_000);
    mine = gh.comments.filter((c) => c.number === 21);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.edits).toBe(1);
    expect(mine[0]!.body).toContain('pr2.example.com');
    expect(writesIn(emu, GH_BUCKETS)).toEqual([]);

    const merged = gh.commit({ 'ossedge.yaml': cfg('go-assets', 'https://pr2.example.com') }); // the merge commit on main
    expect((await send(gh.githubPush(merged))).status).toBe(202);
    await runner.idle(30_000);
    expect(await corsOrigin('go-assets')).toBe('https://pr2.example.com');
  });

  it('shows an invalid config in the comment with line numbers and a failure status; a fork plan skips the origin pre-flight', async () => {
    const bad = gh.commit({ 'ossedge.yaml': 'version: 1\nbuckets:\n  go-assets:\n    cors:\n      rules: [{allowedOrigin: [x], allowedMethod: [FETCH]}]\n' }, 'bad', 'feature/bad');
    await send(gh.githubPullRequest({ number: 22, action: 'opened', headSha: bad.sha, head: 'feature/bad' }));
    await runner.idle(30_000);
    const c = gh.comments.filter((x) => x.number === 22);
    expect(c).toHaveLength(1);
    expect(c[0]!.body).toContain('The config is invalid');
    expect(c[0]!.body).toMatch(/line 5:\d+: buckets\.go-assets\.cors\.rules\[0\]\.allowedMethod/);
    expect(gh.statuses.filter((s) => s.sha === bad.sha).map((s) => s.state)).toEqual(['pending', 'failure']);

    const fork = gh.commit({ 'ossedge.yaml': cfg('go-assets', 'https://fork.example.com') }, 'fork', 'outsider');
    const res = await send(gh.githubPullRequest({ number: 23, action: 'opened', headSha: fork.sha, head: 'outsider', fork: true }));
    const { runId } = await res.json() as { runId: string };
    await runner.idle(30_000);
    expect(gh.comments.find((x) => x.number === 23)!.body).toContain('pre-flight skipped');
    expect((await report('runs', runId)).items).toContainEqual(expect.objectContaining({ code: 'PREFLIGHT_SKIPPED_FORK' }));
  });

  it('carries the config\'s warnings (and an unset secret, a warning for a plan) into the plan, the comment and a push\'s run; hostile text stays in code', async () => {
    const hostile = "'https://a.example.com/<b>@octocat</b>*'";
    const warned = `version: 1
buckets:
  go-assets:
    cors:
      rules:
        - {allowedOrigin: ['https://w.example.com'], allowedMethod: [GET]}
        - {allowedOrigin: ['https://w.example.com'], allowedMethod: [GET]}
    referer: {allowEmptyReferer: true, refererList: [${hostile}, ${hostile}]}
    website:
      indexDocument: {suffix: index.html}
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: 'https://origin.example.com/'
            mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AKIDORIGIN, accessKeySecret: '\${env:OSSEDGE_SECRET_GO_WARN}'}
`;
    const c = gh.commit({ 'ossedge.yaml': warned }, 'warn', 'feature/warn');
    const res = await send(gh.githubPullRequest({ number: 24, action: 'opened', headSha: c.sha, head: 'feature/warn' }));
    const { runId } = await res.json() as { runId: string };
    await runner.idle(30_000);
    const codes = (await report('runs', runId)).items.filter((i: any) => i.status === 'warn').map((i: any) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['CONFIG_SHADOWED', 'CONFIG_DUPLICATE', 'CONFIG_SECRET_UNRESOLVED']));
    const body = gh.comments.find((x) => x.number === 24)!.body;
    expect(body).toContain('3 config warning(s)');
    expect(body).toMatch(/! line 7:\d+: buckets\.go-assets\.cors\.rules\[1\]: can never match.*\(CONFIG_SHADOWED\)/);
    expect(body).toContain('OSSEDGE_SECRET_GO_WARN is not set here');
    expect(body).toContain('<b>@octocat</b>');
    // outside the fenced blocks: no HTML and no mention from the config
    const outside = body.replace(/^(`{3,})\n[\s\S]*?\n\1$/gm, '');
    expect(outside).not.toContain('octocat');
    expect(outside.replace(/^<!-- ossedge:plan [0-9a-f]{32} -->$/m, '')).not.toMatch(/[<>@]/);
    expect(writesIn(emu, GH_BUCKETS)).toEqual([]);

    // a push applies it (without the unset secret, which an apply refuses): its run report carries the warnings too
    const pushed = gh.commit({ 'ossedge.yaml': warned.slice(0, warned.indexOf('    website:')) });
    const applied = await send(gh.githubPush(pushed));
    const { runId: applyId } = await applied.json() as { runId: string };
    await runner.idle(30_000);
    const run = await report('runs', applyId);
    expect(run).toMatchObject({ ok: true, mode: 'apply', git: { sha: pushed.sha } });
    expect(run.items.filter((i: any) => i.status === 'warn').map((i: any) => i.code).sort()).toEqual(['CONFIG_DUPLICATE', 'CONFIG_SHADOWED']);
  });

  it('plans a GitLab merge request with one note and ossedge/plan pending → success', async () => {
    const c = gl.commit({ 'ossedge.yaml': cfg('gl-site', 'https://mr.example.com') }, 'mr', 'feature');
    expect((await send(gl.gitlabMergeRequest({ iid: 4, action: 'open', headSha: c.sha }), 'apply-config-gl')).status).toBe(202);
    await runner.idle(30_000);
    expect(gl.comments.filter((x) => x.number === 4)).toHaveLength(1);
    expect(statusesOf(gl, c.sha)).toEqual(['pending', 'success']);
    expect(writesIn(emu, GL_BUCKETS)).toEqual([]);
  });
});

describe('GitOps failures and the no-token mode', () => {
  it('the git host answering 503 three times: a failure report with a clear code, no fourth attempt, no token anywhere', async () => {
    const c = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://never.example.com') });
    const n = gh.requests.length;
    gh.faults.push({ status: 503 }, { status: 503 }, { status: 503 });
    const { runId } = await (await send(gh.githubPush(c))).json() as { runId: string };
    await runner.idle(30_000);
    const r = await report('runs', runId);
    expect(r).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'GIT_SERVER_ERROR' })] });
    expect(gh.requests.length - n).toBe(3);
    expect(writesIn(emu, GH_BUCKETS)).toEqual([]);
    expect(JSON.stringify(r) + logs.join('\n')).not.toContain(TOKEN);
  });

  it('a head without the config file: failure status naming the missing file, nothing written', async () => {
    const gone = gh.commit({ 'ossedge.yaml': null });
    const { runId } = await (await send(gh.githubPush(gone))).json() as { runId: string };
    await runner.idle(30_000);
    const mine = gh.statuses.filter((s) => s.sha === gone.sha);
    expect(mine.map((s) => s.state)).toEqual(['pending', 'failure']);
    expect(mine[1]!.description).toMatch(/^GIT_NOT_FOUND: readFile: ossedge\.yaml at [0-9a-f]{40} in repository team\/site not found/);
    expect(await report('runs', runId)).toMatchObject({ ok: false, errors: [expect.objectContaining({ code: 'GIT_NOT_FOUND' })] });
    expect(writesIn(emu, [...GH_BUCKETS, 'go-config'])).toEqual([]);
    gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://restored.example.com') });
  });

  it('without a token a push applies the config at OSSEDGE_CONFIG, says git was not read, and still filters events', async () => {
    const c = gh.commit({ 'ossedge.yaml': cfg('go-site', 'https://not-read.example.com') });
    const runId = await acceptedRun(gh.githubPush(c), 'apply-config-plain');
    expect(await report('plain', runId)).toMatchObject({ ok: true, git: { read: false, pushedSha: c.sha, repository: 'team/site' } });
    expect(await corsOrigin('gl-site')).toBe('https://plain.example.com');
    expect(await (await send(gh.githubPush(c, { tag: 'v2' }), 'apply-config-plain')).json()).toEqual({ ignored: 'tag' });
    expect(await (await send(gh.githubPush(c, { repository: 'someone/else' }), 'apply-config-plain')).json()).toEqual({ ignored: 'other-repository' });
  });
});

describe('GitOps on GitLab and Codeup', () => {
  it('applies a GitLab push with pending → success (never the same state twice), and a redelivery (same Idempotency-Key) is the same run', async () => {
    const c = gl.commit({ 'ossedge.yaml': cfg('gl-site', 'https://gl.example.com') });
    const push = gl.gitlabPush(c);
    const runId = await acceptedRun(push, 'apply-config-gl');
    expect(await corsOrigin('gl-site')).toBe('https://gl.example.com');
    expect(statusesOf(gl, c.sha)).toEqual(['pending', 'success']);
    const again = await send(push, 'apply-config-gl');
    expect(await again.json()).toMatchObject({ runId, duplicate: true });
  });

  it('accepts a Codeup push (X-Codeup-Token, Codeup-Event: Push Hook, no project object)', async () => {
    const c = gl.commit({ 'ossedge.yaml': cfg('gl-site', 'https://codeup.example.com') });
    const res = await send(gl.codeupPush(c), 'apply-config-gl');
    expect(res.status).toBe(202);
    await runner.idle(30_000);
    expect(await corsOrigin('gl-site')).toBe('https://codeup.example.com');
    // no project object, so no default branch in the event: the run reconciles the repository's default
    // branch (asked from the API), never the pushed branch
    const wip = gl.commit({ 'ossedge.yaml': cfg('gl-site', 'https://wip.example.com') }, 'wip', 'wip');
    expect((await send(gl.codeupPush(wip, { branch: 'wip' }), 'apply-config-gl')).status).toBe(202);
    await runner.idle(30_000);
    expect(await corsOrigin('gl-site')).toBe('https://codeup.example.com');
  });
});
