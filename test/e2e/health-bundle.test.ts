import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { buildInto } from './build-helper.ts';
import { childProcessHandler } from './child-handler.ts';

let outdir: string;
let emu: EmulatorHandle;
let runner: Runner;
let handler: ReturnType<typeof childProcessHandler>;

beforeAll(async () => {
  ({ outdir } = buildInto('ossedge-health-'));
  emu = await startEmulator();
  emu.seed.createBucket('ossedge-reports');
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  // the bundle runs in its own Node process, as on FC; its environment is fixed once the runner URL is known
  handler = childProcessHandler(outdir, join(outdir, 'ossedge-health', 'index.mjs'), () => ({
    OSSEDGE_REPORTS: 'oss://ossedge-reports/reports/', OSS_ENDPOINT: emu.endpoint, OSS_REGION: emu.region, OSSEDGE_FC_ENDPOINT: runner.url,
  }));
  runner = await startRunner({
    functions: [{ name: 'ossedge-health', handler, timeout: 30, triggers: [{ name: 'http', type: 'http', methods: ['GET', 'HEAD'], authType: 'anonymous' }] }],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false,
  });
}, 120_000);
afterAll(async () => {
  handler?.stop();
  await runner?.close();
  await emu?.close();
  rmSync(outdir, { recursive: true, force: true });
});

describe('ossedge-health from its bundle', () => {
  it('answers GET through the HTTP trigger with OSS reachable and no runs yet', async () => {
    const res = await fetch(`${runner.url}/ossedge-health/`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ ok: true, service: 'ossedge', function: 'ossedge-health', oss: { reachable: true }, functions: { 'apply-config': null, 'ossedge-health': null } });
  });

  it('fans out to itself through @alicloud/fc2; the runner verifies the FC signature and the heartbeat report lands in OSS', async () => {
    const queued = (await runner.invoke('ossedge-health', { check: 'deep' })) as { queued: string; requestId: string };
    expect(queued.queued).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    await runner.idle(10_000);
    const async = runner.invocations().filter((r) => r.kind === 'async');
    expect(async).toHaveLength(1);
    expect(async[0]).toMatchObject({ requestId: queued.requestId, signatureVerified: true, status: 'succeeded', statefulId: `heartbeat-${queued.queued}`, result: { heartbeat: queued.queued, stored: true } });
    const stored = await emu.seed.readObject('ossedge-reports', `reports/ossedge-health/${queued.queued}.json`);
    expect(JSON.parse(stored!.toString())).toMatchObject({ function: 'ossedge-health', runId: queued.queued, ok: true, items: [{ code: 'HEARTBEAT', status: 'ok' }] });
    const health = (await (await fetch(`${runner.url}/ossedge-health/`)).json()) as { functions: Record<string, unknown> };
    expect(health.functions['ossedge-health']).toMatchObject({ lastRunId: queued.queued, ok: true });
  });

  it('does the heartbeat work once when the same invocation is delivered again', async () => {
    const payload = { check: 'heartbeat', runId: 'manual-1', invocationId: 'heartbeat-manual-1' };
    expect(await runner.invoke('ossedge-health', payload)).toEqual({ heartbeat: 'manual-1', stored: true });
    expect(await runner.invoke('ossedge-health', payload)).toEqual({ heartbeat: 'manual-1', stored: false });
  });
});
