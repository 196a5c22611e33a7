// On-demand refresh ({bucket, keys: [...]} or origin {urls: [...]}; HTTP: the same as a JSON body):
// up to 100 keys run now and answer 200 with the report; more are queued (202 + run id) with the list
// saved in the state folder. URLs become keys only through prefix rules (url-keys.ts).
import type { OssInvoker } from '../oss/ops/common.ts';
import { newRunId, type Report } from '../report/model.ts';
import { RefreshRequestError } from './errors.ts';
import { refreshKeys } from './on-demand.ts';
import { refreshReport } from './report.ts';
import { liveRules } from './run.ts';
import type { RefreshInput, RunContext } from './run-context.ts';
import { KeyListError, normalizeKeys, readKeyListObject } from './warm/key-list.ts';
import { parseOssLocation } from '../state/location.ts';
import { saveKeyList } from './warm/run.ts';
import { keyForUrl } from './warm/url-keys.ts';
import { parseNamedPayload } from './on-demand-request.ts';

/** Named keys answered in the HTTP response; more are queued. */
export const SYNC_KEYS = 100;

export interface OnDemandOptions {
  input: RefreshInput;
  run: RunContext;
}

/** A refresh of named keys or URLs (not a warm-up, not a scan). */
export function isNamed(input: RefreshInput): boolean {
  if (input.kind === 'http') return input.method === 'POST' && input.rawBody.length > 0 && input.query.mode !== 'warm';
  const p = input.payload as Record<string, unknown> | null;
  return typeof p === 'object' && p !== null && p.mode !== 'warm' && (p.keys !== undefined || p.urls !== undefined || (p.keysFrom !== undefined && p.mode === 'keys'));
}

export async function runOnDemand({ input, run }: OnDemandOptions): Promise<Report | { runId: string; queued: true; keys: number }> {
  const req = parseNamedPayload(input);
  const runId = req.runId ?? newRunId();
  const { home } = run;
  const rules = await liveRules(home, req.bucket);
  const mapped = (req.urls ?? []).map((u) => keyForUrl(rules, u));
  let keys: string[];
  try {
    keys = normalizeKeys([...(req.keys ?? []), ...mapped.flatMap((m) => (m.kind === 'key' ? [m.key] : []))]);
  } catch (e) {
    throw new RefreshRequestError((e as KeyListError).code ?? 'BAD_KEY_LIST', (e as Error).message);
  }
  if (input.kind === 'http' && keys.length > SYNC_KEYS) {
    const keysFrom = await saveKeyList(home, run.stateFor(req.bucket), runId, keys);
    await run.queue({ mode: 'keys', bucket: req.bucket, keysFrom, strategy: req.strategy, dryRun: req.dryRun, runId }, `keys-${runId}`);
    return { runId, queued: true, keys: keys.length };
  }
  if (req.keysFrom) keys = await loadList(home, req.keysFrom);
  const result = await refreshKeys({ client: home, state: run.stateFor(req.bucket), bucket: req.bucket, keys, rules, strategy: req.strategy, dryRun: req.dryRun, ...run.common(runId) });
  for (const m of mapped) {
    if (m.kind === 'unmapped') result.items.unshift({ bucket: req.bucket, target: m.url, code: 'URL_UNMAPPED', status: 'warn', message: 'no Mirror prefix rule of the bucket fetches this URL; nothing refreshed' });
    if (m.kind === 'ambiguous') result.items.unshift({ bucket: req.bucket, target: m.url, code: 'URL_AMBIGUOUS', status: 'warn', message: `${m.reason}; not touched` });
  }
  const report: Report = refreshReport([result], { runId, dryRun: req.dryRun, strategy: req.strategy });
  await run.store(report);
  return report;
}

async function loadList(home: OssInvoker, location: string): Promise<string[]> {
  const loc = parseOssLocation(location);
  return readKeyListObject(home, loc.bucket, loc.key);
}
