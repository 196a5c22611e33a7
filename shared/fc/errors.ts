import { OssedgeError } from '../errors/base.ts';

/**
 * Errors the FC layer maps to responses. `statusCode` < 500 with `expose` true are shown to the caller
 * as `{error: {code, message, details?}}`; anything else becomes an opaque 500 (STYLE.md habit 8).
 */
export class FcHttpError extends OssedgeError {
  override readonly name: string = 'FcHttpError';
  readonly statusCode: number;
  readonly expose: boolean;
  readonly details?: unknown;

  constructor(statusCode: number, code: string, message: string, options: { cause?: unknown; details?: unknown; expose?: boolean } = {}) {
    super(code, message, options);
    this.statusCode = statusCode;
    this.expose = options.expose ?? statusCode < 500;
    if (options.details !== undefined) this.details = options.details;
  }
}

export class BadRequestError extends FcHttpError {
  override readonly name = 'BadRequestError';
  constructor(message: string, options: { code?: string; cause?: unknown; details?: unknown } = {}) {
    super(400, options.code ?? 'BAD_REQUEST', message, options);
  }
}

export class UnauthorizedError extends FcHttpError {
  override readonly name = 'UnauthorizedError';
  constructor(code = 'UNAUTHORIZED', message = 'request is not authenticated') {
    super(401, code, message);
  }
}

export class NotFoundError extends FcHttpError {
  override readonly name = 'NotFoundError';
  constructor(message = 'not found') {
    super(404, 'NOT_FOUND', message);
  }
}

export class MethodNotAllowedError extends FcHttpError {
  override readonly name = 'MethodNotAllowedError';
  constructor(method: string) {
    super(405, 'METHOD_NOT_ALLOWED', `method ${method} is not allowed`);
  }
}

/** Another run holds the lease for this job and bucket. */
export class BusyError extends FcHttpError {
  override readonly name = 'BusyError';
  constructor(message: string, details?: unknown) {
    super(409, 'BUSY', message, { details });
  }
}

export class PayloadTooLargeError extends FcHttpError {
  override readonly name = 'PayloadTooLargeError';
  constructor(limit: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${limit} bytes`);
  }
}

/** A dependency (state in OSS) cannot answer now: exposed, unlike other 5xx, so the sender retries. */
export class ServiceUnavailableError extends FcHttpError {
  override readonly name = 'ServiceUnavailableError';
  constructor(code = 'SERVICE_UNAVAILABLE', message = 'temporarily unavailable: retry later') {
    super(503, code, message, { expose: true });
  }
}

/** Thrown in place of an internal error on non-HTTP invocations so FC records no internals. */
export class InternalError extends OssedgeError<'INTERNAL'> {
  override readonly name = 'InternalError';
  /** `cause`: the original error, for an in-process caller (the CLI) to explain; never serialized to a caller. */
  constructor(requestId: string, options?: { cause?: unknown }) {
    super('INTERNAL', `internal error (request ${requestId})`, options);
  }
}
