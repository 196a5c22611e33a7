// Why the refresh engine refuses a request: a stable `code` and a message safe to show the caller. The
// function answers it as its trigger does (HTTP 400, or 405 for METHOD_NOT_ALLOWED; the body for an invocation).

export const METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED';

export class RefreshRequestError extends Error {
  override readonly name = 'RefreshRequestError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
