// apply-config's FC handler: the webhook (HTTP), the drift timer and direct invocations (CLI, queued runs), all
// run by the engine (shared/apply). Here only what is FC's: the chain (middlewares.ts), the invoker, the config reader, 4xx answers.
import { acceptWebhook, ApplyInputError, runInvocation, type ApplyInvocation } from '../../shared/apply/index.ts';
import { secretEnvOf } from '../../shared/config/secrets.ts';
import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { BadRequestError, FcHttpError, MethodNotAllowedError, NotFoundError } from '../../shared/fc/errors.ts';
import type { FcInput } from '../../shared/fc/fc-event.ts';
import { createFcHandler, type FcHandlerContext } from '../../shared/fc/handler.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import type { FcContext } from '../../shared/fc/types.ts';
import type { AuthenticatedHttpRequest } from '../../shared/fc/webhook-auth.ts';
import { ossFolder } from '../../shared/state/location.ts';
import { createMemoryDeliveryStore } from '../../shared/state/delivery-store.ts';
import { createOssDeliveryStore } from '../../shared/state/delivery-store-oss.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import { applyMiddlewares } from './middlewares.ts';
import type { ApplyConfigOptions } from './settings.ts';

export type { ApplyConfigOptions };

/** The engine's refusals as FC answers them (400, 404, 409, 415, same code); anything else as it is. */
const httpError = (e: unknown): unknown => (!(e instanceof ApplyInputError) ? e : e.reason === 'not-found' ? new NotFoundError(e.message)
  : e.reason === 'invalid' ? new BadRequestError(e.message, { code: e.code, details: e.details })
  : new FcHttpError(e.reason === 'conflict' ? 409 : 415, e.code, e.message, { expose: true, details: e.details }));

export function createApplyConfigHandler(options: ApplyConfigOptions) {
  const clients = createClientCache(options.connection, options.clientTuning);
  // the webhook's 202 waits for the async invocation to be queued: load the FC SDK chunk (~1 MB) ahead
  if (options.webhookSecret && !options.invoker) void import('@alicloud/fc2').catch(() => undefined);
  const settings = { ...options, env: secretEnvOf(options.env) };
  // every instance records deliveries in the one reports bucket; without OSSEDGE_REPORTS, in this instance's memory
  const reports = options.reportsLocation ? ossFolder(options.reportsLocation) : undefined;
  const store = options.deliveries ?? (reports ? undefined : createMemoryDeliveryStore());
  const deliveries = (ctx: FcContext) => store ?? (clients.use((ctx as FcHandlerContext).ossedge.credentials),
    createOssDeliveryStore(clients.home(ctx.region), { bucket: reports!.bucket, prefix: reports!.key }));
  const { use, keepReport } = applyMiddlewares(options, clients, deliveries);
  const invocation = (ctx: FcHandlerContext): ApplyInvocation => ({
    settings, clients, loadConfig: loadConfigFrom, region: ctx.region, owner: ctx.ossedge.requestId, deadline: ctx.ossedge.deadline, log: ctx.ossedge.log,
    ...(ctx.getRemainingTimeInMillis ? { invocationEnd: Date.now() + ctx.getRemainingTimeInMillis() } : {}),
    deliveries: () => deliveries(ctx), keepReport: keepReport(ctx),
    queue: (payload, invocationId) => (options.invoker ? options.invoker(ctx) : invokerFromContext(ctx, options.fcEndpoint ? { endpoint: options.fcEndpoint } : {}))
      .invokeAsync(ctx.ossedge.functionName, payload, { invocationId }),
  });
  const run = async (input: FcInput, ctx: FcHandlerContext): Promise<unknown> => {
    clients.use(ctx.ossedge.credentials);
    if (input.kind !== 'http') return runInvocation({ ...invocation(ctx), payload: input.payload, timer: input.kind === 'timer' });
    if (input.method !== 'POST') throw new MethodNotAllowedError(input.method);
    const header = (name: string) => input.headers.get(name) ?? undefined;
    const request = { text: input.text(), contentType: header('content-type') ?? '', header, delivery: (input as AuthenticatedHttpRequest).webhook, plan: input.query.mode === 'plan' };
    return acceptWebhook({ ...invocation(ctx), request });
  };
  return createFcHandler((input, ctx) => run(input, ctx).catch((e: unknown) => { throw httpError(e); }), {
    functionName: 'apply-config',
    // deliveries are recorded once the config validated: a refused config writes nothing
    webhook: { secret: options.webhookSecret, previousSecret: options.webhookPreviousSecret, deferClaim: true, deliveries }, use,
    secrets: [options.git?.token, ...Object.values(settings.env)], // what a logged message could quote is scrubbed
    ...(options.fallbackCredentials ? { fallbackCredentials: options.fallbackCredentials } : {}),
    ...(options.write ? { write: options.write } : {}),
  });
}
