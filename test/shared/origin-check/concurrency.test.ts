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

    // run one after another, the origins would take the sum of their times; bounded concurrency takes far less
    const sequential = run.rules.reduce((n, r) => n + r.origins[0]!.ms, 0);
    expect(sequential).toBeGreaterThan(20 * 2 * DELAY_MS); // HEAD + GET per origin
    expect(run.totalMs).toBeGreaterThan(0);
    expect(run.totalMs).toBeLessThan(sequential * 0.6);

    const report = createReport({ function: 'validate-mirror-origin' });
    addRuleItems(report, run);
    const done = report.finish();
    expect(done.summary).toMatchObject({ rules: 20, rulesOk: 20, rulesWarn: 0, rulesFail: 0, origins: 20, concurrency: 4, totalMs: run.totalMs });
    expect(done.ok).toBe(true);

    // from the report itself: the GET checks of different rules overlap in time, never more than the bound at once
    const spans = done.items.filter((i) => i.code === 'MIRROR_RULE_OK').map((i) => {
      const get = (i.data as { origins: Array<{ checks: Array<{ check: string; startedAt: string; finishedAt: string }> }> }).origins[0]!.checks.find((c) => c.check === 'GET')!;
      return { start: Date.parse(get.startedAt), end: Date.parse(get.finishedAt) };
    });
    expect(spans).toHaveLength(20);
    const overlapping = spans.filter((a, i) => spans.some((b, j) => i !== j && a.start < b.end && b.start < a.end));
    expect(overlapping.length).toBeGreaterThan(1);
    for (const s of spans) expect(spans.filter((o) => o.start <= s.start && s.start < o.end).length).toBeLessThanOrEqual(CONCURRENCY);
    for (const r of run.rules) expect(r.origins[0]!.ms).toBeLessThan(BUDGET_MS);
  });
});
