import type { Report, ReportItem, Severity } from '../report/model.ts';
import { atLeast } from './codes.ts';

/** A finding's identity across runs: bucket, code and target. */
export function findingKey(item: Pick<ReportItem, 'bucket' | 'code' | 'target'>): string {
  return `${item.bucket}\u0000${item.code}\u0000${item.target ?? ''}`;
}

/** Findings at or above `threshold` (default high) in `current` that `previous` did not have. */
export function newHighFindings(current: Report, previous: Report | undefined, threshold: Severity = 'high'): ReportItem[] {
  const before = new Set((previous?.items ?? []).filter((i) => atLeast(i.severity, threshold)).map(findingKey));
  return current.items.filter((i) => atLeast(i.severity, threshold) && !before.has(findingKey(i)));
}
