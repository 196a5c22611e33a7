import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRunnerFunctions, readSYaml, startRunner, type Runner } from '../../../local/fc-runner/index.ts';

const S_YAML = `edition: 3.0.0
name: timer-test
access: default
vars:
  region: cn-hangzhou
template:
  base:
    region: \${vars.region}
    runtime: nodejs20
    timeout: 5
resources:
  ticker:
    component: fc3
    extend:
      name: base
    props:
      functionName: ticker
      code: ./dist/ticker
      handler: index.handler
      asyncInvokeConfig:
        maxAsyncRetryAttempts: 0
      environmentVariables:
        GREETING: \${env('TICK_GREETING', 'hello')}
      triggers:
        - triggerName: every-second
          triggerType: timer
          triggerConfig:
            cronExpression: '@every 1s'
            enable: true
            payload: '{"job":"tick"}'
        - triggerName: disabled
          triggerType: timer
          triggerConfig:
            cronExpression: '0 0 4 * * *'
            enable: false
`;

const HANDLER = `export const handler = async (event, context) => {
  const e = JSON.parse(event.toString('utf8'));
  (globalThis.__ossedgeTicks ??= []).push({ name: e.triggerName, payload: e.payload, requestId: context.requestId, timeout: context.function.timeout });
  return null;
};
`;

let dir: string | undefined;
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fc-runner timers', () => {
  it('fires a timer trigger from s.yaml (@every) with the configured payload as an FC timer event', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ossedge-timer-'));
    mkdirSync(join(dir, 'dist', 'ticker'), { recursive: true });
    writeFileSync(join(dir, 's.yaml'), S_YAML);
    writeFileSync(join(dir, 'dist', 'ticker', 'index.mjs'), HANDLER);
    const defs = readSYaml(join(dir, 's.yaml'), {});
    expect(defs[0]).toMatchObject({ name: 'ticker', timeout: 5, environmentVariables: { GREETING: 'hello' }, maxAsyncRetryAttempts: 0 });
    const functions = await loadRunnerFunctions(join(dir, 's.yaml'), { root: dir, from: 'dist' });
    const ticks = ((globalThis as { __ossedgeTicks?: unknown[] }).__ossedgeTicks = []);
    runner = await startRunner({ functions });
    const deadline = Date.now() + 5000;
    while (ticks.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks[0]).toMatchObject({ name: 'every-second', payload: '{"job":"tick"}', timeout: 5 });
    expect(runner.invocations().every((r) => r.kind === 'timer' && r.functionName === 'ticker')).toBe(true);
  });
});
