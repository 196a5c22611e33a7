export type GitProvider = 'github' | 'gitlab';
export type StatusContext = 'ossedge/apply' | 'ossedge/plan';
/** GitHub's states; GitLab's are mapped (failure/error → failed). */
export type CommitState = 'pending' | 'success' | 'failure' | 'error';

export interface CommitStatus {
  state: CommitState;
  context: StatusContext;
  /** At most 140 characters (GitHub refuses longer): see `statusDescription`. */
  description: string;
  targetUrl?: string;
}

/** The operations GitOps needs from a git host, the same for every provider. */
export interface GitHost {
  readonly provider: GitProvider;
  readonly repository: string;
  /** The raw file at a ref (SHA or branch); GIT_NOT_FOUND when absent, GIT_FILE_TOO_LARGE beyond 1 MiB. */
  readFile(path: string, ref: string): Promise<string>;
  /** The SHA a branch points at now. */
  branchHead(branch: string): Promise<string>;
  defaultBranch(): Promise<string>;
  setStatus(sha: string, status: CommitStatus): Promise<void>;
  /** The pull/merge request's head SHA now (a plan of an older head leaves the comment alone). */
  pullHead(number: number): Promise<string>;
  /** The oldest comment of a pull/merge request that starts with `marker`, edited in place, else created. */
  upsertComment(number: number, marker: string, body: string): Promise<{ id: string; created: boolean }>;
}

/** Files above this are refused, not truncated (the config limit, DESIGN.md). */
export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_DESCRIPTION_CHARS = 140;
/** GitHub's comment limit; ours are cut well before it by the renderer. */
export const MAX_COMMENT_CHARS = 65_536;
/** Comments scanned for the marker: 10 pages of 100. */
export const MAX_COMMENT_PAGES = 10;

const SHA = /^[0-9a-f]{40}$/;
export const isSha = (s: unknown): s is string => typeof s === 'string' && SHA.test(s);

/** A status description within GitHub's 140 characters (code points), ellipsis when cut. */
export function statusDescription(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= MAX_DESCRIPTION_CHARS ? chars.join('') : `${chars.slice(0, MAX_DESCRIPTION_CHARS - 1).join('')}…`;
}

/** Each segment encoded, `/` kept (GitHub contents paths). */
export const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');
