// The event table of the README: what GitOps does with each event (every row has a test).
import type { GitEvent, PullEvent, PushEvent } from './events.ts';

export type IgnoredReason = 'other-branch' | 'tag' | 'branch-deleted' | 'config-unchanged' | 'other-repository' | 'event-not-handled';

export type Decision =
  | { action: 'pong' }
  | { action: 'ignore'; reason: IgnoredReason }
  | { action: 'apply'; event: PushEvent; branch: string | undefined }
  | { action: 'plan'; event: PullEvent; branch: string | undefined };

export interface DecideOptions {
  /** OSSEDGE_GIT_REPOSITORY: events of any other repository are ignored. */
  repository?: string;
  /** OSSEDGE_GIT_BRANCH; else the event's default branch; unknown → every branch counts. */
  branch?: string;
  /** OSSEDGE_GIT_PATH. */
  path: string;
}

const ZERO = /^0{40}$/;
const BRANCH_PREFIX = 'refs/heads/';

const touches = (list: unknown, path: string) => !Array.isArray(list) || list.some((f) => typeof f !== 'string' || f === path || f.startsWith(`${path}/`));

/** True only when every listed commit's file lists are known and none names the config path. */
function configUntouched(e: PushEvent, path: string): boolean {
  if (e.forced || !e.commits || e.commits.length === 0) return false;
  return e.commits.every((c) => !touches(c.added, path) && !touches(c.modified, path) && !touches(c.removed, path));
}

function otherRepository(repository: string | undefined, o: DecideOptions): boolean {
  // Codeup's push has no project object: without a name there is nothing to compare
  return o.repository !== undefined && repository !== undefined && repository.toLowerCase() !== o.repository.toLowerCase();
}

export function decideGitEvent(e: GitEvent, o: DecideOptions): Decision {
  if (e.kind === 'ping') return { action: 'pong' };
  if (e.kind === 'other') return { action: 'ignore', reason: 'event-not-handled' };
  if (otherRepository(e.repository, o)) return { action: 'ignore', reason: 'other-repository' };
  const branch = o.branch ?? e.defaultBranch;
  if (e.kind === 'pull') {
    if (!e.open) return { action: 'ignore', reason: 'event-not-handled' };
    if (branch !== undefined && e.baseBranch !== branch) return { action: 'ignore', reason: 'other-branch' };
    return { action: 'plan', event: e, branch };
  }
  if (e.ref.startsWith('refs/tags/')) return { action: 'ignore', reason: 'tag' };
  if (!e.ref.startsWith(BRANCH_PREFIX)) return { action: 'ignore', reason: 'event-not-handled' };
  if (branch !== undefined && e.ref.slice(BRANCH_PREFIX.length) !== branch) return { action: 'ignore', reason: 'other-branch' };
  if (e.after !== undefined && ZERO.test(e.after)) return { action: 'ignore', reason: 'branch-deleted' };
  if (configUntouched(e, o.path)) return { action: 'ignore', reason: 'config-unchanged' };
  // the tracked branch when known; else the run asks the host for the default branch (never the pushed one)
  return { action: 'apply', event: e, branch };
}
