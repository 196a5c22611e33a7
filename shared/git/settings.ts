import { GitHostError } from './errors.ts';
import { createGitHub } from './github.ts';
import { createGitLab } from './gitlab.ts';
import type { GitHost, GitProvider } from './types.ts';

/** The variables `gitSettingsFrom` reads. */
export const GIT_SETTINGS_VARS = ['OSSEDGE_GIT_TOKEN', 'OSSEDGE_GIT_PROVIDER', 'OSSEDGE_GIT_REPOSITORY', 'OSSEDGE_GIT_API', 'OSSEDGE_GIT_PATH', 'OSSEDGE_GIT_BRANCH', 'OSSEDGE_DASHBOARD_URL'] as const;

export const DEFAULT_GIT_PATH = 'ossedge.yaml';

/** The OSSEDGE_GIT_* settings, read once by the function. */
export interface GitSettings {
  provider?: GitProvider;
  repository?: string;
  /** Secret: GitOps (reading git, statuses, comments) is on only with it. */
  token?: string;
  api?: string;
  path: string;
  /** The tracked branch; default the repository's default branch. */
  branch?: string;
  /** OSSEDGE_DASHBOARD_URL: the statuses' target_url. */
  dashboardUrl?: string;
}

/** GitOps proper: a token, a provider and a repository (the timer has no event to learn them from). */
export type GitOpsSettings = GitSettings & { provider: GitProvider; repository: string; token: string };

export const gitOpsEnabled = (s: GitSettings | undefined): s is GitOpsSettings => !!(s?.token && s.provider && s.repository);

/** From an environment record (never `process.env` here); a token without provider and repository is refused. */
export function gitSettingsFrom(env: Readonly<Record<string, string | undefined>>): GitSettings {
  const provider = env.OSSEDGE_GIT_PROVIDER || undefined;
  if (provider !== undefined && provider !== 'github' && provider !== 'gitlab') {
    throw new GitHostError('GIT_NOT_CONFIGURED', 'OSSEDGE_GIT_PROVIDER must be "github" or "gitlab"', { op: 'configure' });
  }
  const s: GitSettings = {
    path: (env.OSSEDGE_GIT_PATH || DEFAULT_GIT_PATH).replace(/^\/+/, ''),
    ...(provider ? { provider } : {}),
    ...(env.OSSEDGE_GIT_REPOSITORY ? { repository: env.OSSEDGE_GIT_REPOSITORY } : {}),
    ...(env.OSSEDGE_GIT_TOKEN ? { token: env.OSSEDGE_GIT_TOKEN } : {}),
    ...(env.OSSEDGE_GIT_API ? { api: env.OSSEDGE_GIT_API } : {}),
    ...(env.OSSEDGE_GIT_BRANCH ? { branch: env.OSSEDGE_GIT_BRANCH } : {}),
    ...(env.OSSEDGE_DASHBOARD_URL ? { dashboardUrl: env.OSSEDGE_DASHBOARD_URL } : {}),
  };
  if (s.token && !gitOpsEnabled(s)) {
    throw new GitHostError('GIT_NOT_CONFIGURED', 'OSSEDGE_GIT_TOKEN is set: OSSEDGE_GIT_PROVIDER and OSSEDGE_GIT_REPOSITORY are required too', { op: 'configure' });
  }
  return s;
}

/** The client for the configured host. */
export function gitHostFor(s: GitOpsSettings, extra: { deadline?: number } = {}): GitHost {
  const o = { token: s.token, repository: s.repository, ...(s.api ? { api: s.api } : {}), ...extra };
  return s.provider === 'github' ? createGitHub(o) : createGitLab(o);
}
