import { OssClientError, OssServiceError } from '../oss/errors.ts';

/** The read-back after a write did not equal the desired state. */
export class VerifyError extends Error {
  override readonly name = 'VerifyError';
  readonly code = 'VERIFY_FAILED';
  readonly sections: string[];
  constructor(bucket: string, sections: string[]) {
    super(`${bucket}: read-back of ${sections.join(', ')} differs from the desired state`);
    this.sections = sections;
  }
}

/** The origin pre-flight refused a new or changed mirror rule (and the rule has no `force: true`). */
export class PreflightError extends Error {
  override readonly name = 'PreflightError';
  readonly code = 'PREFLIGHT_FAILED';
}

/** The run's report could not keep a bucket's before-state, so nothing was written to that bucket. */
export class BeforeStateError extends Error {
  override readonly name = 'BeforeStateError';
  readonly code = 'BEFORE_STATE_NOT_STORED';
  constructor(bucket: string, cause: unknown) {
    super(`${bucket}: nothing written, the before-state could not be stored in the run's report (${(cause as Error)?.message ?? String(cause)})`, { cause });
  }
}

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

/** A stable UPPER_SNAKE code for any error a bucket run can meet: `OSS_NO_SUCH_BUCKET`, `NETWORK`, `VERIFY_FAILED`... */
export function errorCodeOf(err: unknown): string {
  if (err instanceof OssServiceError) return `OSS_${snake(err.code || `HTTP_${err.status}`)}`;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return snake(code);
  return 'INTERNAL';
}

/** Worth a whole-bucket retry: throttling, 5xx, network trouble, timeouts, a read-back that lagged. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof BeforeStateError) return isRetryable(err.cause);
  if (err instanceof OssServiceError) return err.status >= 500 || err.status === 429 || err.code === 'SlowDown' || err.code === 'RequestTimeout';
  if (err instanceof OssClientError) return ['NETWORK', 'TIMEOUT', 'MALFORMED_RESPONSE'].includes(err.code);
  return err instanceof VerifyError;
}

export function describeError(err: unknown): { code: string; message: string; op?: string; status?: number } {
  const e = err as { message?: unknown; op?: unknown; status?: unknown };
  return {
    code: errorCodeOf(err),
    message: typeof e?.message === 'string' ? e.message : String(err),
    ...(typeof e?.op === 'string' ? { op: e.op } : {}),
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
  };
}

/**
 * What a caller asked for cannot be done as asked (a bad payload, an unknown run, GitOps refusing a pushed
 * config): the function maps `reason` to its answer (HTTP 400/404/409/415, CLI exit 2). `code` is stable.
 */
export class ApplyInputError extends Error {
  override readonly name = 'ApplyInputError';
  readonly code: string;
  readonly reason: 'invalid' | 'not-found' | 'conflict' | 'unsupported';
  readonly details?: unknown;
  constructor(code: string, message: string, options: { reason?: ApplyInputError['reason']; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = options.reason ?? 'invalid';
    if (options.details !== undefined) this.details = options.details;
  }
}
