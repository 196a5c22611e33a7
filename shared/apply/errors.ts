import { codeOf, messageOf, OssedgeError } from '../errors/index.ts';
import type { PreflightResult } from './types.ts';

/** The read-back after a write did not equal the desired state: the one failure a bucket round is for. */
export class VerifyError extends OssedgeError<'VERIFY_FAILED'> {
  override readonly name = 'VerifyError';
  readonly sections: string[];
  constructor(bucket: string, sections: string[]) {
    super('VERIFY_FAILED', `${bucket}: read-back of ${sections.join(', ')} differs from the desired state`);
    this.sections = sections;
  }
}

/** The origin pre-flight refused a new or changed mirror rule (and the rule has no `force: true`). */
export class PreflightError extends OssedgeError<'PREFLIGHT_FAILED'> {
  override readonly name = 'PreflightError';
  /** Every rule's result, the blocking ones among them (the report shows them all). */
  readonly results: PreflightResult[];
  constructor(message: string, results: PreflightResult[]) {
    super('PREFLIGHT_FAILED', message);
    this.results = results;
  }
}

/** The run's report could not keep a bucket's before-state, so nothing was written to that bucket. */
export class BeforeStateError extends OssedgeError<'BEFORE_STATE_NOT_STORED'> {
  override readonly name = 'BeforeStateError';
  constructor(bucket: string, cause: unknown) {
    super('BEFORE_STATE_NOT_STORED', `${bucket}: nothing written, the before-state could not be stored in the run's report (${messageOf(cause)})`, { cause });
  }
}

export function describeError(err: unknown): { code: string; message: string; op?: string; status?: number } {
  const e = err as { op?: unknown; status?: unknown } | null;
  return {
    code: codeOf(err),
    message: messageOf(err),
    ...(typeof e?.op === 'string' ? { op: e.op } : {}),
    ...(typeof e?.status === 'number' ? { status: e.status } : {}),
  };
}

/**
 * What a caller asked for cannot be done as asked (a bad payload, an unknown run, GitOps refusing a pushed
 * config): the function maps `reason` to its answer (HTTP 400/404/409/415, CLI exit 2). `code` is stable.
 */
export class ApplyInputError extends OssedgeError {
  override readonly name = 'ApplyInputError';
  readonly reason: 'invalid' | 'not-found' | 'conflict' | 'unsupported';
  readonly details?: unknown;
  constructor(code: string, message: string, options: { reason?: ApplyInputError['reason']; details?: unknown; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.reason = options.reason ?? 'invalid';
    if (options.details !== undefined) this.details = options.details;
  }
}
