import { isBucketName } from '../oss/endpoint.ts';
import { createReport, type Report } from './model.ts';
import { rawCode } from '../errors/base.ts';

/** Issues kept in a refused run's report (the config check reports every problem; a page lists these). */
const MAX_ISSUES = 500;
const CODE = /^[A-Z][A-Z0-9_]*$/;
const MAX_TEXT = 500;

interface IssueLike {
  path?: unknown;
  message?: unknown;
  code?: unknown;
  line?: unknown;
}

/** `buckets.<name>....` → the bucket, when the name is a valid bucket name (it came from an untrusted config); else ''. */
export function bucketOfPath(path: string): string {
  if (!path.startsWith('buckets.')) return '';
  const rest = path.slice('buckets.'.length);
  const end = [rest.indexOf('.'), rest.indexOf('[')].filter((i) => i >= 0);
  const name = end.length ? rest.slice(0, Math.min(...end)) : rest;
  return isBucketName(name) ? name : '';
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '').slice(0, MAX_TEXT);

/**
 * The report of an authenticated delivery whose config was refused (a 4xx with `CONFIG_*` code and its
 * issues): a run of its own (`mode: refused`), one failing item per issue, so the dashboard shows it.
 * Anything else (not a config refusal) gives undefined: only config refusals are recorded.
 */
export function refusedRunReport(fn: string, error: unknown, extra: { source: string; now?: () => Date }): (Report & { mode: 'refused'; source: string }) | undefined {
  const code = rawCode(error);
  if (code === undefined || !code.startsWith('CONFIG_') || !CODE.test(code)) return undefined;
  const e = error as { message?: unknown; details?: { issues?: unknown } };
  const b = createReport({ function: fn, ...(extra.now ? { now: extra.now } : {}) });
  const issues = (Array.isArray(e.details?.issues) ? e.details.issues : []) as IssueLike[];
  for (const i of issues.slice(0, MAX_ISSUES)) {
    const path = text(i.path);
    const line = typeof i.line === 'number' ? ` (line ${i.line})` : '';
    b.add({ bucket: bucketOfPath(path), ...(path ? { target: path } : {}), code: typeof i.code === 'string' && CODE.test(i.code) ? i.code : code, status: 'fail', message: `${text(i.message)}${line}` });
  }
  b.error({ code, message: text(e.message).split('\n')[0] });
  return { ...b.finish(), mode: 'refused', source: extra.source };
}
