import { createReport, type Report, type ReportItem } from '../../../shared/report/model.ts';

/** A finished report of `fn` at time `at` with these items, summary counters and top-level extras (source, mode, git...). */
export function reportAt(fn: string, at: string, items: ReportItem[] = [], extra: Record<string, unknown> = {}, counts: Record<string, number> = {}): Report {
  const t = new Date(at);
  const b = createReport({ function: fn, now: () => t, runId: `${t.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${Math.random().toString(16).slice(2, 8).padEnd(6, '0')}` });
  for (const i of items) b.add(i);
  for (const [k, v] of Object.entries(counts)) b.count(k, v);
  return { ...b.finish(), ...extra };
}

export const XSS = '"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
