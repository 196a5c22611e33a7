// A config's warnings (validation: a rule that can never match, a Referer entry without a scheme...; a plan:
// an unset `${env:NAME}` secret) as items of the run's report, so the readable plan, the JSON report and the
// dashboard all show them. They never fail a run: status `warn`, the issue's own code.
import type { ConfigIssue } from '../config/index.ts';
import { printable } from '../config/printable.ts';
import type { ReportItem } from '../report/model.ts';
import { bucketOfPath } from '../report/refused-run.ts';

/** Warnings kept as items; past this one item says how many more there were (the config check lists all). */
export const MAX_WARNING_ITEMS = 200;
const CODE = /^[A-Z][A-Z0-9_]*$/;
const MAX_TEXT = 500;

// a warning not made by validation's collector (a plan's unresolved secret...) is made printable here too
const clip = (raw: string): string => {
  const s = printable(raw);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
};

/** One `warn` item per warning (bucket from its path, `target` the path, `data` its position), at most MAX_WARNING_ITEMS. */
export function configWarningItems(warnings: readonly ConfigIssue[]): ReportItem[] {
  const items: ReportItem[] = warnings.slice(0, MAX_WARNING_ITEMS).map((w) => ({
    bucket: bucketOfPath(w.path),
    ...(w.path ? { target: clip(w.path) } : {}),
    code: CODE.test(w.code) ? w.code : 'CONFIG_WARNING',
    status: 'warn',
    message: clip(w.message),
    ...(w.line !== undefined ? { data: { configWarning: true, line: w.line, column: w.column ?? 1 } } : { data: { configWarning: true } }),
  }));
  if (warnings.length > MAX_WARNING_ITEMS) {
    items.push({ bucket: '', code: 'CONFIG_WARNINGS_NOT_SHOWN', status: 'warn', message: `${warnings.length - MAX_WARNING_ITEMS} more config warning(s) not listed` });
  }
  return items;
}
