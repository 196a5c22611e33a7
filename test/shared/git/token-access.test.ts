// What a GitOps token may do, asked of the git host stand-in (loopback, a real git repository behind it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHostError } from '../../../shared/git/errors.ts';
import { tokenAccess } from '../../../shared/git/token-access.ts';
import type { GitOpsSettings } from '../../../shared/git/settings.ts';
import { startGitHost, type GitHostStandIn } from '../../helpers/git-host.ts';

const TOKEN = 'token-access-test-token';
const hosts: GitHostStandIn[] = [];
let fine: GitHostStandIn;

async function host(scopes?: string[]): Promise<GitHostStandIn> {
  const h = await startGitHost({ token: TOKEN, webhookSecret: 'unused', ...(scopes ? { scopes } : {}) });
  hosts.push(h);
  return h;
}

const github = (h: GitHostStandIn, extra: Partial<GitOpsSettings> = {}): GitOpsSettings => ({ provider: 'github', repository: 'team/site', token: TOKEN, api: h.githubApi, path: 'ossedge.yaml', ...extra });
const gitlab = (h: GitHostStandIn): GitOpsSettings => ({ provider: 'gitlab', repository: 'team/site', token: TOKEN, api: h.gitlabApi, path: 'ossedge.yaml' });

beforeAll(async () => {
  fine = await host();
  fine.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {}\n' });
});
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

describe('tokenAccess', () => {
  it('GitHub classic: reads X-OAuth-Scopes; repo, or public_repo with repo:status, is enough', async () => {
    expect(await tokenAccess(github(await host(['repo', 'read:org'])))).toEqual({ provider: 'github', kind: 'classic', scopes: ['repo', 'read:org'], missing: [], unverified: [] });
    expect((await tokenAccess(github(await host(['public_repo', 'repo:status'])))).missing).toEqual([]);
    expect((await tokenAccess(github(await host(['public_repo'])))).missing).toEqual(['repo (or public_repo and repo:status for a public repository)']);
    expect((await tokenAccess(github(await host([])))).missing).toHaveLength(1);
  });

  it('GitHub fine-grained (no scopes header): probes contents, statuses and pull requests with reads only', async () => {
    const access = await tokenAccess(github(fine));
    expect(access).toMatchObject({ kind: 'fine-grained', missing: [], unverified: ['the write halves of Commit statuses and Pull requests'] });
    const paths = fine.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      'GET /repos/team/site',
      'GET /repos/team/site/contents/ossedge.yaml?ref=main',
      'GET /repos/team/site/commits/main/statuses?per_page=1',
      'GET /repos/team/site/pulls?per_page=1',
    ]);
    // a path that is not on the tracked branch is named, with the permission it may also be
    const other = await tokenAccess(github(fine, { path: 'conf/missing.yaml', branch: 'main' }));
    expect(other.missing).toEqual(['Contents: read, or conf/missing.yaml is not on main (OSSEDGE_GIT_PATH, OSSEDGE_GIT_BRANCH)']);
  });

  it('GitHub: a 403 on a probe is the permission the token lacks', async () => {
    const h = await host();
    h.commit({ 'ossedge.yaml': 'version: 1\nbuckets: {}\n' });
    // the metadata and contents reads answer; the statuses read (the third request) is refused
    let n = 0;
    h.delay = () => {
      if (++n === 3) h.faults.push({ status: 403, body: '{"message":"Resource not accessible by personal access token"}' });
      return 0;
    };
    const access = await tokenAccess(github(h), { maxAttempts: 1 });
    expect(access.missing).toEqual(['Commit statuses: read and write']);
  });

  it('GitLab: the scopes of /personal_access_tokens/self; api is required', async () => {
    expect(await tokenAccess(gitlab(await host()))).toEqual({ provider: 'gitlab', kind: 'gitlab', scopes: ['api'], missing: [], unverified: ['the Developer role (to set statuses and notes)'] });
    expect((await tokenAccess(gitlab(await host(['read_api', 'read_repository'])))).missing).toEqual(['api']);
  });

  it('a refused token or repository is a GitHostError, never with the token in it', async () => {
    const err = await tokenAccess({ ...github(fine), token: 'wrong-token-value' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHostError);
    expect(err).toMatchObject({ code: 'GIT_UNAUTHORIZED' });
    expect(String((err as Error).message)).not.toContain('wrong-token-value');
    await expect(tokenAccess({ ...github(fine), repository: 'team/other' })).rejects.toMatchObject({ code: 'GIT_NOT_FOUND' });
    await expect(tokenAccess({ ...gitlab(fine), repository: 'team/other' })).rejects.toMatchObject({ code: 'GIT_NOT_FOUND' });
  });
});
