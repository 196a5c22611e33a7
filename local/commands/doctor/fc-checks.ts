// The Function Compute half of `ossedge doctor`: each function is deployed (GetFunction), and
// ossedge-health answers a synchronous invocation made by the same fc2 invoker the functions use.
import { OSSEDGE_FUNCTIONS } from '../../../shared/fc/health.ts';
import { createFc2Invoker, InvokeError, type Fc2Invoker } from '../../../shared/fc/invoker.ts';
import { fail, pass, skip, type CheckResult } from './check.ts';
import type { DoctorSettings } from './settings.ts';

const NO_FC = 'no FC account (--account-id or ALIBABA_CLOUD_ACCOUNT_ID) and no --fc-endpoint (OSSEDGE_FC_ENDPOINT)';

function invokerOf(s: DoctorSettings): Fc2Invoker | undefined {
  if (!s.fc) return undefined;
  return createFc2Invoker({ accountId: s.fc.accountId, region: s.fc.region, credentials: s.credentials, endpoint: s.fc.endpoint, timeoutMs: s.timeoutMs });
}

function hintFor(code: string, fn: string): string {
  if (code === 'FunctionNotFound') return `deploy it: npm run build && s deploy (s.yaml names ${fn}); check --account-id and --region`;
  if (code === 'NO_CREDENTIALS') return 'the FC API is signed with the same keys as OSS: set them first';
  if (/Signature|AccessDenied|InvalidAccessKeyId|Forbidden/i.test(code)) return 'the keys may not call FC: grant fc:GetFunction and fc:InvokeFunction to the RAM user or role whose keys you use';
  return 'check --fc-endpoint / OSSEDGE_FC_ENDPOINT, --account-id and --region';
}

/** Node's codes for "nothing answered there": fc2's own message for them is a run-on of two sentences. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'RequestTimeoutError', 'ConnectionTimeoutError']);

function invokeFailure(s: DoctorSettings, name: string, fn: string, e: unknown): CheckResult {
  const code = e instanceof InvokeError ? e.code : 'INVOKE_FAILED';
  if (UNREACHABLE.has(code)) return fail(name, `NETWORK: the FC API at ${s.fc?.endpoint} did not answer (${code})`, hintFor(code, fn));
  const message = String((e as Error)?.message ?? e).slice(0, 300);
  return fail(name, `${code}: ${message}`, hintFor(code, fn));
}

/** One line per function: GetFunction answers for it. */
export async function checkFunctionsDeployed(s: DoctorSettings): Promise<CheckResult[]> {
  const invoker = invokerOf(s);
  if (!invoker) return [skip('functions', NO_FC)];
  const results = await Promise.all(OSSEDGE_FUNCTIONS.map(async (fn): Promise<CheckResult & { code?: string }> => {
    const name = `function ${fn}`;
    try {
      const info = await invoker.getFunction(fn);
      return pass(name, `deployed${info.runtime ? ` (${info.runtime}${info.lastModifiedTime ? `, updated ${info.lastModifiedTime}` : ''})` : ''}`);
    } catch (e) {
      return { ...invokeFailure(s, name, fn, e), code: e instanceof InvokeError ? e.code : 'INVOKE_FAILED' };
    }
  }));
  // the same refusal for every function (unreachable, keys refused) is one problem: said once
  const first = results[0]!;
  if (first.code && first.code !== 'FunctionNotFound' && results.every((r) => r.code === first.code)) {
    return [{ ...first, name: 'functions', message: first.message.replace(` of ${OSSEDGE_FUNCTIONS[0]} `, ' ') }];
  }
  return results.map(({ code: _code, ...r }) => r);
}

/** ossedge-health answers `{"check":"status"}` synchronously, and its answer says OSS is reachable from FC. */
export async function checkHealthInvoke(s: DoctorSettings): Promise<CheckResult> {
  const name = 'health invoke';
  const invoker = invokerOf(s);
  if (!invoker) return skip(name, NO_FC);
  let answer;
  try {
    answer = await invoker.invokeSync('ossedge-health', { check: 'status' });
  } catch (e) {
    return invokeFailure(s, name, 'ossedge-health', e);
  }
  const r = (answer.result ?? {}) as { ok?: unknown; version?: unknown; oss?: { reachable?: unknown; error?: unknown }; error?: { code?: unknown; message?: unknown } };
  if (answer.errorType) return fail(name, `ossedge-health failed (${answer.errorType}${answer.requestId ? `, request ${answer.requestId}` : ''})`, 'see the function\'s logs in the FC console (logConfig: auto in s.yaml)');
  if (r.error) return fail(name, `ossedge-health answered ${String(r.error.code)}: ${String(r.error.message ?? '').slice(0, 200)}`, 'deploy the current version: npm run build && s deploy');
  if (r.ok !== true) {
    const why = typeof r.oss?.error === 'string' ? r.oss.error : 'not ok';
    return fail(name, `ossedge-health answered, but OSS is not reachable from it: ${why}`, 'check OSSEDGE_REPORTS and the role\'s OSS permissions (ram-policy.json) in s.yaml');
  }
  return pass(name, `ossedge-health ${typeof r.version === 'string' ? `${r.version} ` : ''}answered a synchronous invocation; OSS reachable from FC`);
}
