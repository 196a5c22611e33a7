import type { MiddlewareObj } from '@middy/core';
import { ServiceUnavailableError, UnauthorizedError } from './errors.ts';
import type { FcInput } from './fc-event.ts';
import type { HttpRequest } from './http-request.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMemoryDeliveryStore, DEFAULT_DELIVERY_TTL_MS, StateUnavailableError, type ClaimResult, type DeliveryClaims, type TakeOverResult, type DeliveryNote, type DeliveryStore } from '../state/delivery-store.ts';
import type { FcContext } from './types.ts';
import { identifyWebhook, type WebhookSource } from './webhook-identify.ts';
import { OSSEDGE_SIGNATURE_TOLERANCE_SECONDS } from '../hash/webhook-signature.ts';
import { rawCode } from '../errors/base.ts';

export type { WebhookSource } from './webhook-identify.ts';

/** The authenticated delivery a handler gets on `req.webhook` (its claims: shared/state/delivery-store.ts). */
export interface WebhookIdentity extends DeliveryClaims {
  source: WebhookSource;
}

export interface WebhookAuthOptions {
  /** The shared secret (OSSEDGE_WEBHOOK_SECRET, read once by the handler). Unset → every webhook is refused. */
  secret: string | undefined;
  /** OSSEDGE_WEBHOOK_SECRET_PREVIOUS: also accepted while senders move to the new secret. */
  previousSecret?: string | undefined;
  /**
   * Where deliveries are recorded; a factory gets each invocation's context (its credentials reach OSS).
   * Default: this instance's memory, which other instances do not share.
   */
  deliveries?: DeliveryStore | ((context: FcContext) => DeliveryStore);
  /**
   * The handler calls `webhook.claim()` itself, after validating the request and before any work, so a
   * request refused for its content writes nothing. Default false: claimed before the handler runs.
   */
  deferClaim?: boolean;
  toleranceSeconds?: number;
  /** How long git hosts' delivery ids are remembered; default 24 h. */
  deliveryTtlMs?: number;
  now?: () => number;
  logger?: Logger;
}

export { DEFAULT_DELIVERY_TTL_MS };

/** Codeup, and GitLab without a delivery id: nothing to record. */
const nothingToClaim = {
  claim: async (): Promise<void> => undefined,
  claimOrReplay: async (): Promise<ClaimResult> => ({ first: true }),
  note: async (): Promise<void> => undefined,
  takeOver: async (): Promise<TakeOverResult> => ({ won: true }),
};

function refused(log: Logger, reason: string, source?: WebhookSource): never {
  log.warn('webhook refused', { reason, source });
  throw new UnauthorizedError();
}

/**
 * Claim and note for one delivery: the first claim of a request decides (a key seen before → 401, a
 * store that cannot answer → 503); later claims of the same request return the same outcome.
 */
function recorder(store: () => DeliveryStore, d: { key: string; ttlMs: number; source: WebhookSource }, log: Logger) {
  let claimed: Promise<ClaimResult> | undefined;
  /** A store that cannot answer → 503 (retryable), logged with its cause's code. */
  const ask = async <T>(call: (s: DeliveryStore) => Promise<T>): Promise<T> => {
    try {
      return await call(store());
    } catch (e) {
      if (!(e instanceof StateUnavailableError)) throw e;
      log.error('webhook delivery store unavailable', { source: d.source, code: e.code, cause: rawCode(e.cause) });
      throw new ServiceUnavailableError('STATE_UNAVAILABLE', 'the delivery store cannot be reached: retry later');
    }
  };
  const once = (note?: DeliveryNote) => (claimed ??= ask((s) => s.claim(d.key, d.ttlMs, note ?? { state: 'queued' })));
  return {
    async claim(note?: DeliveryNote) {
      if (!(await once(note)).first) refused(log, 'replayed delivery', d.source);
    },
    claimOrReplay: once,
    takeOver: (failedRunId: string, note: DeliveryNote): Promise<TakeOverResult> => ask((s) => s.takeOver(d.key, failedRunId, note)),
    async note(note: DeliveryNote) {
      if (!claimed) return;
      try {
        await claimed;
        await store().note(d.key, note);
      } catch (e) {
        log.warn('webhook delivery not noted', { source: d.source, state: note.state, code: rawCode(e) });
      }
    },
  };
}

/** Sets `event.webhook` on an accepted request. */
export type AuthenticatedHttpRequest = HttpRequest & { webhook: WebhookIdentity };

/**
 * DESIGN.md Webhooks: GitHub (X-Hub-Signature-256; X-GitHub-Delivery recorded), GitLab (X-Gitlab-Token;
 * Idempotency-Key or X-Gitlab-Event-UUID recorded when sent), Codeup (X-Codeup-Token) and ours
 * (X-Ossedge-Signature, ±300 s, each signature once, keyed by its parsed t and v1). Anything else → 401
 * before the handler runs; a delivery store that cannot answer → 503 (retryable), never an unrecorded
 * acceptance. Non-HTTP invocations (timer, direct invoke: already authenticated by FC) pass through.
 */
export function webhookAuth(options: WebhookAuthOptions): MiddlewareObj<any, any, Error, FcContext> {
  const memory = options.deliveries === undefined ? createMemoryDeliveryStore() : undefined;
  const tolerance = options.toleranceSeconds ?? OSSEDGE_SIGNATURE_TOLERANCE_SECONDS;
  const ttl = options.deliveryTtlMs ?? DEFAULT_DELIVERY_TTL_MS;
  const now = options.now ?? Date.now;
  const secrets = [options.secret, options.previousSecret].filter((s): s is string => typeof s === 'string' && s !== '');
  const storeFor = (context: FcContext): DeliveryStore => {
    const d = options.deliveries ?? memory!;
    return typeof d === 'function' ? d(context) : d;
  };
  return {
    name: 'webhookAuth',
    before: async (request) => {
      const input = request.event as FcInput;
      if (input?.kind !== 'http') return;
      const log = request.context?.ossedge?.log ?? options.logger ?? createLogger({ secrets });
      const found = identifyWebhook(input.headers, input.rawBody, secrets, { nowMs: now(), toleranceSeconds: tolerance, deliveryTtlMs: ttl });
      if (!found.ok) return refused(log, found.reason, found.source);
      const { source, deliveryId, deliveryKey, ttlMs } = found;
      const identity: WebhookIdentity = {
        source, ...(deliveryId ? { deliveryId } : {}), ...(deliveryKey ? { deliveryKey } : {}),
        ...(deliveryKey && ttlMs ? recorder(() => storeFor(request.context), { key: deliveryKey, ttlMs, source }, log) : nothingToClaim),
      };
      (input as AuthenticatedHttpRequest).webhook = identity;
      if (!options.deferClaim) await identity.claim();
    },
  };
}
