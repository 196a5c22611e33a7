import middy, { type MiddlewareObj } from '@middy/core';
import type { CredentialsProvider } from '../oss/credentials/types.ts';
import { withFcContext } from './deadline.ts';
import { fcErrorHandler } from './error-handler.ts';
import { fcEvent, type FcInput } from './fc-event.ts';
import { fcRuntime } from './runtime.ts';
import type { FcContext, OssedgeRuntime } from './types.ts';
import { webhookAuth, type WebhookAuthOptions } from './webhook-auth.ts';

export type FcHandlerContext = FcContext & { ossedge: OssedgeRuntime };
export type CoreHandler<R = unknown> = (input: FcInput, context: FcHandlerContext) => Promise<R> | R;

export interface FcHandlerOptions {
  functionName: string;
  /** When set, HTTP requests must carry a valid webhook signature (DESIGN.md Webhooks). */
  webhook?: Omit<WebhookAuthOptions, 'logger'>;
  secrets?: ReadonlyArray<string | undefined>;
  fallbackCredentials?: CredentialsProvider;
  write?: (line: string) => void;
  now?: () => number;
  /**
   * Middlewares of this function, after the runtime and before the error handler. Order `[idempotent, reportStore]`:
   * `after`s run in reverse, so the report is stored before the done marker is written.
   */
  use?: ReadonlyArray<MiddlewareObj<any, any, Error, FcContext>>;
}

/**
 * The standard chain for an ossedge function: event decoding and response shaping, runtime
 * (log, credentials, deadline, invocation id), optional webhook auth, one error handler. The result is
 * FC's `handler(event, context)`; `.use()` on `chain` adds more middlewares.
 */
export function createFcHandler<R>(core: CoreHandler<R>, options: FcHandlerOptions) {
  const secrets = [...(options.secrets ?? []), options.webhook?.secret, options.webhook?.previousSecret];
  const chain = middy((event: FcInput, context: any) => core(event, context as FcHandlerContext))
    .use(fcEvent())
    .use(fcRuntime({ ...options, secrets }));
  if (options.webhook) chain.use(webhookAuth(options.webhook));
  for (const m of options.use ?? []) chain.use(m);
  chain.use(fcErrorHandler());
  const handler = withFcContext(chain as unknown as (e: unknown, c: FcContext) => Promise<unknown>, options.now);
  return Object.assign(handler, { chain });
}
