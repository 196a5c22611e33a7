// A git host stand-in on loopback: the GitHub REST and GitLab REST v4 subsets of spec/git-hosts.md,
// served from a REAL git repository made with the `git` CLI in a temp dir (`git show <sha>:<path>`,
// `git rev-parse`), recording statuses and comments, and webhook bodies shaped like the hosts'
// documented examples, signed as the hosts sign them.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { signGitHub } from '../../shared/hash/webhook-signature.ts';

export interface RecordedStatus {
  provider: 'github' | 'gitlab';
  sha: string;
  state: string;
  context: string;
  description?: string;
  targetUrl?: string;
}

export interface RecordedComment {
  id: number;
  number: number;
  body: string;
  edits: number;
}

/** A canned answer for the next API request (faults: 5xx, 429 with Retry-After, a stall). */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface Webhook {
  body: string;
  headers: Record<string, string>;
}

export interface Commit {
  sha: string;
  before: string;
  added: string[];
  modified: string[];
  removed: string[];
}

const ZERO = '0'.repeat(40);

export interface GitHostStandIn {
  readonly url: string;
  /** GitHub API base (`url`) and GitLab's (`url/api/v4`). */
  readonly githubApi: string;
  readonly gitlabApi: string;
  readonly dir: string;
  readonly repository: string;
  readonly statuses: RecordedStatus[];
  readonly comments: RecordedComment[];
  /** Every API request: `METHOD path` plus the auth header seen (for token checks). */
  readonly requests: Array<{ method: string; path: string; auth: string | undefined }>;
  /** Commits `files` (null deletes) on `branch` (created from HEAD when new); returns the commit. */
  commit(files: Record<string, string | null>, message?: string, branch?: string): Commit;
  head(branch?: string): string;
  faults: Fault[];
  /** Holds a request this many ms before serving it as usual (a slow host for one path, e.g. a race). */
  delay?: (method: string, path: string) => number;
  githubPush(c: Commit, o?: { branch?: string; forced?: boolean; deleted?: boolean; tag?: string; repository?: string; delivery?: string; commits?: unknown[] }): Webhook;
  githubPing(): Webhook;
  githubPullRequest(o: { number: number; action: string; headSha: string; base?: string; head?: string; fork?: boolean; delivery?: string }): Webhook;
  githubEvent(name: string, body: unknown, delivery?: string): Webhook;
  gitlabPush(c: Commit, o?: { branch?: string; idempotencyKey?: string; totalCommits?: number }): Webhook;
  gitlabMergeRequest(o: { iid: number; action: string; headSha: string; target?: string }): Webhook;
  codeupPush(c: Commit, o?: { branch?: string }): Webhook;
  close(): Promise<void>;
}

export interface GitHostOptions {
  /** `owner/repo` (GitHub) and the GitLab path; default `team/site`. */
  repository?: string;
  token: string;
  webhookSecret: string;
  defaultBranch?: string;
  /**
   * The token's scopes. GitHub: sent as `X-OAuth-Scopes` on every answer (a classic token); absent = a
   * fine-grained token (no header). GitLab: what `GET /personal_access_tokens/self` lists (default `api`).
   */
  scopes?: string[];
}

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', ...(input !== undefined ? { input } : {}), env: { ...process.env, GIT_AUTHOR_NAME: 'dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'dev', GIT_COMMITTER_EMAIL: 'dev@example.com' } }).trim();
}

function tryGit(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 16 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
};

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

export async function startGitHost(o: GitHostOptions): Promise<GitHostStandIn> {
  const repository = o.repository ?? 'team/site';
  const main = o.defaultBranch ?? 'main';
  const dir = mkdtempSync(join(tmpdir(), 'ossedge-git-'));
  git(dir, ['init', '-q', '-b', main]);
  git(dir, ['commit', '-q', '--allow-empty', '-m', 'init']);
  const statuses: RecordedStatus[] = [];
  const comments: RecordedComment[] = [];
  const requests: GitHostStandIn['requests'] = [];
  const faults: Fault[] = [];
  let nextComment = 1000;
  /** Each pull/merge request's head, as the last event built for it says (`GET .../pulls/:n`, `.../merge_requests/:iid`). */
  const pulls = new Map<number, string>();

  /** `ref` as a commit SHA (branch or SHA), undefined when unknown. */
  const resolve = (ref: string) => (/^[A-Za-z0-9/_.-]{1,200}$/.test(ref) ? tryGit(dir, ['rev-parse', '--verify', '-q', `${ref}^{commit}`])?.trim() : undefined);
  const show = (ref: string, path: string) => {
    const sha = resolve(ref);
    return sha ? tryGit(dir, ['show', `${sha}:${path}`]) : undefined;
  };
  const branchSha = (b: string) => tryGit(dir, ['rev-parse', '--verify', '-q', `refs/heads/${b}`])?.trim();

  function github(method: string, parts: string[], query: URLSearchParams, body: any, res: ServerResponse) {
    // parts: repos, owner, repo, ...
    if (parts[0] !== 'repos' || `${parts[1]}/${parts[2]}` !== repository) return send(res, 404, { message: 'Not Found' });
    const rest = parts.slice(3);
    if (rest.length === 0 && method === 'GET') return send(res, 200, { full_name: repository, default_branch: main });
    if (rest[0] === 'contents' && method === 'GET') {
      const text = show(query.get('ref') ?? main, rest.slice(1).join('/'));
      return text === undefined ? send(res, 404, { message: 'Not Found' }) : send(res, 200, text, 'application/vnd.github.raw+json');
    }
    if (rest[0] === 'branches' && method === 'GET') {
      const sha = branchSha(rest.slice(1).join('/'));
      return sha ? send(res, 200, { name: rest[1], commit: { sha } }) : send(res, 404, { message: 'Branch not found' });
    }
    if (rest[0] === 'statuses' && method === 'POST') {
      if (!resolve(rest[1]!)) return send(res, 422, { message: 'No commit found for SHA' });
      if (typeof body.description === 'string' && body.description.length > 140) return send(res, 422, { message: 'description is too long (maximum is 140 characters)' });
      statuses.push({ provider: 'github', sha: rest[1]!, state: body.state, context: body.context, description: body.description, ...(body.target_url ? { targetUrl: body.target_url } : {}) });
      return send(res, 201, { id: statuses.length, state: body.state });
    }
    if (rest[0] === 'commits' && rest[2] === 'statuses' && method === 'GET') {
      const sha = resolve(rest[1]!);
      return sha ? send(res, 200, statuses.filter((x) => x.provider === 'github' && x.sha === sha).reverse().map((x) => ({ state: x.state, context: x.context }))) : send(res, 404, { message: 'Not Found' });
    }
    if (rest[0] === 'pulls' && rest.length === 1 && method === 'GET') {
      return send(res, 200, [...pulls].map(([number, sha]) => ({ number, state: 'open', head: { sha } })));
    }
    if (rest[0] === 'pulls' && rest.length === 2 && method === 'GET') {
      const head = pulls.get(Number(rest[1]));
      return head ? send(res, 200, { number: Number(rest[1]), state: 'open', head: { sha: head } }) : send(res, 404, { message: 'Not Found' });
    }
    if (rest[0] === 'issues' && rest[2] === 'comments') {
      const n = Number(rest[1]);
      if (method === 'GET') {
        const page = Number(query.get('page') ?? 1);
        const per = Number(query.get('per_page') ?? 30);
        return send(res, 200, comments.filter((c) => c.number === n).slice((page - 1) * per, page * per).map((c) => ({ id: c.id, body: c.body })));
      }
      if (method === 'POST') {
        const c = { id: nextComment++, number: n, body: body.body, edits: 0 };
        comments.push(c);
        return send(res, 201, { id: c.id });
      }
    }
    if (rest[0] === 'issues' && rest[1] === 'comments' && method === 'DELETE') {
      const i = comments.findIndex((x) => x.id === Number(rest[2]));
      if (i < 0) return send(res, 404, { message: 'Not Found' });
      comments.splice(i, 1);
      res.writeHead(204).end();
      return;
    }
    if (rest[0] === 'issues' && rest[1] === 'comments' && method === 'PATCH') {
      const c = comments.find((x) => x.id === Number(rest[2]));
      if (!c) return send(res, 404, { message: 'Not Found' });
      c.body = body.body;
      c.edits++;
      return send(res, 200, { id: c.id });
    }
    return send(res, 404, { message: 'Not Found' });
  }

  function gitlab(method: string, parts: string[], query: URLSearchParams, body: any, res: ServerResponse) {
    // parts: api, v4, projects, <id>, ...
    if (parts[2] === 'personal_access_tokens' && parts[3] === 'self' && method === 'GET') {
      return send(res, 200, { id: 1, name: 'ossedge', revoked: false, active: true, scopes: o.scopes ?? ['api'], expires_at: null });
    }
    if (parts[2] !== 'projects' || parts[3] !== repository) return send(res, 404, { message: '404 Project Not Found' });
    const rest = parts.slice(4);
    if (rest.length === 0 && method === 'GET') return send(res, 200, { path_with_namespace: repository, default_branch: main });
    if (rest[0] === 'repository' && rest[1] === 'files' && rest[3] === 'raw' && method === 'GET') {
      const text = show(query.get('ref') ?? main, rest[2]!);
      return text === undefined ? send(res, 404, { message: '404 File Not Found' }) : send(res, 200, text, 'text/plain');
    }
    if (rest[0] === 'repository' && rest[1] === 'branches' && method === 'GET') {
      const sha = branchSha(rest[2]!);
      return sha ? send(res, 200, { name: rest[2], commit: { id: sha } }) : send(res, 404, { message: '404 Branch Not Found' });
    }
    if (rest[0] === 'statuses' && method === 'POST') {
      const prev = [...statuses].reverse().find((s) => s.sha === rest[1] && s.context === body.name);
      if (prev?.state === body.state) return send(res, 400, { message: `Cannot transition status via :${body.state} from :${prev!.state}` });
      statuses.push({ provider: 'gitlab', sha: rest[1]!, state: body.state, context: body.name, description: body.description, ...(body.target_url ? { targetUrl: body.target_url } : {}) });
      return send(res, 201, { id: statuses.length, status: body.state });
    }
    if (rest[0] === 'merge_requests' && rest.length === 2 && method === 'GET') {
      const head = pulls.get(Number(rest[1]));
      return head ? send(res, 200, { iid: Number(rest[1]), state: 'opened', sha: head }) : send(res, 404, { message: '404 Not found' });
    }
    if (rest[0] === 'merge_requests' && rest[2] === 'notes') {
      const n = Number(rest[1]);
      if (method === 'GET' && rest.length === 3) {
        const page = Number(query.get('page') ?? 1);
        const per = Number(query.get('per_page') ?? 20);
        // GitLab's default order is created_at desc (newest first); sort=asc asks for the oldest first
        const mine = comments.filter((c) => c.number === n);
        const ordered = query.get('sort') === 'asc' ? mine : [...mine].reverse();
        return send(res, 200, ordered.slice((page - 1) * per, page * per).map((c) => ({ id: c.id, body: c.body })));
      }
      if (method === 'POST' && rest.length === 3) {
        const c = { id: nextComment++, number: n, body: body.body, edits: 0 };
        comments.push(c);
        return send(res, 201, { id: c.id });
      }
      if (method === 'DELETE' && rest.length === 4) {
        const i = comments.findIndex((x) => x.id === Number(rest[3]));
        if (i < 0) return send(res, 404, { message: '404 Not found' });
        comments.splice(i, 1);
        res.writeHead(204).end();
        return;
      }
      if (method === 'PUT' && rest.length === 4) {
        const c = comments.find((x) => x.id === Number(rest[3]));
        if (!c) return send(res, 404, { message: '404 Not found' });
        c.body = body.body;
        c.edits++;
        return send(res, 200, { id: c.id });
      }
    }
    return send(res, 404, { message: '404 Not Found' });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const isGitlab = u.pathname.startsWith('/api/v4/');
      const auth = isGitlab ? (req.headers['private-token'] as string | undefined) : (req.headers.authorization as string | undefined);
      requests.push({ method: req.method ?? '', path: `${u.pathname}${u.search}`, auth });
      const body = req.method === 'GET' ? {} : await readBody(req);
      const hold = standIn.delay?.(req.method ?? '', `${u.pathname}${u.search}`) ?? 0;
      if (hold > 0) await new Promise((r) => setTimeout(r, hold));
      const fault = faults.shift();
      if (fault) {
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (!res.destroyed) send(res, fault.status, fault.body ?? '{"message":"fault"}', 'application/json', fault.headers);
        return;
      }
      const expected = isGitlab ? o.token : `Bearer ${o.token}`;
      if (auth !== expected) return send(res, 401, { message: 'Bad credentials' });
      if (!isGitlab && o.scopes) res.setHeader('x-oauth-scopes', o.scopes.join(', '));
      // GitLab's path parameters are URL-encoded (`group%2Fproject`, `dir%2Ffile.yaml`): split first, then decode
      const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      return isGitlab ? gitlab(req.method ?? '', parts, u.searchParams, body, res) : github(req.method ?? '', parts, u.searchParams, body, res);
    })().catch(() => send(res, 500, { message: 'stand-in error' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signedGitHub = (event: string, body: unknown, delivery: string = randomUUID()): Webhook => {
    const text = JSON.stringify(body);
    return { body: text, headers: { 'content-type': 'application/json', 'user-agent': 'GitHub-Hookshot/044aadd', 'x-github-event': event, 'x-github-delivery': delivery, 'x-github-hook-id': '4242', 'x-hub-signature-256': signGitHub(text, o.webhookSecret) } };
  };
  const ghRepo = { id: 1, name: repository.split('/')[1], full_name: repository, owner: { login: repository.split('/')[0], name: repository.split('/')[0] }, default_branch: main, html_url: `https://github.example/${repository}`, clone_url: `https://github.example/${repository}.git` };
  const glProject = { id: 7, name: repository.split('/').pop(), path_with_namespace: repository, default_branch: main, web_url: `https://gitlab.example/${repository}` };
  const gitlabHeaders = (event: string, key?: string) => ({ 'content-type': 'application/json', 'x-gitlab-event': event, 'x-gitlab-token': o.webhookSecret, 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-webhook-uuid': randomUUID(), 'x-gitlab-instance': 'https://gitlab.example', 'idempotency-key': key ?? randomUUID() });
  const commitJson = (c: Commit) => ({ id: c.sha, message: 'change', timestamp: new Date().toISOString(), added: c.added, modified: c.modified, removed: c.removed });

  const standIn: GitHostStandIn = {
    url, githubApi: url, gitlabApi: `${url}/api/v4`, dir, repository, statuses, comments, requests, faults,
    commit(files, message = 'change', branch = main) {
      if (!branchSha(branch)) git(dir, ['branch', branch, main]);
      git(dir, ['checkout', '-q', branch]);
      const before = git(dir, ['rev-parse', 'HEAD']);
      for (const [path, text] of Object.entries(files)) {
        const file = join(dir, path);
        if (text === null) git(dir, ['rm', '-q', path]);
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
          git(dir, ['add', path]);
        }
      }
      git(dir, ['commit', '-q', '--allow-empty', '-m', message]);
      const sha = git(dir, ['rev-parse', 'HEAD']);
      const changes = git(dir, ['diff-tree', '--no-commit-id', '--name-status', '-r', before, sha]).split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]);
      git(dir, ['checkout', '-q', main]);
      return { sha, before, added: changes.filter(([s]) => s === 'A').map(([, p]) => p), modified: changes.filter(([s]) => s === 'M').map(([, p]) => p), removed: changes.filter(([s]) => s === 'D').map(([, p]) => p) };
    },
    head: (branch = main) => branchSha(branch)!,
    githubPush(c, p = {}) {
      const ref = p.tag ? `refs/tags/${p.tag}` : `refs/heads/${p.branch ?? main}`;
      const after = p.deleted ? ZERO : c.sha;
      const commits = p.commits ?? (p.deleted ? [] : [commitJson(c)]);
      return signedGitHub('push', {
        ref, before: c.before, after, created: false, deleted: !!p.deleted, forced: !!p.forced, base_ref: null,
        compare: `https://github.example/${repository}/compare/${c.before.slice(0, 12)}...${after.slice(0, 12)}`,
        commits, head_commit: p.deleted ? null : commitJson(c),
        repository: p.repository ? { ...ghRepo, full_name: p.repository } : ghRepo,
        pusher: { name: 'dev', email: 'dev@example.com' }, sender: { login: 'dev', id: 9 },
      }, p.delivery);
    },
    githubPing: () => signedGitHub('ping', { zen: 'Keep it logically awesome.', hook_id: 4242, hook: { type: 'Repository', id: 4242, events: ['push', 'pull_request'] }, repository: ghRepo, sender: { login: 'dev' } }),
    githubPullRequest(p) {
      pulls.set(p.number, p.headSha);
      const headRepo = p.fork ? { ...ghRepo, full_name: `outsider/${ghRepo.name}` } : ghRepo;
      return signedGitHub('pull_request', {
        action: p.action, number: p.number,
        pull_request: { number: p.number, state: p.action === 'closed' ? 'closed' : 'open', draft: false, head: { sha: p.headSha, ref: p.head ?? 'feature', repo: headRepo }, base: { ref: p.base ?? main, sha: branchSha(main), repo: ghRepo } },
        repository: ghRepo, sender: { login: 'dev' },
      }, p.delivery);
    },
    githubEvent: (name, body, delivery) => signedGitHub(name, body, delivery),
    gitlabPush(c, p = {}) {
      const body = {
        object_kind: 'push', event_name: 'push', before: c.before, after: c.sha, ref: `refs/heads/${p.branch ?? main}`, checkout_sha: c.sha,
        user_username: 'dev', project_id: 7, project: glProject, commits: [commitJson(c)], total_commits_count: p.totalCommits ?? 1,
        repository: { name: glProject.name, homepage: glProject.web_url },
      };
      return { body: JSON.stringify(body), headers: gitlabHeaders('Push Hook', p.idempotencyKey) };
    },
    gitlabMergeRequest(p) {
      pulls.set(p.iid, p.headSha);
      const body = {
        object_kind: 'merge_request', event_type: 'merge_request', user: { username: 'dev' }, project: glProject,
        object_attributes: { iid: p.iid, action: p.action, state: p.action === 'close' ? 'closed' : 'opened', source_branch: 'feature', target_branch: p.target ?? main, source_project_id: 7, target_project_id: 7, last_commit: { id: p.headSha } },
      };
      return { body: JSON.stringify(body), headers: gitlabHeaders('Merge Request Hook') };
    },
    codeupPush(c, p = {}) {
      // Codeup: GitLab-like push without a project object; the secret as X-Codeup-Token
      const body = { object_kind: 'push', before: c.before, after: c.sha, ref: `refs/heads/${p.branch ?? main}`, checkout_sha: c.sha, user_name: 'dev', commits: [commitJson(c)], total_commits_count: 1, repository: { name: glProject.name, homepage: 'https://codeup.example/team/site' } };
      return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'codeup-event': 'Push Hook', 'x-codeup-token': o.webhookSecret } };
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return standIn;
}
