import type { MiddlewareObj } from '@middy/core';
import { UnauthorizedError } from './errors.ts';
import type { FcInput } from './fc-event.ts';
import type { HttpRequest } from './http-request.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMemoryReplayStore, type ReplayStore } from './replay-store.ts';
import type { FcContext } from './types.ts';
import {
  OSSEDGE_SIGNATURE_TOLERANCE_SECONDS, equalSecret, verifyGitHubSignature, verifyOssedgeSignature,
} from './webhook-verify.ts';

export type WebhookSource = 'github' | 'gitlab' | 'ossedge';

export interface WebhookIdentity {
  source: WebhookSource;
  deliveryId?: string;
}

export interface WebhookAuthOptions {
  /** The shared secret (OSSEDGE_WEBHOOK_SECRET, read once by the handler). Unset → every webhook is refused. */
  secret: string | undefined;
  replay?: ReplayStore;
  toleranceSeconds?: number;
  /** How long delivery ids are remembered; default 24 h. */
  replayTtlMs?: number;
  now?: () => number;
  logger?: Logger;
}

export const DEFAULT_REPLAY_TTL_MS = 24 * 3600_000;

/** Sets `event.webhook` on an accepted request. */
export type AuthenticatedHttpRequest = HttpRequest & { webhook: WebhookIdentity };

/**
 * DESIGN.md Webhooks: GitHub (X-Hub-Signature-256 + X-GitHub-Delivery against replay), GitLab/Codeup
 * (X-Gitlab-Token; X-Gitlab-Event-UUID against replay when sent) and ours (X-Ossedge-Signature, ±300 s,
 * each signature accepted once). Anything else → 401 before the handler runs. Non-HTTP invocations
 * (timer, direct invoke: already authenticated by FC) pass through.
 */
export function webhookAuth(options: WebhookAuthOptions): MiddlewareObj<any, any, Error, FcContext> {
  const replay = options.replay ?? createMemoryReplayStore();
  const tolerance = options.toleranceSeconds ?? OSSEDGE_SIGNATURE_TOLERANCE_SECONDS;
  const ttl = options.replayTtlMs ?? DEFAULT_REPLAY_TTL_MS;
  const now = options.now ?? Date.now;
  const secret = options.secret;
  return {
    name: 'webhookAuth',
    before: async (request) => {
      const input = request.event as FcInput;
      if (input?.kind !== 'http') return;
      const log = request.context?.ossedge?.log ?? options.logger ?? createLogger({ secrets: [secret] });
      const refuse = (reason: string, source?: WebhookSource): never => {
        log.warn('webhook refused', { reason, source });
        throw new UnauthorizedError();
      };
      if (!secret) return refuse('secret not configured');
      const h = input.headers;
      const body = input.rawBody;
      let identity: WebhookIdentity;
      const github = h.get('x-hub-signature-256');
      const gitlab = h.get('x-gitlab-token');
      const ours = h.get('x-ossedge-signature');
      if (github !== undefined) {
        const delivery = h.get('x-github-delivery');
        if (!verifyGitHubSignature(body, github, secret)) return refuse('signature mismatch', 'github');
        if (!delivery) return refuse('missing delivery id', 'github');
        if (!(await replay.remember(`github:${delivery}`, ttl))) return refuse('replayed delivery', 'github');
        identity = { source: 'github', deliveryId: delivery };
      } else if (gitlab !== undefined) {
        if (!equalSecret(secret, gitlab)) return refuse('token mismatch', 'gitlab');
        const uuid = h.get('x-gitlab-event-uuid');
        if (uuid && !(await replay.remember(`gitlab:${uuid}`, ttl))) return refuse('replayed delivery', 'gitlab');
        identity = uuid ? { source: 'gitlab', deliveryId: uuid } : { source: 'gitlab' };
      } else if (ours !== undefined) {
        const verdict = verifyOssedgeSignature(body, ours, secret, Math.floor(now() / 1000), tolerance);
        if (verdict !== 'ok') return refuse(`signature ${verdict}`, 'ossedge');
        if (!(await replay.remember(`ossedge:${ours.trim()}`, 2 * tolerance * 1000))) return refuse('replayed signature', 'ossedge');
        identity = { source: 'ossedge' };
      } else {
        return refuse('no webhook signature');
      }
      (input as AuthenticatedHttpRequest).webhook = identity;
    },
  };
}
