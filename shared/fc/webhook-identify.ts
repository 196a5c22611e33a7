import { deliveryIdKey, signatureKey } from '../state/delivery-key.ts';
import type { FcHeaders } from './http-request.ts';
import { checkOssedgeSignature, equalsAnySecret, verifyGitHubSignature } from '../hash/webhook-signature.ts';

export type WebhookSource = 'github' | 'gitlab' | 'codeup' | 'ossedge';

/** Who sent an authentic request, and the canonical key (with its lifetime) it is recorded under, if any. */
export type Identified =
  | { ok: true; source: WebhookSource; deliveryId?: string; deliveryKey?: string; ttlMs?: number }
  | { ok: false; reason: string; source?: WebhookSource };

export interface IdentifyOptions {
  nowMs: number;
  toleranceSeconds: number;
  /** Lifetime of git hosts' delivery ids in the store. */
  deliveryTtlMs: number;
}

/**
 * Checks a request against each scheme (DESIGN.md Webhooks) under any of the configured secrets: GitHub
 * (X-Hub-Signature-256 + X-GitHub-Delivery), GitLab (X-Gitlab-Token; Idempotency-Key, else
 * X-Gitlab-Event-UUID, when sent), Codeup (X-Codeup-Token) and ours (X-Ossedge-Signature, keyed by its
 * parsed t and v1 for as long as the timestamp check alone would not refuse it).
 */
export function identifyWebhook(h: FcHeaders, body: Buffer, secrets: readonly string[], o: IdentifyOptions): Identified {
  if (secrets.length === 0) return { ok: false, reason: 'secret not configured' };
  const github = h.get('x-hub-signature-256');
  const gitlab = h.get('x-gitlab-token');
  const codeup = h.get('x-codeup-token');
  const ours = h.get('x-ossedge-signature');
  if (github !== undefined) {
    if (!verifyGitHubSignature(body, github, secrets)) return { ok: false, reason: 'signature mismatch', source: 'github' };
    const id = h.get('x-github-delivery');
    const key = id === undefined ? undefined : deliveryIdKey('github', id);
    if (!id || !key) return { ok: false, reason: 'missing or malformed delivery id', source: 'github' };
    return { ok: true, source: 'github', deliveryId: id, deliveryKey: key, ttlMs: o.deliveryTtlMs };
  }
  if (gitlab !== undefined) {
    if (!equalsAnySecret(secrets, gitlab)) return { ok: false, reason: 'token mismatch', source: 'gitlab' };
    // Idempotency-Key stays the same across GitLab's retries of one delivery (spec/git-hosts.md §2)
    const id = h.get('idempotency-key') || h.get('x-gitlab-event-uuid');
    if (!id) return { ok: true, source: 'gitlab' };
    const key = deliveryIdKey('gitlab', id);
    if (!key) return { ok: false, reason: 'malformed delivery id', source: 'gitlab' };
    return { ok: true, source: 'gitlab', deliveryId: id, deliveryKey: key, ttlMs: o.deliveryTtlMs };
  }
  if (codeup !== undefined) {
    return equalsAnySecret(secrets, codeup) ? { ok: true, source: 'codeup' } : { ok: false, reason: 'token mismatch', source: 'codeup' };
  }
  if (ours !== undefined) {
    const checked = checkOssedgeSignature(body, ours, secrets, Math.floor(o.nowMs / 1000), o.toleranceSeconds);
    if (checked.verdict !== 'ok') return { ok: false, reason: `signature ${checked.verdict}`, source: 'ossedge' };
    const { t, v1 } = checked.signature;
    return { ok: true, source: 'ossedge', deliveryKey: signatureKey(t, v1), ttlMs: (t + o.toleranceSeconds + 1) * 1000 - o.nowMs };
  }
  return { ok: false, reason: 'no webhook signature' };
}
