import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHub, createGitLab, GitHostError, statusDescription, type GitHost } from '../../../shared/git/index.ts';
import { startGitHost, type GitHostStandIn } from '../../helpers/git-host.ts';

const TOKEN = 'ghp_test-token-value-0123456789';
let host: GitHostStandIn;
let first: string;

beforeAll(async () => {
  host = await startGitHost({ token: TOKEN, webhookSecret: 'hook-secret' });
  first = host.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {}\n', 'conf/nested file.yaml': 'nested: true\n' }).sha;
  host.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {a-bucket: {}}\n' });
});
afterAll(() => host?.close());

const clients = (): Array<[string, GitHost]> => [
  ['github', createGitHub({ api: host.githubApi, token: TOKEN, repository: 'team/site', sleep: async () => {} })],
  ['gitlab', createGitLab({ api: host.gitlabApi, token: TOKEN, repository: 'team/site', sleep: async () => {} })],
];

describe.each(['github', 'gitlab'])('git client (%s) against the stand-in', (provider) => {
  const client = () => clients().find(([p]) => p === provider)![1];

  it('reads a file at a SHA and at a branch, and resolves the branch head and default branch', async () => {
    const c = client();
    expect(await c.readFile('ossedge.yaml', first)).toBe('version: 1\nbuckets: {}\n');
    expect(await c.readFile('ossedge.yaml', 'main')).toContain('a-bucket');
    expect(await c.readFile('conf/nested file.yaml', first)).toBe('nested: true\n');
    expect(await c.branchHead('main')).toBe(host.head());
    expect(await c.defaultBranch()).toBe('main');
  });

  it('names the missing file or repository on 404, the token on 401, and never shows the token', async () => {
    const c = client();
    const missing = await c.readFile('nope.yaml', first).catch((e: unknown) => e as GitHostError);
    expect(missing).toMatchObject({ code: 'GIT_NOT_FOUND', status: 404, op: 'readFile' });
    expect((missing as Error).message).toContain('nope.yaml');
    const other = provider === 'github' ? createGitHub({ api: host.githubApi, token: TOKEN, repository: 'team/other' }) : createGitLab({ api: host.gitlabApi, token: TOKEN, repository: 'team/other' });
    expect(((await other.branchHead("main").catch((e: unknown) => e)) as Error).message).toContain('OSSEDGE_GIT_REPOSITORY');
    const bad = provider === 'github' ? createGitHub({ api: host.githubApi, token: 'wrong-token-xyz', repository: 'team/site' }) : createGitLab({ api: host.gitlabApi, token: 'wrong-token-xyz', repository: 'team/site' });
    const e = (await bad.branchHead("main").catch((x: unknown) => x)) as GitHostError;
    expect(e).toMatchObject({ code: 'GIT_UNAUTHORIZED', status: 401 });
    expect(JSON.stringify({ m: e.message, s: String(e.stack) })).not.toContain('wrong-token-xyz');
    expect(JSON.stringify({ m: (missing as Error).message, s: String((missing as Error).stack) })).not.toContain(TOKEN);
  });

  it('refuses a file over 1 MiB instead of truncating it', async () => {
    const big = host.commit({ 'big.yaml': `# ${'x'.repeat(1024 * 1024)}\n` }).sha;
    await expect(client().readFile('big.yaml', big)).rejects.toMatchObject({ code: 'GIT_FILE_TOO_LARGE' });
  });

  it('sets commit statuses (context, description, target_url)', async () => {
    const sha = host.head();
    const before = host.statuses.length;
    await client().setStatus(sha, { state: 'pending', context: 'ossedge/apply', description: 'applying', targetUrl: 'https://dash.example/' });
    await client().setStatus(sha, { state: 'failure', context: 'ossedge/apply', description: 'failed' });
    expect(host.statuses.slice(before)).toEqual([
      { provider, sha, state: 'pending', context: 'ossedge/apply', description: 'applying', targetUrl: 'https://dash.example/' },
      { provider, sha, state: provider === 'github' ? 'failure' : 'failed', context: 'ossedge/apply', description: 'failed' },
    ]);
  });

  it('creates one comment per pull request and edits it in place afterwards', async () => {
    const n = provider === 'github' ? 5 : 6;
    const c = client();
    const a = await c.upsertComment(n, '<!-- ossedge:plan -->', '<!-- ossedge:plan -->\nfirst');
    const b = await c.upsertComment(n, '<!-- ossedge:plan -->', '<!-- ossedge:plan -->\nsecond');
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    const mine = host.comments.filter((x) => x.number === n);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ body: '<!-- ossedge:plan -->\nsecond', edits: 1 });
  });
});

describe('GitLab statuses', () => {
  it('never posts the same state twice in a row, and takes GitLab\'s 400 for a repeat from another instance as done', async () => {
    const sha = host.commit({ 'x.txt': 'x' }).sha;
    const a = createGitLab({ api: host.gitlabApi, token: TOKEN, repository: 'team/site' });
    const b = createGitLab({ api: host.gitlabApi, token: TOKEN, repository: 'team/site' });
    const n = host.requests.length;
    await a.setStatus(sha, { state: 'pending', context: 'ossedge/plan', description: 'planning' });
    await a.setStatus(sha, { state: 'pending', context: 'ossedge/plan', description: 'planning' });
    expect(host.requests.length - n).toBe(1);
    await b.setStatus(sha, { state: 'pending', context: 'ossedge/plan', description: 'planning' }); // the stand-in answers 400
    await a.setStatus(sha, { state: 'success', context: 'ossedge/plan', description: 'done' });
    expect(host.statuses.filter((s) => s.sha === sha).map((s) => s.state)).toEqual(['pending', 'success']);
  });
});

describe('git client retries', () => {
  const gh = (o: { sleeps?: number[]; deadline?: number } = {}) => createGitHub({
    api: host.githubApi, token: TOKEN, repository: 'team/site', sleep: async (ms) => void o.sleeps?.push(ms), ...(o.deadline ? { deadline: o.deadline } : {}),
  });

  it('retries 5xx and 429 at most 3 attempts in all, honouring Retry-After', async () => {
    const sleeps: number[] = [];
    host.faults.push({ status: 502 }, { status: 429, headers: {}, body: '{}' });
    // the 429 carries no Retry-After: full jitter; then the third attempt succeeds
    expect(await gh({ sleeps }).branchHead('main')).toBe(host.head());
    expect(sleeps).toHaveLength(2);

    const n = host.requests.length;
    host.faults.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await expect(gh().branchHead('main')).rejects.toMatchObject({ code: 'GIT_SERVER_ERROR', status: 503 });
    expect(host.requests.length - n).toBe(3);
    host.faults.length = 0;
  });

  it('waits what Retry-After says up to 30 s, and gives up rather than wait longer or past the deadline', async () => {
    const sleeps: number[] = [];
    host.faults.push({ status: 429, headers: { 'retry-after': '7' } });
    expect(await gh({ sleeps }).branchHead('main')).toBe(host.head());
    expect(sleeps).toEqual([7000]);

    const n = host.requests.length;
    host.faults.push({ status: 403, headers: { 'retry-after': '31' } });
    await expect(gh({ sleeps }).branchHead('main')).rejects.toMatchObject({ code: 'GIT_RATE_LIMITED', status: 403 });
    host.faults.push({ status: 429, headers: { 'retry-after': '2' } });
    await expect(gh({ sleeps, deadline: Date.now() + 1000 }).branchHead('main')).rejects.toMatchObject({ code: 'GIT_RATE_LIMITED' });
    expect(host.requests.length - n).toBe(2);
    expect(sleeps).toEqual([7000]);

    // GitHub's primary rate limit: 403 with x-ratelimit-remaining 0 waits until x-ratelimit-reset
    host.faults.push({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 10) } });
    expect(await gh({ sleeps }).branchHead('main')).toBe(host.head());
    expect(sleeps[1]).toBeGreaterThan(8000);
    expect(sleeps[1]).toBeLessThanOrEqual(10_000);
    // a plain 403 (a missing scope) is not retried and says so
    host.faults.push({ status: 403 });
    const e = (await gh({ sleeps }).branchHead('main').catch((x: unknown) => x)) as Error;
    expect(e).toMatchObject({ code: 'GIT_FORBIDDEN', status: 403 });
    expect(e.message).toContain('grant that scope');
    expect(sleeps).toHaveLength(2);
  });

  it('fails with GIT_TIMEOUT when the host stalls, after at most 3 attempts', async () => {
    const { createTransport } = await import('../../../shared/oss/transport.ts');
    const transport = createTransport({ timeouts: { headersMs: 100 } });
    const n = host.requests.length;
    host.faults.push({ status: 200, delayMs: 2500 }, { status: 200, delayMs: 2500 }, { status: 200, delayMs: 2500 });
    const c = createGitHub({ api: host.githubApi, token: TOKEN, repository: 'team/site', transport, sleep: async () => {} });
    await expect(c.branchHead('main')).rejects.toMatchObject({ code: 'GIT_TIMEOUT' });
    expect(host.requests.length - n).toBe(3);
  });

  it('caps status descriptions at 140 characters', () => {
    const d = statusDescription(`buckets.assets.website.routingRules[3].redirect.mirrorURL: ${'x'.repeat(200)}`);
    expect(Array.from(d)).toHaveLength(140);
    expect(d.endsWith('…')).toBe(true);
    expect(statusDescription('short')).toBe('short');
  });
});

describe('a git host that drips its answer', () => {
  it('gives up on one attempt after the total request time (the per-chunk idle timeout never fires), GIT_TIMEOUT', async () => {
    const { createServer } = await import('node:http');
    const timers = new Set<NodeJS.Timeout>();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/vnd.github.raw+json' });
      let n = 0;
      const t = setInterval(() => {
        if (++n > 400 || res.destroyed) { clearInterval(t); res.end(); return; }
        res.write('#');
      }, 50);
      timers.add(t);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const api = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const c = createGitHub({ api, token: TOKEN, repository: 'team/site', maxAttempts: 1, requestTimeoutMs: 600 });
      const t0 = Date.now();
      const e = await c.readFile('ossedge.yaml', 'main').catch((x: unknown) => x as GitHostError);
      expect(e).toMatchObject({ code: 'GIT_TIMEOUT', op: 'readFile' });
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect((e as Error).message).not.toContain(TOKEN);
    } finally {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
