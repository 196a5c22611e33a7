// The last line of plan / apply / rollback: the run id (what `ossedge rollback` and the reports are keyed
// by) and what the exit code means, so a CI log reads without knowing the codes.
import type { ApplyReport } from '../../shared/apply/index.ts';
import { EXIT } from './exit.ts';
import type { Paint } from './output.ts';

export function runSummary(command: string, report: ApplyReport, code: number, paint: Paint, rollbackOf?: string): string {
  const s = report.summary;
  const pending = s.buckets_pending ?? 0;
  const failed = (s.buckets_failed ?? 0) + (s.buckets_busy ?? 0);
  const id = report.runId ? `run ${report.runId}` : 'run';
  const next = command === 'rollback' ? `ossedge rollback ${rollbackOf ?? 'RUN_ID'} without --dry-run` : 'ossedge apply';
  if (code === EXIT.PENDING) return paint.yellow(`${command} ${id}: ${pending} bucket(s) with changes pending (exit 3); ${next} makes them so`);
  if (code === EXIT.FAILURE) return paint.red(`${command} ${id}: ${failed} bucket(s) failed (exit 1)`);
  if (command === 'plan') return paint.green(`${command} ${id}: no changes (exit 0)`);
  return paint.green(`${command} ${id}: ${s.buckets_applied ?? 0} bucket(s) applied, ${s.buckets_unchanged ?? 0} unchanged (exit 0)`);
}
