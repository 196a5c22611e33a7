import { loadConfigFrom } from '../../shared/fc/config-source.ts';
import { createFcHandler } from '../../shared/fc/handler.ts';
import { reportStore } from '../../shared/fc/report-store.ts';
import type { CommonSettings } from '../../shared/fc/settings.ts';
import { VALIDATE_FUNCTION } from '../../shared/origin-check/report.ts';
import type { OriginCheckOptions } from '../../shared/origin-check/types.ts';
import { validateOrigins } from '../../shared/origin-check/validate.ts';
import type { NotifyTarget } from '../../shared/report/notify.ts';
import { createClientCache } from '../../shared/state/oss-clients.ts';
import { parseRequest } from './request.ts';

export interface ValidateOriginsOptions extends Partial<Omit<CommonSettings, 'connection'>>, Pick<CommonSettings, 'connection'> {
  /** OSSEDGE_CONFIG: `oss://bucket/key` or a path. Without it, live rules are checked. */
  configLocation?: string;
  /** OSSEDGE_NOTIFY_*: an origin that turns failing is notified once. */
  notify?: NotifyTarget;
  /** OSSEDGE_ALLOW_PRIVATE_ORIGINS=1 / --allow-private-origins. */
  allowPrivate?: boolean;
  /** Budgets, concurrency, resolver, dialer, trusted CAs (tests and local runs). */
  check?: Omit<OriginCheckOptions, 'allowPrivate'>;
  write?: (line: string) => void;
}

/** validate-mirror-origin's FC handler: timer, HTTP and direct invoke all run every check and answer the report. */
export function createValidateOriginsHandler(options: ValidateOriginsOptions) {
  const clients = createClientCache(options.connection);
  return createFcHandler(async (input, ctx) => {
    const request = parseRequest(input);
    clients.use(ctx.ossedge.credentials);
    const source = request.source ?? (options.configLocation ? { kind: 'location' as const, location: options.configLocation } : undefined);
    const loaded = source
      ? await loadConfigFrom(source, { client: () => clients.home(ctx.region), env: {}, allowPath: input.kind !== 'http', requireSecrets: false })
      : undefined;
    const done = await validateOrigins({
      clients, region: ctx.region, config: loaded?.config, buckets: request.buckets,
      allowPrivate: options.allowPrivate === true, check: options.check, deadline: ctx.ossedge.deadline,
    });
    ctx.ossedge.log.info('validate-mirror-origin finished', { runId: done.runId, ok: done.ok, config: loaded?.origin, summary: done.summary });
    ctx.ossedge.report = done;
    return input.kind === 'http' ? { statusCode: 200, headers: { 'Cache-Control': 'no-store' }, body: done } : done;
  }, {
    functionName: VALIDATE_FUNCTION, fallbackCredentials: options.fallbackCredentials, write: options.write,
    use: [reportStore({ ...options, client: (ctx) => (clients.use(ctx.ossedge.credentials), clients.home(ctx.region)) })],
  });
}
