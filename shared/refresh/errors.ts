// Why the refresh engine refuses a request: a stable `code` and a message safe to show the caller. The
// function answers it as its trigger does (HTTP 400, or 405 for METHOD_NOT_ALLOWED; the body for an invocation).

import { OssedgeError } from '../errors/base.ts';

export const METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED';

export class RefreshRequestError extends OssedgeError {
  override readonly name = 'RefreshRequestError';
}
