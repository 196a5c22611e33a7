// A git host's webhook body, reduced to what GitOps decides on (spec/git-hosts.md: GitHub push /
// pull_request / ping; GitLab and Codeup Push Hook / Merge Request Hook). Only fields are read; a
// field of the wrong type counts as absent, never as a default that would start a run.
import { isSha } from './types.ts';

export type GitSource = 'github' | 'gitlab' | 'codeup';

export interface FileChanges {
  added?: unknown;
  modified?: unknown;
  removed?: unknown;
}

export interface PushEvent {
  kind: 'push';
  source: GitSource;
  repository?: string;
  ref: string;
  before?: string;
  after?: string;
  forced: boolean;
  /** undefined when the file lists cannot be trusted to be complete (GitLab's total above the list). */
  commits?: FileChanges[];
  defaultBranch?: string;
  sender?: string;
  webUrl?: string;
}

export interface PullEvent {
  kind: 'pull';
  source: GitSource;
  repository?: string;
  number: number;
  action: string;
  open: boolean;
  baseBranch: string;
  headSha?: string;
  /** The head lives in another repository (a fork): its config is planned without origin probes. */
  fork: boolean;
  defaultBranch?: string;
  sender?: string;
}

export type GitEvent = PushEvent | PullEvent | { kind: 'ping' } | { kind: 'other'; name: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
/** Longer than any ref, name or URL a host sends: such a field counts as absent (refused, never cut). */
export const MAX_FIELD_CHARS = 1024;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' && v.length <= MAX_FIELD_CHARS ? v : undefined);
/** GitHub's push webhook lists at most this many commits (spec/git-hosts.md). */
export const GITHUB_MAX_PUSH_COMMITS = 2048;
const PULL_ACTIONS_GITHUB = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);
const MR_ACTIONS_GITLAB = new Set(['open', 'update', 'reopen']);

/** The event's name: the host's header, else what the body says (our own signed forwarding of a body). */
export function gitEventName(source: string, header: (name: string) => string | undefined, body: Obj): string {
  const named = source === 'github' ? header('x-github-event') : source === 'gitlab' ? header('x-gitlab-event') : source === 'codeup' ? header('codeup-event') : undefined;
  if (named) return named;
  if (typeof body.object_kind === 'string') return body.object_kind === 'push' ? 'Push Hook' : body.object_kind === 'tag_push' ? 'Tag Push Hook' : body.object_kind === 'merge_request' ? 'Merge Request Hook' : body.object_kind;
  if ('zen' in body && 'hook_id' in body) return 'ping';
  if ('pull_request' in body) return 'pull_request';
  return 'ref' in body ? 'push' : 'unknown';
}

function changesOf(v: unknown): FileChanges[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map((c) => obj(c) ?? {});
}

function githubPush(b: Obj): PushEvent {
  const repo = obj(b.repository);
  return {
    kind: 'push', source: 'github', ref: str(b.ref) ?? '', forced: b.forced === true,
    ...(str(b.before) ? { before: str(b.before)! } : {}), ...(str(b.after) ? { after: str(b.after)! } : {}),
    ...(str(repo?.full_name) ? { repository: str(repo?.full_name)! } : {}),
    ...(str(repo?.default_branch) ? { defaultBranch: str(repo?.default_branch)! } : {}),
    ...(str(repo?.html_url) ? { webUrl: str(repo?.html_url)! } : {}),
    ...(str(obj(b.sender)?.login) ?? str(obj(b.pusher)?.name) ? { sender: (str(obj(b.sender)?.login) ?? str(obj(b.pusher)?.name))! } : {}),
    // a webhook lists at most 2,048 commits and sends no total: a full list may be cut, so it counts as unknown
    ...(changesOf(b.commits) && changesOf(b.commits)!.length < GITHUB_MAX_PUSH_COMMITS ? { commits: changesOf(b.commits)! } : {}),
  };
}

function gitlabPush(b: Obj, source: GitSource): PushEvent {
  const project = obj(b.project);
  const repo = obj(b.repository);
  const commits = changesOf(b.commits);
  const total = b.total_commits_count;
  // GitLab lists at most 20 commits: a longer push has an incomplete list
  const complete = commits !== undefined && (typeof total !== 'number' || total <= commits.length);
  const name = str(project?.path_with_namespace);
  return {
    kind: 'push', source, ref: str(b.ref) ?? '', forced: false,
    ...(str(b.before) ? { before: str(b.before)! } : {}), ...(str(b.after) ? { after: str(b.after)! } : {}),
    ...(name ? { repository: name } : {}),
    ...(str(project?.default_branch) ? { defaultBranch: str(project?.default_branch)! } : {}),
    ...(str(project?.web_url) ?? str(repo?.homepage) ? { webUrl: (str(project?.web_url) ?? str(repo?.homepage))! } : {}),
    ...(str(b.user_username) ? { sender: str(b.user_username)! } : {}),
    ...(complete ? { commits } : {}),
  };
}

function githubPull(b: Obj): PullEvent | undefined {
  const pr = obj(b.pull_request);
  const number = typeof b.number === 'number' ? b.number : pr?.number;
  if (!pr || typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) return undefined;
  const head = obj(pr.head);
  const base = obj(pr.base);
  const baseRepo = str(obj(base?.repo)?.full_name) ?? str(obj(b.repository)?.full_name);
  const headRepo = str(obj(head?.repo)?.full_name);
  const action = str(b.action) ?? '';
  return {
    kind: 'pull', source: 'github', number, action, open: PULL_ACTIONS_GITHUB.has(action) && pr.state !== 'closed',
    baseBranch: str(base?.ref) ?? '', fork: headRepo === undefined || headRepo !== baseRepo,
    ...(isSha(head?.sha) ? { headSha: head.sha } : {}),
    ...(str(obj(b.repository)?.full_name) ? { repository: str(obj(b.repository)?.full_name)! } : {}),
    ...(str(obj(b.repository)?.default_branch) ? { defaultBranch: str(obj(b.repository)?.default_branch)! } : {}),
    ...(str(obj(b.sender)?.login) ? { sender: str(obj(b.sender)?.login)! } : {}),
  };
}

function gitlabMerge(b: Obj, source: GitSource): PullEvent | undefined {
  const a = obj(b.object_attributes);
  const iid = a?.iid;
  if (!a || typeof iid !== 'number' || !Number.isSafeInteger(iid) || iid <= 0) return undefined;
  const action = str(a.action) ?? '';
  const project = obj(b.project);
  // an outsider's merge request must not get probes: only a payload naming the same project twice is not a fork
  const idsKnown = typeof a.source_project_id === 'number' && typeof a.target_project_id === 'number';
  const from = str(obj(a.source)?.path_with_namespace);
  const into = str(obj(a.target)?.path_with_namespace);
  const sameProject = idsKnown ? a.source_project_id === a.target_project_id : from !== undefined && from.toLowerCase() === into?.toLowerCase();
  return {
    kind: 'pull', source, number: iid, action, open: MR_ACTIONS_GITLAB.has(action) && a.state !== 'closed' && a.state !== 'merged',
    baseBranch: str(a.target_branch) ?? '', fork: !sameProject,
    ...(isSha(obj(a.last_commit)?.id) ? { headSha: obj(a.last_commit)!.id as string } : {}),
    ...(str(project?.path_with_namespace) ? { repository: str(project?.path_with_namespace)! } : {}),
    ...(str(project?.default_branch) ? { defaultBranch: str(project?.default_branch)! } : {}),
    ...(str(obj(b.user)?.username) ? { sender: str(obj(b.user)?.username)! } : {}),
  };
}

/** What a signed body from a git host is; `other` for every event GitOps does not handle. */
export function parseGitEvent(source: string, header: (name: string) => string | undefined, body: unknown): GitEvent {
  const b = obj(body) ?? {};
  const name = gitEventName(source, header, b);
  const from: GitSource = source === 'gitlab' || source === 'codeup' ? source : 'github';
  if (name === 'ping') return { kind: 'ping' };
  if (name === 'push') return githubPush(b);
  if (name === 'Push Hook' || name === 'Tag Push Hook') return gitlabPush(b, from);
  if (name === 'pull_request') return githubPull(b) ?? { kind: 'other', name };
  if (name === 'Merge Request Hook') return gitlabMerge(b, from) ?? { kind: 'other', name };
  return { kind: 'other', name };
}
