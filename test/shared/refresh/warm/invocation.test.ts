import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingRule } from '../../../../shared/oss/models/website.ts';
import { runWarmInvocation } from '../../../../shared/refresh/warm/invocation.ts';
import type { WarmCarry } from '../../../../shared/refresh/warm/run.ts';
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

  it('takes on a bounded slice of the list per part (presence listings too): parts add up and each key is fetched once', async () => {
    const rule = { ruleNumber: 1, condition: { keyPrefixEquals: 'site/', httpErrorCodeReturnedEquals: 404 }, redirect: { redirectType: 'Mirror', mirrorURL: origin.url } } as RoutingRule;
    emu().seed.createBucket('sliced', { website: { routingRules: [rule] } });
    // one folder per key: every key costs its own listing, so a part must not list the whole rest of the list
    const keys = Array.from({ length: 8 }, (_, i) => `site/f${i}/k`);
    for (const k of keys) origin.keys.add(k);
    emu().seed.putObject('sliced', keys[4]!, 'already here');
    const deps = { client: ossClient(emu()), warmClient: ossClient(emu()), state, deadline: Date.now() + 600_000, partKeys: 3 };
    let req: Parameters<typeof runWarmInvocation>[0]['req'] = { bucket: 'sliced', keys, qps: 100, dryRun: false };
    let carry: WarmCarry | undefined;
    const listCalls: number[] = [];
    for (let part = 0; part < 10; part++) {
      const out = await runWarmInvocation({ req, runId: 'run-sliced', part, ...(carry ? { carry } : {}) }, deps);
      if (out.kind === 'parked') throw new Error('parked');
      const sofar = out.kind === 'done' ? out.carry : out.next.carry;
      listCalls.push(sofar.counters.listCalls - listCalls.reduce((a, b) => a + b, 0));
      if (out.kind === 'done') {
        expect(out.report.summary).toMatchObject({ keys: 8, warmed: 7, present: 1, failed: 0, parts: 3 });
        break;
      }
      const { carry: next, ...rest } = out.next;
      carry = next;
      req = rest;
    }
    expect(listCalls).toHaveLength(3);
    for (const n of listCalls) expect(n).toBeLessThanOrEqual(3);
    for (const k of keys) expect(origin.gets.get(k) ?? 0).toBe(k === keys[4] ? 0 : 1);
    expect((await emu().seed.readObject('sliced', keys[4]!))?.toString()).toBe('already here');
  }, 30_000);
});
