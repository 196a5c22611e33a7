import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideGitEvent, parseGitEvent } from '../../../shared/git/index.ts';
import { startGitHost, type Commit, type GitHostStandIn, type Webhook } from '../../helpers/git-host.ts';

let host: GitHostStandIn;
let change: Commit;
let other: Commit;
beforeAll(async () => {
  host = await startGitHost({ token: 't0ken-value', webhookSecret: 's' });
  change = host.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {}\n' });
  other = host.commit({ 'README.md': 'docs\n' });
});
afterAll(() => host?.close());

const decide = (w: Webhook, o: { branch?: string; repository?: string } = {}) => {
  const source = w.headers['x-hub-signature-256'] ? 'github' : w.headers['x-gitlab-token'] ? 'gitlab' : 'codeup';
  const d = decideGitEvent(parseGitEvent(source, (n) => w.headers[n], JSON.parse(w.body)), { path: 'ossedge.yaml', repository: 'team/site', ...o });
  return d.action === 'ignore' ? d.reason : d.action;
};

describe('the GitOps event table', () => {
  it('applies a push to the tracked branch that touches the config, or whose file list is unknown', () => {
    expect(decide(host.githubPush(change))).toBe('apply');
    expect(decide(host.githubPush(other, { forced: true }))).toBe('apply');
    expect(decide(host.githubPush(other, { commits: [] }))).toBe('apply');
    expect(decide(host.gitlabPush(change))).toBe('apply');
    expect(decide(host.gitlabPush(other, { totalCommits: 25 }))).toBe('apply'); // GitLab lists 20 at most
    expect(decide(host.codeupPush(change))).toBe('apply');
  });

  it('ignores other branches, tags, deletions, untouched config, other repositories and other events', () => {
    expect(decide(host.githubPush(change, { branch: 'feature/wip' }))).toBe('other-branch');
    expect(decide(host.githubPush(change), { branch: 'release' })).toBe('other-branch');
    expect(decide(host.githubPush(change, { tag: 'v1.0.0' }))).toBe('tag');
    expect(decide(host.githubPush(change, { deleted: true }))).toBe('branch-deleted');
    expect(decide(host.githubPush(other))).toBe('config-unchanged');
    expect(decide(host.gitlabPush(other))).toBe('config-unchanged');
    expect(decide(host.githubPush(change, { repository: 'someone/else' }))).toBe('other-repository');
    expect(decide(host.githubEvent('issue_comment', { action: 'created', repository: { full_name: 'team/site' } }))).toBe('event-not-handled');
    expect(decide(host.githubPing())).toBe('pong');
  });

  it('plans open pull/merge requests into the tracked branch and ignores the others', () => {
    expect(decide(host.githubPullRequest({ number: 1, action: 'opened', headSha: change.sha }))).toBe('plan');
    expect(decide(host.githubPullRequest({ number: 1, action: 'synchronize', headSha: change.sha }))).toBe('plan');
    expect(decide(host.githubPullRequest({ number: 1, action: 'closed', headSha: change.sha }))).toBe('event-not-handled');
    expect(decide(host.githubPullRequest({ number: 1, action: 'opened', headSha: change.sha, base: 'release' }))).toBe('other-branch');
    expect(decide(host.gitlabMergeRequest({ iid: 2, action: 'update', headSha: change.sha }))).toBe('plan');
    expect(decide(host.gitlabMergeRequest({ iid: 2, action: 'close', headSha: change.sha }))).toBe('event-not-handled');
    const fork = parseGitEvent('github', (n) => host.githubPullRequest({ number: 3, action: 'opened', headSha: change.sha, fork: true }).headers[n], JSON.parse(host.githubPullRequest({ number: 3, action: 'opened', headSha: change.sha, fork: true }).body));
    expect(fork).toMatchObject({ kind: 'pull', fork: true, headSha: change.sha });
  });
});

describe('hostile event fields', () => {
  it('takes an over-long field as absent (never cut): a 2 KB ref is not a branch push', () => {
    const w = host.githubPush(change);
    const body = JSON.parse(w.body);
    body.ref = `refs/heads/main${'x'.repeat(2048)}`;
    expect(decideGitEvent(parseGitEvent('github', (n) => w.headers[n], body), { path: 'ossedge.yaml', repository: 'team/site' })).toEqual({ action: 'ignore', reason: 'event-not-handled' });
    body.ref = 'refs/heads/main';
    body.sender = { login: 'y'.repeat(5000) };
    body.pusher = { name: 'z'.repeat(5000) };
    expect(parseGitEvent('github', (n) => w.headers[n], body)).not.toHaveProperty('sender');
  });
});

describe('a merge request counts as from a fork unless it surely is not', () => {
  const mr = (attrs: Record<string, unknown>) => parseGitEvent('gitlab', (n) => (n === 'x-gitlab-event' ? 'Merge Request Hook' : undefined), {
    object_kind: 'merge_request', project: { path_with_namespace: 'group/site', default_branch: 'main' },
    object_attributes: { iid: 4, action: 'open', state: 'opened', target_branch: 'main', last_commit: { id: 'a'.repeat(40) }, ...attrs },
  });
  it('same source and target project: not a fork', () => {
    expect(mr({ source_project_id: 7, target_project_id: 7 })).toMatchObject({ kind: 'pull', fork: false });
    expect(mr({ source: { path_with_namespace: 'group/site' }, target: { path_with_namespace: 'group/site' } })).toMatchObject({ fork: false });
  });
  it('another source project, or none named (a payload without the ids, a Codeup merge request): a fork', () => {
    expect(mr({ source_project_id: 8, target_project_id: 7 })).toMatchObject({ fork: true });
    expect(mr({})).toMatchObject({ kind: 'pull', fork: true });
    expect(mr({ target_project_id: 7 })).toMatchObject({ fork: true });
    expect(mr({ source_project_id: 7 })).toMatchObject({ fork: true });
  });
});

describe('a GitHub push listing the webhook maximum of 2,048 commits', () => {
  it('may be truncated (no total count is sent): never config-unchanged', () => {
    const docsOnly = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i.toString(16).padStart(40, '0'), message: 'docs', added: [], modified: ['README.md'], removed: [] }));
    expect(decide(host.githubPush(other, { commits: docsOnly(2_047) }))).toBe('config-unchanged');
    expect(decide(host.githubPush(other, { commits: docsOnly(2_048) }))).toBe('apply');
  });
});
