import { describe, expect, it } from 'vitest';
import { duplicateHeartbeat, healthCheckOf, heartbeatOnce } from '../../../shared/fc/heartbeat.ts';
import type { FcInput } from '../../../shared/fc/fc-event.ts';

const invoke = (payload: unknown) => ({ kind: 'invoke', payload }) as Extract<FcInput, { kind: 'invoke' }>;
const timer = { kind: 'timer', triggerName: 't', triggerTime: '', payload: undefined } as unknown as Extract<FcInput, { kind: 'timer' }>;
const REPORTS = 'oss://rep/ossedge/';
const refused = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
};

describe('healthCheckOf', () => {
  it('tells status, heartbeat and queue apart; status needs no reports location', () => {
    expect(healthCheckOf(invoke({ check: 'status' }), undefined)).toEqual({ check: 'status' });
    expect(healthCheckOf(invoke({ check: 'heartbeat', runId: 'r1', queuedAt: '2026-12-06T00:00:00Z' }), REPORTS)).toEqual({ check: 'heartbeat', heartbeat: { runId: 'r1', queuedAt: '2026-12-06T00:00:00Z' } });
    expect(healthCheckOf(invoke({ check: 'deep' }), REPORTS)).toEqual({ check: 'queue' });
    expect(healthCheckOf(timer, REPORTS)).toEqual({ check: 'queue' });
  });

  it('refuses hostile or incomplete payloads with a 400 code, and a heartbeat without OSSEDGE_REPORTS', () => {
    expect(refused(() => healthCheckOf(invoke('not an object'), REPORTS))).toMatch(/^BAD_PAYLOAD/);
    expect(refused(() => healthCheckOf(invoke([1, 2]), REPORTS))).toMatch(/^BAD_PAYLOAD/);
    expect(refused(() => healthCheckOf(invoke({ check: 'heartbeat', runId: 7 }), REPORTS))).toContain('heartbeat needs a runId');
    expect(refused(() => healthCheckOf(invoke({ check: 'rm -rf' }), REPORTS))).toContain('unknown check');
    expect(refused(() => healthCheckOf(invoke({ check: 'heartbeat', runId: 'r' }), undefined))).toMatch(/^NOT_CONFIGURED/);
    // a timer's check is never "status": a timer queues a heartbeat
    expect(refused(() => healthCheckOf({ ...timer, payload: { check: 'status' } } as typeof timer, undefined))).toMatch(/^NOT_CONFIGURED/);
  });
});

describe('heartbeatOnce', () => {
  it('places only heartbeat invocations, under the function\'s invocations folder in the reports bucket', () => {
    expect(heartbeatOnce(invoke({ check: 'heartbeat', runId: 'r' }), REPORTS, 'ossedge-health')).toEqual({ bucket: 'rep', prefix: 'ossedge/_state/invocations/ossedge-health/', ttlMs: 60_000 });
    expect(heartbeatOnce(invoke({ check: 'deep' }), REPORTS, 'ossedge-health')).toBeUndefined();
    expect(heartbeatOnce(invoke({ check: 'heartbeat', runId: 'r' }), undefined, 'ossedge-health')).toBeUndefined();
    expect(duplicateHeartbeat(invoke({ check: 'heartbeat', runId: 'r9' }))).toEqual({ heartbeat: 'r9', stored: false });
  });
});
