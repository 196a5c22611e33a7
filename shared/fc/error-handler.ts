import type { MiddlewareObj } from '@middy/core';
import { InternalError } from './errors.ts';
import type { FcInput } from './fc-event.ts';
import { toFcHttpResponse } from './http-response.ts';
import { createLogger, type Logger } from './logger.ts';
import type { FcContext } from './types.ts';
import { rawCode } from '../errors/base.ts';

interface ExposableError {
  statusCode: number;
  code?: string;
  message: string;
  details?: unknown;
  expose?: boolean;
}

function isExposed(error: unknown): error is ExposableError {
  const e = error as Partial<ExposableError> | null;
  // 503 is the one 5xx with something to say (retry later); other 5xx keep their internals hidden
  return typeof e?.statusCode === 'number' && e.statusCode >= 400 && (e.statusCode < 500 || e.statusCode === 503) && e.expose === true;
}

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const e = error as Error & { code?: unknown; status?: unknown; statusCode?: unknown; op?: unknown };
  const cause = e.cause instanceof Error ? { name: e.cause.name, code: rawCode(e.cause), message: e.cause.message } : undefined;
  return { name: e.name, code: e.code, status: e.statusCode ?? e.status, op: e.op, message: e.message, cause };
}

/**
 * The one error-mapping `onError`: exposed 4xx (and 503) errors → `{error: {code, message, details, requestId}}`;
 * anything else is logged in full (secrets scrubbed by the logger) and answered as an opaque 500.
 * HTTP requests get an FC3 response; other invocations get the 4xx body returned (no FC retry) or an
 * `InternalError` thrown (FC records a failure and retries async invocations).
 */
export function fcErrorHandler(options: { logger?: Logger } = {}): MiddlewareObj<any, any, Error, FcContext> {
  return {
    name: 'fcErrorHandler',
    onError: (request) => {
      if (request.response !== undefined) return;
      const error = request.error;
      const context = request.context ?? ({} as FcContext);
      const requestId = context.requestId ?? 'unknown';
      const log = context.ossedge?.log ?? options.logger ?? createLogger({ fields: { requestId } });
      const isHttp = (request.event as FcInput | undefined)?.kind === 'http';
      if (isExposed(error)) {
        log.warn('request refused', { error: describe(error) });
        const body = { error: { code: error.code ?? 'BAD_REQUEST', message: error.message, requestId, ...(error.details === undefined ? {} : { details: error.details }) } };
        request.response = isHttp ? toFcHttpResponse({ statusCode: error.statusCode, body }) : body;
        return;
      }
      log.error('request failed', { error: describe(error) });
      const body = { error: { code: 'INTERNAL', message: 'internal error', requestId } };
      if (isHttp) request.response = toFcHttpResponse({ statusCode: 500, body });
      else request.error = new InternalError(requestId, { cause: error });
    },
  };
}
