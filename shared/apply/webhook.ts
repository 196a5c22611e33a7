// apply-config's webhook: what an authenticated delivery asks for (a config to apply, ?mode=plan, a git
// host's event), answered at once; applies are queued as async invocations (runs of their own).
import { gitOpsEnabled } from '../git/index.ts';
import type { DeliveryClaims } from '../state/delivery-store.ts';
import { queuedConfigKey } from '../state/keys.ts';
import { putObject } from '../oss/ops/object.ts';
import { ossFolder } from '../state/location.ts';
import { newRunId } from '../report/model.ts';
import { configWarningItems } from './config-warnings.ts';
import { ApplyInputError } from './errors.ts';
import type { GitPayload, PullPayload } from './git-common.ts';
import { claimDelivery, gitDecision, pullPayload, pushPayload, type WebhookRequest } from './git-webhook.ts';
import { loadRunConfig, runtimeOf, type ApplyInvocation } from './invocation.ts';
import { runApply } from './run.ts';
import { recordRefusal, type ApplyRuntime } from './runtime.ts';
import { webhookConfigSource } from './webhook-source.ts';

/** FC's async invocation payload limit is 128 KB; configs above this travel by reference. */
export const MAX_INLINE_CONFIG_BYTES = 100 * 1024;

export interface WebhookOptions extends ApplyInvocation {
  request: WebhookRequest & { contentType: string; plan: boolean };
}

export interface WebhookAnswer {
  statusCode: 200 | 202;
  body: unknown;
}

/** What the queued run gets: the config by value or reference, or (GitOps) what to read from git. */
interface Queued {
  configText?: string;
  filename?: string;
  config?: string;
  git?: GitPayload & { read?: boolean };
  pull?: PullPayload;
}

export async function acceptWebhook(o: WebhookOptions): Promise<WebhookAnswer> {
  const req = o.request;
  const hook = req.delivery;
  const gitops = gitOpsEnabled(o.settings.git);
  // a git host's webhook set to the form content type (GitHub offers it): its body is no config
  if (hook.source !== 'ossedge' && req.contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    throw new ApplyInputError('UNSUPPORTED_MEDIA_TYPE', 'the webhook sends a form-encoded body: set its content type to application/json', { reason: 'unsupported' });
  }
  const source = webhookConfigSource(req);
  let git: GitPayload | undefined;
  if (source.kind === 'default') {
    const d = gitDecision(req, o.settings.git);
    if (d.action === 'pong') return { statusCode: 200, body: { pong: true } };
    if (d.action === 'ignore') return { statusCode: 200, body: { ignored: d.reason } };
    if (d.action === 'plan') {
      // without GitOps the pull request's head cannot be read
      const pull = gitops ? pullPayload(d) : undefined;
      if (!pull) return { statusCode: 200, body: { ignored: 'event-not-handled' } };
      return queueFromGit(o, hook, { git: pushPayload(d, hook), pull });
    }
    git = pushPayload(d, hook);
  } else if (gitops && !req.plan) {
    throw new ApplyInputError('GITOPS_ENABLED', 'GitOps is on: git is the one source of truth (push to the tracked branch); ?mode=plan is still allowed', { reason: 'conflict' });
  }
  // the config is read from git by the run, at the branch head of that moment
  if (git && gitops && !req.plan) return queueFromGit(o, hook, { git });
  const runId = newRunId();
  const runtime = runtimeOf(o);
  const loaded = await loadRunConfig(o, source, { requireSecrets: !req.plan, allowPath: false }).catch((e: unknown) => recordRefusal(e, runtime));
  const inline = Buffer.byteLength(loaded.text) <= MAX_INLINE_CONFIG_BYTES;
  const reports = o.settings.reportsLocation;
  // refused for its content: before the delivery is recorded, so a corrected resend is not a replay
  if (!req.plan && !inline && !reports) throw new ApplyInputError('CONFIG_TOO_LARGE', 'config too large to queue without OSSEDGE_REPORTS');
  if (req.plan) {
    await (hook.source === 'ossedge' ? hook.claim({}) : hook.claimOrReplay({}));
    const report = await runApply({ config: loaded.config, mode: 'plan', source: 'webhook', notes: configWarningItems(loaded.warnings), runtime });
    return { statusCode: 200, body: report };
  }
  const first = await claimDelivery(hook, runId);
  if (first) return accepted(o, first, { duplicate: true });
  // a delivery whose run was never queued (staging or the invocation failed) is recorded as failed
  // (GitOps: a redelivery then runs anew)
  try {
    const ref: Queued = inline
      ? { configText: loaded.text, ...(loaded.filename ? { filename: loaded.filename } : {}) }
      : { config: await stageConfig(loaded.text, runId, runtime, reports!) };
    await queue(o, runId, { ...ref, ...(git ? { git: { ...git, read: false } } : {}) });
  } catch (e) {
    await hook.note({ state: 'failed' });
    throw e;
  }
  return accepted(o, runId, { buckets: loaded.config.buckets.length });
}

/** GitOps: records the delivery and queues its run (the config is read by the run); a standing redelivery gets the first run. */
async function queueFromGit(o: ApplyInvocation, hook: DeliveryClaims, payload: Queued): Promise<WebhookAnswer> {
  const runId = newRunId();
  const first = await claimDelivery(hook, runId);
  if (first) return accepted(o, first, { duplicate: true });
  await queue(o, runId, payload).catch(async (e: unknown) => {
    await hook.note({ state: 'failed' });
    throw e;
  });
  return accepted(o, runId);
}

function queue(o: ApplyInvocation, runId: string, payload: Queued): Promise<unknown> {
  return o.queue({ command: payload.pull ? 'plan' : 'apply', source: 'webhook', runId, ...payload }, `apply-${runId}`);
}

function accepted(o: ApplyInvocation, runId: string, more: Record<string, unknown> = {}): WebhookAnswer {
  const reports = o.settings.reportsLocation;
  return { statusCode: 202, body: { accepted: true, runId, ...more, ...(reports ? { report: `${reports.replace(/\/?$/, '/')}apply-config/${runId}.json` } : {}) } };
}

/** A config too large for the invocation payload waits in the reports bucket for its run. */
async function stageConfig(text: string, runId: string, runtime: ApplyRuntime, reports: string): Promise<string> {
  const { bucket, key } = ossFolder(reports);
  const staged = queuedConfigKey(key, runId);
  await putObject(runtime.clients.home(runtime.region), { bucket, key: staged, body: text, contentMd5: true });
  return `oss://${bucket}/${staged}`;
}
