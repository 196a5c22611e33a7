/**
 * Canonical keys of the delivery/replay store: one spelling per delivery, whatever the sender rewrote,
 * so "seen before" cannot be dodged by re-encoding. A key is also a safe object-name tail
 * (`[a-z0-9._/-]` only), so it needs no escaping under `_state/`.
 */

/** Where a delivery came from: our signed webhook, or a git host's delivery id. */
export type DeliveryKind = 'ossedge' | 'github' | 'gitlab';

const LOWER_HEX_64 = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PLAIN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Our signature once parsed: its time and its one v1 (the raw header text is never the key). */
export function signatureKey(t: number, v1: string): string {
  if (!Number.isSafeInteger(t) || t <= 0 || !LOWER_HEX_64.test(v1)) throw new TypeError('not a parsed signature');
  return `ossedge/${t}-${v1}`;
}

/**
 * A git host's delivery id (GitHub `X-GitHub-Delivery`, GitLab `Idempotency-Key` / `X-Gitlab-Event-UUID`):
 * UUIDs (what the hosts send) in lower case, any other id of 1..128 `[A-Za-z0-9_.-]` as given;
 * undefined for anything else (the caller refuses it rather than trimming or escaping it).
 */
export function deliveryIdKey(kind: Exclude<DeliveryKind, 'ossedge'>, id: string): string | undefined {
  if (UUID.test(id)) return `${kind}/${id.toLowerCase()}`;
  return PLAIN_ID.test(id) ? `${kind}/${id}` : undefined;
}
