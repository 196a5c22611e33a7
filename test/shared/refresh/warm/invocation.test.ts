import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../../shared/oss/models/website.ts';
import { runWarmInvocation } from '../../../../shared/refresh/warm/invocation.ts';
import { ossClient, useEmulator } from '../../../helpers/emulator.ts';
import { originBody, startKeyOrigin, type KeyOrigin } from './fixture.ts';

const emu = useEmulator();
let origin: KeyOrigin;
const state = { bucket: 'wstate', prefix: 'st/' };
beforeAll(async () => {
  origin = await startKeyOrigin();
});
afterAll(async () => origin.close());

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('runWarmInvocation', () => {
  it('parks when the window closes mid-run and a later run inside the window finishes it, counts adding up', async () => {
    const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule;
    emu().seed.createBucket(state.bucket);
    emu().seed.createBucket('closing', { website: { routingRules: [rule] } });
    const keys = Array.from({ length: 100 }, (_, i) => `site/c/${String(i).padStart(3, '0')}`);
    for (const k of keys) origin.keys.add(k);
    emu().seed.putObject(state.bucket, 'lists/c.txt', `${keys.join('\n')}\n`);
    // a clock 4 s before the end of a window that started a minute earlier: about 2 s of warming at 20 QPS
    const end = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    const offset = end - 4_000 - Date.now();
    const now = () => Date.now() + offset;
    const window = `${hhmm(end - 60_000)}-${hhmm(end)}`;
    const deps = { client: ossClient(emu()), warmClient: ossClient(emu()), state, deadline: Date.now() + offset + 600_000, now };
    const req = { bucket: 'closing', keysFrom: 'oss://wstate/lists/c.txt', qps: 20, window, timeZone: 'UTC', dryRun: false };

    const first = await runWarmInvocation({ req, runId: 'run-closing', part: 0 }, deps);
    expect(first).toMatchObject({ kind: 'parked', reason: 'WINDOW_CLOSED', runId: 'run-closing' });
    const stored = keys.filter((k) => emu().seed.getObject('closing', k)).length;
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(100);

    const open = `${hhmm(Date.now() - 3_600_000)}-${hhmm(Date.now() + 3_600_000)}`;
    const second = await runWarmInvocation({ req: { ...req, window: open }, runId: 'another', part: 0 }, { ...deps, now: Date.now, deadline: Date.now() + 600_000 });
    expect(second.kind).toBe('done');
    if (second.kind !== 'done') return;
    expect(second.runId).toBe('run-closing');
    expect(second.report.summary).toMatchObject({ keys: 100, warmed: 100, present: 0, failed: 0, parts: 2 });
    for (const k of keys) expect((await emu().seed.readObject('closing', k))?.toString()).toBe(originBody(k));
    for (const k of keys) expect(origin.gets.get(k)).toBe(1);
  }, 30_000);
});
