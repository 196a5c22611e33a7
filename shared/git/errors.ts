import { OssedgeError } from '../errors/base.ts';

/** Stable codes of the git host client (DESIGN.md: typed errors, never the token). */
export type GitErrorCode =
  | 'GIT_UNAUTHORIZED' | 'GIT_FORBIDDEN' | 'GIT_NOT_FOUND' | 'GIT_RATE_LIMITED' | 'GIT_VALIDATION'
  | 'GIT_SERVER_ERROR' | 'GIT_TIMEOUT' | 'GIT_NETWORK' | 'GIT_FILE_TOO_LARGE' | 'GIT_BAD_RESPONSE'
  | 'GIT_NOT_CONFIGURED' | 'GIT_HTTP_ERROR';

export class GitHostError extends OssedgeError<GitErrorCode> {
  override readonly name = 'GitHostError';
  /** The host's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The client operation (`readFile`, `branchHead`, `setStatus`, `upsertComment`...). */
  readonly op: string;
  constructor(code: GitErrorCode, message: string, options: { op: string; status?: number; cause?: unknown }) {
    super(code, message, options);
    this.op = options.op;
    this.status = options.status;
  }
}

/** What a 401/403/404 means for the person setting GitOps up (DESIGN: name the missing scope or repository). */
export function statusError(op: string, status: number, what: string, hint: string): GitHostError {
  if (status === 401) return new GitHostError('GIT_UNAUTHORIZED', `${op}: the git host refused the token (401): check OSSEDGE_GIT_TOKEN`, { op, status });
  if (status === 403) return new GitHostError('GIT_FORBIDDEN', `${op}: the token may not ${hint} (403): grant that scope`, { op, status });
  if (status === 404) return new GitHostError('GIT_NOT_FOUND', `${op}: ${what} not found (404): check OSSEDGE_GIT_REPOSITORY and that the token can see it`, { op, status });
  if (status === 422 || status === 400) return new GitHostError('GIT_VALIDATION', `${op}: the git host refused the request (${status})`, { op, status });
  if (status === 429) return new GitHostError('GIT_RATE_LIMITED', `${op}: rate limited by the git host (429)`, { op, status });
  if (status >= 500) return new GitHostError('GIT_SERVER_ERROR', `${op}: the git host answered ${status}`, { op, status });
  return new GitHostError('GIT_HTTP_ERROR', `${op}: the git host answered ${status}`, { op, status });
}
