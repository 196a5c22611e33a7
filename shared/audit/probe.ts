import type { Dispatcher } from 'undici';
import type { OssClient } from '../oss/client.ts';
import { listObjectsV2Page } from '../oss/ops/list.ts';
import { sharedAgent } from '../oss/transport.ts';
import type { RefererConfiguration } from '../oss/models/referer.ts';
import { decideReferer, exampleReferer, MatchBudgetError, type StepMeter } from '../referer/index.ts';
import { AUDIT_MATCH_STEP_LIMIT } from './findings.ts';
import { FINDINGS } from './codes.ts';
import type { Finding } from './types.ts';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** A Referer no sane whitelist names (`.invalid` is reserved, RFC 2606). */
export const HOTLINK_REFERER = 'https://ossedge-hotlink-check.invalid/page.html';
const PRESIGN_SECONDS = 300;
const MAX_ERROR_BODY = 4096;

export type ProbeCase = 'no-referer' | 'allowed' | 'blocked' | 'blacklisted';

export interface ProbeResult {
  case: ProbeCase;
  referer?: string;
  expected: boolean;
  /** undefined when OSS answered neither 2xx nor 403 AccessDenied. */
  actual?: boolean;
  status: number;
  code?: string;
}

export interface ProbeOptions {
  /** Object to GET; default the first key ListObjectsV2 returns. */
  key?: string;
  timeoutMs?: number;
  deadline?: number;
  dispatcher?: Dispatcher;
}

type Presigner = Pick<OssClient, 'presign' | 'invoke' | 'invokeText'>;

/**
 * A whitelist entry's example that the whole configuration allows, looked for within the audit's matching
 * bound (each try is matched against every entry: huge lists would take hours); none when past it.
 */
function allowedExample(ref: RefererConfiguration): string | undefined {
  const meter: StepMeter = { steps: 0, limit: AUDIT_MATCH_STEP_LIMIT };
  try {
    return (ref.refererList ?? []).map((p) => exampleReferer(p, 'www')).find((r) => r !== undefined && decideReferer(ref, r, meter).allowed);
  } catch (e) {
    if (e instanceof MatchBudgetError) return undefined;
    throw e;
  }
}

/** The Referers the probe sends: none, one the config allows, one it does not, one it blacklists. */
export function probeCases(ref: RefererConfiguration): Array<{ case: ProbeCase; referer?: string }> {
  const out: Array<{ case: ProbeCase; referer?: string }> = [{ case: 'no-referer' }];
  const allowed = allowedExample(ref) ?? ((ref.refererList ?? []).length === 0 ? 'https://ossedge-probe.example/page.html' : undefined);
  if (allowed) out.push({ case: 'allowed', referer: allowed });
  out.push({ case: 'blocked', referer: HOTLINK_REFERER });
  const black = (ref.refererBlacklist ?? []).map((p) => exampleReferer(p, 'x')).find((r) => r !== undefined);
  if (black) out.push({ case: 'blacklisted', referer: black });
  return out;
}

async function get(url: string, referer: string | undefined, timeoutMs: number, dispatcher: Dispatcher): Promise<{ status: number; code?: string }> {
  const { default: request } = await import('undici/lib/api/api-request.js');
  const headers: Record<string, string> = { range: 'bytes=0-0' };
  if (referer !== undefined) headers.referer = referer;
  const res = await request.call(dispatcher, { origin: new URL(url).origin, path: url.slice(new URL(url).origin.length), method: 'GET', headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
  let text = '';
  for await (const chunk of res.body) {
    if (text.length < MAX_ERROR_BODY) text += (chunk as Buffer).toString('utf8');
  }
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  return { status: res.statusCode, ...(code ? { code } : {}) };
}

async function sampleKey(client: Presigner, bucket: string, options: ProbeOptions): Promise<string | undefined> {
  if (options.key) return options.key;
  const page = await listObjectsV2Page(client, { bucket, maxKeys: 10, ...(options.deadline !== undefined ? { deadline: options.deadline } : {}) });
  return page.contents.find((o) => !o.key.endsWith('/'))?.key;
}

/**
 * Live check of Referer enforcement: presigned (so Referer-checked) GETs of one object with each probe
 * case; what OSS answers is compared with what `decideReferer` says the configuration means.
 */
export async function probeBucket(client: Presigner, bucket: string, ref: RefererConfiguration, options: ProbeOptions = {}): Promise<{ findings: Finding[]; results: ProbeResult[] }> {
  const key = await sampleKey(client, bucket, options);
  if (key === undefined) {
    return { results: [], findings: [{ bucket, code: 'REFERER_PROBE_SKIPPED', severity: FINDINGS.REFERER_PROBE_SKIPPED.severity, message: 'the bucket has no object to probe', hint: FINDINGS.REFERER_PROBE_SKIPPED.hint }] };
  }
  const dispatcher = options.dispatcher ?? (await sharedAgent());
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const results: ProbeResult[] = [];
  const findings: Finding[] = [];
  for (const c of probeCases(ref)) {
    const url = await client.presign({ op: 'GetObject', method: 'GET', bucket, key }, PRESIGN_SECONDS);
    const answer = await get(url, c.referer, timeoutMs, dispatcher);
    const expected = decideReferer(ref, c.referer).allowed;
    const actual = answer.status >= 200 && answer.status < 300 ? true : answer.status === 403 && answer.code === 'AccessDenied' ? false : undefined;
    const result: ProbeResult = { case: c.case, ...(c.referer !== undefined ? { referer: c.referer } : {}), expected, ...(actual !== undefined ? { actual } : {}), status: answer.status, ...(answer.code ? { code: answer.code } : {}) };
    results.push(result);
    if (actual === undefined) {
      findings.push({ bucket, code: 'REFERER_PROBE_SKIPPED', severity: 'info', target: c.case, message: `probe ${c.case}: OSS answered ${answer.status}${answer.code ? ` ${answer.code}` : ''}, neither served nor denied by Referer`, hint: FINDINGS.REFERER_PROBE_SKIPPED.hint, data: { key, ...result } });
    } else if (actual !== expected) {
      const say = (b: boolean) => (b ? 'served' : 'denied');
      findings.push({
        bucket, code: 'REFERER_ENFORCEMENT_MISMATCH', severity: FINDINGS.REFERER_ENFORCEMENT_MISMATCH.severity, target: c.case,
        message: `probe ${c.case}${c.referer ? ` (Referer ${c.referer})` : ' (no Referer)'}: the configuration says ${say(expected)}, OSS ${say(actual)} the request`,
        hint: FINDINGS.REFERER_ENFORCEMENT_MISMATCH.hint, data: { key, ...result },
      });
    }
  }
  return { findings, results };
}
