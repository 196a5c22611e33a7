// How `ossedge doctor` prints its checks: one line each, ✓ / ✗ / –, a hint under each failure, a summary.
import type { Paint } from '../output.ts';
import type { CheckResult } from './check.ts';

export interface DoctorSummary {
  passed: number;
  failed: number;
  skipped: number;
}

export function summarize(results: readonly CheckResult[]): DoctorSummary {
  return {
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    skipped: results.filter((r) => r.status === 'skip').length,
  };
}

export function renderChecks(results: readonly CheckResult[], p: Paint): string[] {
  const lines: string[] = [];
  for (const r of results) {
    if (r.status === 'pass') lines.push(`${p.green('✓')} ${r.name}: ${r.message}`);
    else if (r.status === 'fail') lines.push(`${p.red('✗')} ${r.name}: ${r.message}`);
    else lines.push(`${p.yellow('–')} ${r.name}: skipped: ${r.message}`);
    for (const d of r.details ?? []) lines.push(`    ${d}`);
    if (r.status === 'fail' && r.hint) lines.push(`    hint: ${r.hint}`);
  }
  const s = summarize(results);
  const verdict = s.failed === 0 ? p.green('no problems found') : p.red(`${s.failed} problem(s) to fix (exit 1)`);
  lines.push('', `doctor: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped: ${verdict}`);
  return lines;
}
