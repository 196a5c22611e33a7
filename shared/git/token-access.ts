// What the GitOps token may do, asked of the git host without writing anything (`ossedge doctor`).
// GitHub classic tokens list their scopes in `X-OAuth-Scopes` on every answer; fine-grained tokens and
// app tokens do not, so their permissions are probed with reads (contents, commit statuses, pull requests):
// the write halves cannot be seen without writing. GitLab says a token's scopes at
// `GET /personal_access_tokens/self` (personal, project and group access tokens alike).
import { GitHostError } from './errors.ts';
import { createGitHttp, type GitCall, type GitHttpOptions } from './http.ts';
import { GITHUB_API } from './github.ts';
import { GITLAB_API } from './gitlab.ts';
import { encodePath, type GitProvider } from './types.ts';
import type { GitOpsSettings } from './settings.ts';

export interface TokenAccess {
  provider: GitProvider;
  /** `classic` (GitHub scopes header), `fine-grained` (GitHub, probed by reads), `gitlab`. */
  kind: 'classic' | 'fine-grained' | 'gitlab';
  /** The scopes the host listed (classic, gitlab). */
  scopes?: string[];
  /** What the token lacks, in the host's words; empty when it has what GitOps needs. */
  missing: string[];
  /** What could not be verified without writing. */
  unverified: string[];
}

/** The scopes GitOps needs: statuses and comments are written, so GitLab needs `api` (read_api cannot write). */
export const GITLAB_SCOPE = 'api';

/** `notFound`: what a 404 means when it need not be the permission (a path that is not there). */
type Probe = { call: GitCall; need: string; notFound?: string };

function scopesOf(header: string | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  return header.slice(0, 2000).split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function missingOf(call: (c: GitCall) => Promise<unknown>, probes: Probe[]): Promise<string[]> {
  const missing: string[] = [];
  for (const p of probes) {
    try {
      await call(p.call);
    } catch (e) {
      // 403: a permission the token lacks; 404 of a path the repository has: no access either
      if (e instanceof GitHostError && e.code === 'GIT_FORBIDDEN') missing.push(p.need);
      else if (e instanceof GitHostError && e.code === 'GIT_NOT_FOUND') missing.push(p.notFound ?? p.need);
      else throw e;
    }
  }
  return missing;
}

async function github(s: GitOpsSettings, http: Omit<GitHttpOptions, 'api' | 'auth' | 'headers'>, ref: string | undefined): Promise<TokenAccess> {
  const call = createGitHttp({
    ...http, api: s.api ?? GITHUB_API, auth: { authorization: `Bearer ${s.token}` },
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'ossedge' },
  });
  const repo = `/repos/${s.repository.split('/').map(encodeURIComponent).join('/')}`;
  const meta = await call({ op: 'tokenAccess', method: 'GET', path: repo, what: `repository ${s.repository}`, scope: 'read metadata' });
  const scopes = scopesOf(meta.headers['x-oauth-scopes']);
  if (scopes !== undefined) {
    // `repo` covers it all; a public repository can do with public_repo (comments) and repo:status
    const ok = scopes.includes('repo') || (scopes.includes('public_repo') && scopes.includes('repo:status'));
    return { provider: 'github', kind: 'classic', scopes, missing: ok ? [] : ['repo (or public_repo and repo:status for a public repository)'], unverified: [] };
  }
  let branch = ref;
  if (!branch) {
    const d = JSON.parse(meta.text || '{}') as { default_branch?: unknown };
    branch = typeof d.default_branch === 'string' ? d.default_branch : 'main';
  }
  const q = encodeURIComponent(branch);
  const missing = await missingOf(call, [
    { need: 'Contents: read', notFound: `Contents: read, or ${s.path} is not on ${branch} (OSSEDGE_GIT_PATH, OSSEDGE_GIT_BRANCH)`, call: { op: 'tokenAccess', method: 'GET', path: `${repo}/contents/${encodePath(s.path)}?ref=${q}`, headers: { accept: 'application/vnd.github.raw+json' }, maxBytes: 1024 * 1024, what: `${s.path} at ${branch}`, scope: 'read contents (Contents: read)' } },
    { need: 'Commit statuses: read and write', call: { op: 'tokenAccess', method: 'GET', path: `${repo}/commits/${q}/statuses?per_page=1`, what: `the statuses of ${branch}`, scope: 'read commit statuses (Commit statuses: read)' } },
    { need: 'Pull requests: read and write', call: { op: 'tokenAccess', method: 'GET', path: `${repo}/pulls?per_page=1`, what: 'the pull requests', scope: 'read pull requests (Pull requests: read)' } },
  ]);
  return { provider: 'github', kind: 'fine-grained', missing, unverified: ['the write halves of Commit statuses and Pull requests'] };
}

async function gitlab(s: GitOpsSettings, http: Omit<GitHttpOptions, 'api' | 'auth' | 'headers'>): Promise<TokenAccess> {
  const call = createGitHttp({ ...http, api: s.api ?? GITLAB_API, auth: { 'private-token': s.token }, headers: { 'user-agent': 'ossedge' } });
  await call({ op: 'tokenAccess', method: 'GET', path: `/projects/${encodeURIComponent(s.repository)}`, what: `project ${s.repository}`, scope: 'read the project' });
  const self = await call({ op: 'tokenAccess', method: 'GET', path: '/personal_access_tokens/self', what: 'the token itself', scope: 'read its own scopes' });
  let body: { scopes?: unknown; active?: unknown };
  try {
    body = JSON.parse(self.text) as typeof body;
  } catch {
    throw new GitHostError('GIT_BAD_RESPONSE', 'tokenAccess: the git host answered with malformed JSON', { op: 'tokenAccess' });
  }
  const scopes = Array.isArray(body.scopes) ? body.scopes.filter((x): x is string => typeof x === 'string').slice(0, 50) : [];
  const missing = [...(scopes.includes(GITLAB_SCOPE) ? [] : [GITLAB_SCOPE]), ...(body.active === false ? ['an active (not revoked or expired) token'] : [])];
  return { provider: 'gitlab', kind: 'gitlab', scopes, missing, unverified: ['the Developer role (to set statuses and notes)'] };
}

/** The token's access for GitOps; throws GitHostError when the host refuses the token or the repository. */
export function tokenAccess(s: GitOpsSettings, http: Omit<GitHttpOptions, 'api' | 'auth' | 'headers'> = {}): Promise<TokenAccess> {
  return s.provider === 'github' ? github(s, http, s.branch) : gitlab(s, http);
}
