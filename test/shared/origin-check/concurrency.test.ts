// A bucket with 20 mirror rules: origins are checked with bounded concurrency (their start/end times
// overlap, never more than the bound in flight), each within its budget, and the total time is reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRules } from '../../../shared/origin-check/run.ts';
import { createReport } from '../../../shared/report/model.ts';
import { addRuleItems } from '../../../shared/origin-check/report.ts';
import { type TestServer, loopbackOnlyDialer, startServer } from '../net/servers.ts';
import { mirrorRule, object, target } from './rig.ts';

const DELAY_MS = 100;
const BUDGET_MS = 3000;
const CONCURRENCY = 4;
let server: TestServer;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = await startServer((_req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      object(res);
    }, DELAY_MS);
  });
});
afterAll(() => server.close());

describe('checking many rules', () => {
  it('checks 20 rules with at most 4 origins in flight, overlapping, each within its budget', async () => {
    const targets = Array.from({ length: 20 }, (_, i) => target(mirrorRule(`${server.origin}/r${i}/`, {}, `p${i}/`, i + 1), [`p${i}/k.txt`]));
    const dialer = loopbackOnlyDialer();
    const run = await checkRules(targets, { allowPrivate: true, dialer, budgetMs: BUDGET_MS, concurrency: CONCURRENCY });

    expect(run.rules).toHaveLength(20);
    expect(run.rules.every((r) => r.verdict === 'ok')).toBe(true);
    expect(dialer.refused).toEqual([]);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(CONCURRENCY);

    const spans = run.rules.map((r) => ({ start: Date.parse(r.origins[0]!.startedAt), end: Date.parse(r.origins[0]!.finishedAt) }));
    const overlapping = spans.filter((a, i) => spans.some((b, j) => i !== j && a.start < b.end && b.start < a.end));
    expect(overlapping.length).toBeGreaterThan(1);
    // at no instant are more than CONCURRENCY origins being checked
    for (const s of spans) expect(spans.filter((o) => o.start <= s.start && s.start < o.end).length).toBeLessThanOrEqual(CONCURRENCY);
    for (const r of run.rules) for (const c of r.origins[0]!.checks) expect(c.ms).toBeLessThan(BUDGET_MS);

    const sequentialFloor = 20 * 2 * DELAY_MS; // HEAD + GET per origin, one after another
    expect(run.totalMs).toBeGreaterThan(0);
    expect(run.totalMs).toBeLessThan(sequentialFloor);

    const report = createReport({ function: 'validate-mirror-origin' });
    addRuleItems(report, run);
    const done = report.finish();
    expect(done.summary).toMatchObject({ rules: 20, rulesOk: 20, rulesWarn: 0, rulesFail: 0, origins: 20, concurrency: 4, totalMs: run.totalMs });
    expect(done.ok).toBe(true);
  });
});
