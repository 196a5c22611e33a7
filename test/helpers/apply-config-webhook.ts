// apply-config behind the local FC runner with only its signed webhook trigger, against the emulator: the
// set-up of the tests that post configs to the webhook and read what the run stored.
import { afterAll, beforeAll } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { signOssedge } from '../../shared/hash/webhook-signature.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import type { EmulatorHandle } from '../../local/oss-emulator/index.ts';

export interface ApplyConfigWebhookOptions {
  /** Buckets created in the emulator before the runner starts (targets and the reports bucket). */
  buckets: readonly string[];
  reportsLocation: string;
  webhookSecret: string;
}

export interface ApplyConfigWebhook {
  runner: () => Runner;
  /** POSTs `body` to the webhook, signed with `secret` (default: the function's own). */
  post: (body: string, query?: string, secret?: string) => Promise<Response>;
}

/** Registers beforeAll/afterAll; call the getters inside tests or hooks. */
export function useApplyConfigWebhook(emu: () => EmulatorHandle, options: ApplyConfigWebhookOptions): ApplyConfigWebhook {
  let runner: Runner | undefined;
  beforeAll(async () => {
    const e = emu();
    for (const b of options.buckets) e.seed.createBucket(b);
    const keys = { accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret };
    const handler = createApplyConfigHandler({
      env: {}, reportsLocation: options.reportsLocation, webhookSecret: options.webhookSecret,
      connection: { endpoint: e.endpoint, region: e.region, internal: false }, backoffMs: 1, write: () => undefined,
    });
    runner = await startRunner({
      functions: [{ name: 'apply-config', handler, timeout: 60, triggers: [{ name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' }] }],
      fcKeys: keys, roleCredentials: keys, region: e.region, timers: false,
    });
  });
  afterAll(async () => {
    await runner?.close();
  });
  const running = (): Runner => {
    if (!runner) throw new Error('runner not started (call runner() inside a test or hook)');
    return runner;
  };
  return {
    runner: running,
    post: (body, query = '', secret = options.webhookSecret) => fetch(`${running().url}/apply-config/${query}`, {
      method: 'POST', body, headers: { 'X-Ossedge-Signature': signOssedge(body, secret, Math.floor(Date.now() / 1000)) },
    }),
  };
}
