import type { ReportBuilder } from '../report/model.ts';
import { ruleSummary } from './run.ts';
import type { CheckRunResult, RuleResult } from './types.ts';

export const VALIDATE_FUNCTION = 'validate-mirror-origin';

/** The report data of one rule: verdict, origins and every check with its times (no secrets: rule fields are not copied). */
function ruleData(r: RuleResult): Record<string, unknown> {
  return {
    ruleNumber: r.ruleNumber, redirectType: r.redirectType, source: r.source, sampleKeys: r.sampleKeys, sampleSource: r.sampleSource,
    force: r.force, startedAt: r.startedAt, finishedAt: r.finishedAt, ms: r.ms, checks: r.checks, origins: r.origins,
  };
}

/**
 * One item per rule (code MIRROR_RULE_OK / _WARN / _FAIL, the worst problem's hint), then one item per
 * failing or warning check (code ORIGIN_<CHECK>, e.g. ORIGIN_TLS) so a report reader sees which check.
 */
export function addRuleItems(report: ReportBuilder, run: CheckRunResult): void {
  for (const name of ['rulesOk', 'rulesWarn', 'rulesFail']) report.count(name, 0);
  for (const r of run.rules) {
    const top = r.problems[0];
    report.add({
      bucket: r.bucket, target: r.path, code: `MIRROR_RULE_${r.verdict.toUpperCase()}`, status: r.verdict,
      message: ruleSummary(r), ...(top?.hint ? { hint: top.hint } : {}), data: ruleData(r),
    });
    for (const p of r.problems) {
      report.add({
        bucket: r.bucket, target: p.role === 'rule' ? r.path : `${r.path} ${p.role} ${p.baseUrl}`, code: `ORIGIN_${p.check}`, status: p.status,
        message: p.message, ...(p.hint ? { hint: p.hint } : {}), data: { check: p.check, code: p.code },
      });
    }
    report.count(`rules${r.verdict[0]!.toUpperCase()}${r.verdict.slice(1)}`);
  }
  report.count('rules', run.rules.length);
  report.count('origins', run.rules.reduce((n, r) => n + r.origins.length, 0));
  report.count('checks', run.rules.reduce((n, r) => n + r.checks.length + r.origins.reduce((m, o) => m + o.checks.length, 0), 0));
  report.count('totalMs', run.totalMs);
  report.count('concurrency', run.concurrency);
  report.count('budgetMs', run.budgetMs);
}
