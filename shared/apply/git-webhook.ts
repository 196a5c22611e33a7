// The webhook's side of GitOps: what a git host's event means (the README's event table), and
// redelivery (a delivery id seen before is the same run unless that run failed).
import type { DeliveryClaims } from '../state/delivery-store.ts';
import { decideGitEvent, parseGitEvent, type Decision, type GitSettings } from '../git/index.ts';
import type { GitPayload, PullPayload } from './git-common.ts';

/** An authenticated webhook request: its body, headers and delivery. */
export interface WebhookRequest {
  text: string;
  header: (name: string) => string | undefined;
  delivery: DeliveryClaims;
}

/** States whose run stands: a redelivery is answered with that run. Failed runs are run anew. */
const STANDING = new Set(['queued', 'running', 'succeeded']);

export function gitDecision(req: WebhookRequest, settings: GitSettings | undefined): Decision {
  let body: unknown;
  try {
    body = JSON.parse(req.text);
  } catch {
    body = {};
  }
  const event = parseGitEvent(req.delivery.source, req.header, body);
  return decideGitEvent(event, {
    path: settings?.path ?? 'ossedge.yaml',
    ...(settings?.repository ? { repository: settings.repository } : {}),
    ...(settings?.branch ? { branch: settings.branch } : {}),
  });
}

/** The pull/merge request to plan; undefined when its head SHA is not in the event. */
export function pullPayload(d: Extract<Decision, { action: 'plan' }>): PullPayload | undefined {
  const e = d.event;
  return e.headSha ? { number: e.number, headSha: e.headSha, fork: e.fork } : undefined;
}

export function pushPayload(d: Extract<Decision, { action: 'apply' | 'plan' }>, hook: DeliveryClaims): GitPayload {
  const e = d.event;
  return {
    provider: e.source, ...(e.repository ? { repository: e.repository } : {}), ...(d.branch ? { branch: d.branch } : {}),
    ...(e.kind === 'push' && e.after ? { pushedSha: e.after } : {}), ...(hook.deliveryId ? { deliveryId: hook.deliveryId } : {}),
    ...(hook.deliveryKey ? { deliveryKey: hook.deliveryKey } : {}), ...(e.sender ? { sender: e.sender } : {}), ...(e.kind === 'push' && e.webUrl ? { webUrl: e.webUrl } : {}),
  };
}

/**
 * Records this delivery for `runId`. A delivery seen before whose run stands → that run's id (the
 * caller answers 202 duplicate); a failed one is taken over by the new run. Our own signatures keep
 * "each signature once" (401 on a replay).
 */
export async function claimDelivery(hook: DeliveryClaims, runId: string): Promise<string | undefined> {
  if (hook.source === 'ossedge') {
    await hook.claim({ runId, state: 'queued' });
    return undefined;
  }
  const got = await hook.claimOrReplay({ runId, state: 'queued' });
  if (got.first) return undefined;
  const first = got.record;
  // a run still "running" after its invocation's end was stopped (FC timeout, instance lost): run anew
  const stopped = first?.state === 'running' && first.activeUntil !== undefined && Date.parse(first.activeUntil) < Date.now();
  if (first?.runId && first.state && STANDING.has(first.state) && !stopped) return first.runId;
  // two redeliveries of a failed (or stopped) one (two instances at once) must not both run: one takes it over
  if (first?.runId) {
    const taken = await hook.takeOver(first.runId, { runId, state: 'queued' });
    if (!taken.won) return taken.runId ?? first.runId;
  }
  await hook.note({ runId, state: 'queued' });
  return undefined;
}
