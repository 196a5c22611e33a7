import type { MiddlewareObj } from '@middy/core';
import type { CredentialsProvider } from '../oss/credentials/types.ts';
import { credentialsFromContext } from './credentials.ts';
import { deadlineOf, shimRemainingTime } from './deadline.ts';
import type { FcInput } from './fc-event.ts';
import { createLogger } from './logger.ts';
import type { FcContext } from './types.ts';

export interface FcRuntimeOptions {
  /** Used when `context.function.name` is absent (CLI). */
  functionName?: string;
  /** Secrets the logger must scrub (webhook secret, mirror secrets); the credentials are added per request. */
  secrets?: ReadonlyArray<string | undefined>;
  /** Keys when the context brings none (CLI, local runs without a role). */
  fallbackCredentials?: CredentialsProvider;
  write?: (line: string) => void;
  now?: () => number;
}

const INVOCATION_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Identity of an invocation across FC's automatic retries of an async call: an `invocationId` in a
 * direct-invocation payload (the invoker sets it), else FC's request id.
 */
export function invocationIdOf(input: FcInput | undefined, context: FcContext): string {
  if (input?.kind === 'invoke') {
    const id = (input.payload as { invocationId?: unknown } | null)?.invocationId;
    if (typeof id === 'string' && INVOCATION_ID.test(id)) return id;
  }
  return context.requestId ?? 'unknown';
}

/**
 * Builds `context.ossedge` for the handler: request id, function name, a JSON logger that scrubs
 * secrets, the credentials (context role keys, else fallback), the deadline and the invocation id.
 * Runs after `fcEvent`.
 */
export function fcRuntime(options: FcRuntimeOptions = {}): MiddlewareObj<any, any, Error, FcContext> {
  const now = options.now ?? Date.now;
  return {
    name: 'fcRuntime',
    before: (request) => {
      const context = request.context;
      shimRemainingTime(context, now);
      const requestId = context.requestId ?? 'unknown';
      const functionName = context.function?.name ?? options.functionName ?? 'unknown';
      const secrets = [...(options.secrets ?? []), context.credentials?.accessKeySecret, context.credentials?.securityToken];
      const log = createLogger({
        secrets,
        fields: { requestId, function: functionName },
        ...(options.write ? { write: options.write } : {}),
      });
      context.ossedge = {
        requestId,
        functionName,
        startedAt: now(),
        deadline: deadlineOf(context, now),
        log,
        credentials: credentialsFromContext(context, options.fallbackCredentials),
        invocationId: invocationIdOf(request.event as FcInput, context),
      };
    },
  };
}
