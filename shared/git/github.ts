import { GitHostError } from './errors.ts';
import { createGitHttp, hostJson as json, type GitHttpOptions } from './http.ts';
import { encodePath, isSha, MAX_COMMENT_CHARS, MAX_COMMENT_PAGES, MAX_FILE_BYTES, type GitHost } from './types.ts';

export const GITHUB_API = 'https://api.github.com';
const REPO = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

export type ProviderOptions = Omit<GitHttpOptions, 'auth' | 'headers' | 'api'> & { api?: string; token: string; repository: string };

/** GitHub REST (API version 2022-11-28), github.com or Enterprise Server (`https://HOST/api/v3`). */
export function createGitHub(o: ProviderOptions): GitHost {
  if (!REPO.test(o.repository)) throw new GitHostError('GIT_NOT_CONFIGURED', 'OSSEDGE_GIT_REPOSITORY must be owner/repo for GitHub', { op: 'configure' });
  const call = createGitHttp({
    ...o, api: o.api ?? GITHUB_API, auth: { authorization: `Bearer ${o.token}` },
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'ossedge' },
  });
  const repo = `/repos/${o.repository.split('/').map(encodeURIComponent).join('/')}`;
  const repoWhat = `repository ${o.repository}`;
  return {
    provider: 'github',
    repository: o.repository,
    async readFile(path, ref) {
      const r = await call({
        op: 'readFile', method: 'GET', path: `${repo}/contents/${encodePath(path)}?ref=${encodeURIComponent(ref)}`,
        headers: { accept: 'application/vnd.github.raw+json' }, maxBytes: MAX_FILE_BYTES, tooLarge: 'GIT_FILE_TOO_LARGE',
        what: `${path} at ${ref} in ${repoWhat}`, scope: 'read contents (Contents: read)',
      });
      return r.text;
    },
    async branchHead(branch) {
      const r = await call({ op: 'branchHead', method: 'GET', path: `${repo}/branches/${encodeURIComponent(branch)}`, what: `branch ${branch} of ${repoWhat}`, scope: 'read contents (Contents: read)' });
      const sha = json<{ commit?: { sha?: unknown } }>('branchHead', r.text).commit?.sha;
      if (!isSha(sha)) throw new GitHostError('GIT_BAD_RESPONSE', 'branchHead: no commit SHA in the answer', { op: 'branchHead' });
      return sha;
    },
    async defaultBranch() {
      const r = await call({ op: 'defaultBranch', method: 'GET', path: repo, what: repoWhat, scope: 'read metadata' });
      const b = json<{ default_branch?: unknown }>('defaultBranch', r.text).default_branch;
      if (typeof b !== 'string' || b === '') throw new GitHostError('GIT_BAD_RESPONSE', 'defaultBranch: no default_branch in the answer', { op: 'defaultBranch' });
      return b;
    },
    async setStatus(sha, s) {
      await call({
        op: 'setStatus', method: 'POST', path: `${repo}/statuses/${sha}`,
        json: { state: s.state, context: s.context, description: s.description, ...(s.targetUrl ? { target_url: s.targetUrl } : {}) },
        what: `commit ${sha} of ${repoWhat}`, scope: 'write commit statuses (Commit statuses: read and write)',
      });
    },
    async pullHead(number) {
      const r = await call({ op: 'pullHead', method: 'GET', path: `${repo}/pulls/${number}`, what: `pull request #${number} of ${repoWhat}`, scope: 'read pull requests (Pull requests: read)' });
      const sha = json<{ head?: { sha?: unknown } }>('pullHead', r.text).head?.sha;
      if (!isSha(sha)) throw new GitHostError('GIT_BAD_RESPONSE', 'pullHead: no head SHA in the answer', { op: 'pullHead' });
      return sha;
    },
    async upsertComment(number, marker, body) {
      const text = body.slice(0, MAX_COMMENT_CHARS);
      const scope = 'read and write pull request comments (Pull requests: read and write)';
      for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const r = await call({ op: 'listComments', method: 'GET', path: `${repo}/issues/${number}/comments?per_page=100&page=${page}`, what: `pull request #${number} of ${repoWhat}`, scope });
        const list = json<Array<{ id?: unknown; body?: unknown }>>('listComments', r.text);
        if (!Array.isArray(list)) throw new GitHostError('GIT_BAD_RESPONSE', 'listComments: not a list', { op: 'listComments' });
        // our comment starts with the marker; one that only quotes it is someone else's
        const mine = list.find((c) => typeof c.body === 'string' && c.body.startsWith(marker));
        if (mine && (typeof mine.id === 'number' || typeof mine.id === 'string')) {
          await call({ op: 'updateComment', method: 'PATCH', path: `${repo}/issues/comments/${encodeURIComponent(String(mine.id))}`, json: { body: text }, what: `comment ${mine.id}`, scope });
          return { id: String(mine.id), created: false };
        }
        if (list.length < 100) break;
      }
      const r = await call({ op: 'createComment', method: 'POST', path: `${repo}/issues/${number}/comments`, json: { body: text }, what: `pull request #${number} of ${repoWhat}`, scope });
      const id = String(json<{ id?: unknown }>('createComment', r.text).id);
      // another run may have created one meanwhile (two events for one head): the oldest stays, ours goes
      const r2 = await call({ op: 'listComments', method: 'GET', path: `${repo}/issues/${number}/comments?per_page=100&page=1`, what: `pull request #${number} of ${repoWhat}`, scope });
      const list2 = json<Array<{ id?: unknown; body?: unknown }>>('listComments', r2.text);
      const oldest = Array.isArray(list2) ? list2.find((c) => typeof c.body === 'string' && c.body.startsWith(marker)) : undefined;
      if (oldest && (typeof oldest.id === 'number' || typeof oldest.id === 'string') && String(oldest.id) !== id) {
        await call({ op: 'deleteComment', method: 'DELETE', path: `${repo}/issues/comments/${encodeURIComponent(id)}`, what: `comment ${id}`, scope });
        await call({ op: 'updateComment', method: 'PATCH', path: `${repo}/issues/comments/${encodeURIComponent(String(oldest.id))}`, json: { body: text }, what: `comment ${oldest.id}`, scope });
        return { id: String(oldest.id), created: false };
      }
      return { id, created: true };
    },
  };
}
