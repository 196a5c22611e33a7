import { GitHostError } from './errors.ts';
import type { ProviderOptions } from './github.ts';
import { createGitHttp, hostJson as json } from './http.ts';
import { isSha, MAX_COMMENT_CHARS, MAX_COMMENT_PAGES, MAX_FILE_BYTES, type CommitState, type GitHost } from './types.ts';

export const GITLAB_API = 'https://gitlab.com/api/v4';
const PROJECT = /^[A-Za-z0-9_.-]{1,255}(\/[A-Za-z0-9_.-]{1,255}){1,20}$/;
const STATES: Record<CommitState, string> = { pending: 'pending', success: 'success', failure: 'failed', error: 'failed' };

/** GitLab REST v4 (gitlab.com or self-managed `https://HOST/api/v4`); the project by its path. */
export function createGitLab(o: ProviderOptions): GitHost {
  if (!PROJECT.test(o.repository)) throw new GitHostError('GIT_NOT_CONFIGURED', 'OSSEDGE_GIT_REPOSITORY must be group/project for GitLab', { op: 'configure' });
  const call = createGitHttp({ ...o, api: o.api ?? GITLAB_API, auth: { 'private-token': o.token }, headers: { accept: 'application/json', 'user-agent': 'ossedge' } });
  const project = `/projects/${encodeURIComponent(o.repository)}`;
  const what = `project ${o.repository}`;
  const scope = 'use the API (scope api, or read_repository to read)';
  // GitLab refuses the same state twice in a row (400 "Cannot transition status"): the last one posted here
  const last = new Map<string, string>();
  return {
    provider: 'gitlab',
    repository: o.repository,
    async readFile(path, ref) {
      const r = await call({
        op: 'readFile', method: 'GET', path: `${project}/repository/files/${encodeURIComponent(path)}/raw?ref=${encodeURIComponent(ref)}`,
        maxBytes: MAX_FILE_BYTES, tooLarge: 'GIT_FILE_TOO_LARGE', what: `${path} at ${ref} in ${what}`, scope,
      });
      return r.text;
    },
    async branchHead(branch) {
      const r = await call({ op: 'branchHead', method: 'GET', path: `${project}/repository/branches/${encodeURIComponent(branch)}`, what: `branch ${branch} of ${what}`, scope });
      const sha = json<{ commit?: { id?: unknown } }>('branchHead', r.text).commit?.id;
      if (!isSha(sha)) throw new GitHostError('GIT_BAD_RESPONSE', 'branchHead: no commit id in the answer', { op: 'branchHead' });
      return sha;
    },
    async defaultBranch() {
      const r = await call({ op: 'defaultBranch', method: 'GET', path: project, what, scope });
      const b = json<{ default_branch?: unknown }>('defaultBranch', r.text).default_branch;
      if (typeof b !== 'string' || b === '') throw new GitHostError('GIT_BAD_RESPONSE', 'defaultBranch: no default_branch in the answer', { op: 'defaultBranch' });
      return b;
    },
    async setStatus(sha, s) {
      const state = STATES[s.state];
      const k = `${sha}/${s.context}`;
      if (last.get(k) === state) return;
      try {
        await call({
          op: 'setStatus', method: 'POST', path: `${project}/statuses/${sha}`,
          json: { state, name: s.context, description: s.description, ...(s.targetUrl ? { target_url: s.targetUrl } : {}) },
          what: `commit ${sha} of ${what}`, scope: 'set commit statuses (scope api, Developer role)',
        });
      } catch (e) {
        // another instance already posted this state: the status is what we wanted
        if (!(e instanceof GitHostError && e.status === 400)) throw e;
      }
      last.set(k, state);
    },
    async pullHead(number) {
      const r = await call({ op: 'pullHead', method: 'GET', path: `${project}/merge_requests/${number}`, what: `merge request !${number} of ${what}`, scope });
      const sha = json<{ sha?: unknown }>('pullHead', r.text).sha;
      if (!isSha(sha)) throw new GitHostError('GIT_BAD_RESPONSE', 'pullHead: no head SHA in the answer', { op: 'pullHead' });
      return sha;
    },
    async upsertComment(number, marker, body) {
      const text = body.slice(0, MAX_COMMENT_CHARS);
      const notes = `${project}/merge_requests/${number}/notes`;
      const mrWhat = `merge request !${number} of ${what}`;
      for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const r = await call({ op: 'listComments', method: 'GET', path: `${notes}?sort=asc&order_by=created_at&per_page=100&page=${page}`, what: mrWhat, scope });
        const list = json<Array<{ id?: unknown; body?: unknown }>>('listComments', r.text);
        if (!Array.isArray(list)) throw new GitHostError('GIT_BAD_RESPONSE', 'listComments: not a list', { op: 'listComments' });
        // our comment starts with the marker; one that only quotes it is someone else's
        const mine = list.find((c) => typeof c.body === 'string' && c.body.startsWith(marker));
        if (mine && (typeof mine.id === 'number' || typeof mine.id === 'string')) {
          await call({ op: 'updateComment', method: 'PUT', path: `${notes}/${encodeURIComponent(String(mine.id))}`, json: { body: text }, what: `note ${mine.id}`, scope });
          return { id: String(mine.id), created: false };
        }
        if (list.length < 100) break;
      }
      const r = await call({ op: 'createComment', method: 'POST', path: notes, json: { body: text }, what: mrWhat, scope });
      const id = String(json<{ id?: unknown }>('createComment', r.text).id);
      // another run may have created one meanwhile (two events for one head): the oldest stays, ours goes
      const r2 = await call({ op: 'listComments', method: 'GET', path: `${notes}?sort=asc&order_by=created_at&per_page=100&page=1`, what: mrWhat, scope });
      const list2 = json<Array<{ id?: unknown; body?: unknown }>>('listComments', r2.text);
      const oldest = Array.isArray(list2) ? list2.find((c) => typeof c.body === 'string' && c.body.startsWith(marker)) : undefined;
      if (oldest && (typeof oldest.id === 'number' || typeof oldest.id === 'string') && String(oldest.id) !== id) {
        await call({ op: 'deleteComment', method: 'DELETE', path: `${notes}/${encodeURIComponent(id)}`, what: `note ${id}`, scope });
        await call({ op: 'updateComment', method: 'PUT', path: `${notes}/${encodeURIComponent(String(oldest.id))}`, json: { body: text }, what: `note ${oldest.id}`, scope });
        return { id: String(oldest.id), created: false };
      }
      return { id, created: true };
    },
  };
}
