import { switchesAllErrors, triesNextOrigin } from '../mirror/outcome.ts';
import type { RoutingRuleRedirect } from '../oss/models/website.ts';
import { worst } from './check.ts';
import type { CheckResult, OriginResult } from './types.ts';

/** Checks whose failure is the origin's answer or its network, i.e. what OSS's failover looks at. */
const ANSWER_CHECKS = new Set(['HEAD', 'GET', 'DNS', 'ADDRESS', 'TCP', 'TLS']);

/** Whether OSS, meeting this failure, would try the next origin (shared/mirror triesNextOrigin). */
function switches(redirect: RoutingRuleRedirect, c: CheckResult): boolean {
  if (!ANSWER_CHECKS.has(c.check)) return false;
  const status = c.data?.status;
  if (typeof status === 'number') return triesNextOrigin(redirect, { status });
  return c.code.startsWith('NET_') && c.code !== 'NET_INVALID_URL';
}

/**
 * Origins in failover order, their failing checks read as OSS's failover reads them: a failure that
 * switches (MirrorSwitchAllErrors: 5xx/network, or anything but 200/206/301/302/303/307/404) when another
 * origin follows only warns, so the rule's verdict is the next origin's; a failure that does not switch
 * stays a failure (its code kept, `data.failover: 'not-triggered'`) and says why the next origin never helps.
 */
export function applyFailover(redirect: RoutingRuleRedirect, origins: OriginResult[]): OriginResult[] {
  return origins.map((o, i) => {
    const next = origins[i + 1];
    if (!next || o.kind !== 'mirror' || o.verdict !== 'fail') return o;
    const failing = o.checks.filter((c) => c.status === 'fail');
    if (failing.every((c) => switches(redirect, c))) {
      const checks = o.checks.map((c) => (c.status === 'fail'
        ? { ...c, status: 'warn' as const, message: `${c.message}; OSS switches to the ${next.role} origin` }
        : c));
      return { ...o, checks, verdict: worst(checks.map((c) => c.status)) };
    }
    const mode = switchesAllErrors(redirect) ? 'true' : 'false (the default)';
    const checks = o.checks.map((c) => (c.status === 'fail' && ANSWER_CHECKS.has(c.check) && typeof c.data?.status === 'number' && !switches(redirect, c)
      ? { ...c, data: { ...c.data, failover: 'not-triggered' }, message: `${c.message}; with mirrorSwitchAllErrors ${mode} OSS does not switch to the ${next.role} origin on ${String(c.data.status)}`,
        hint: `${c.hint ? `${c.hint} ` : ''}Or set mirrorSwitchAllErrors: true so OSS tries the next origin on every status but 200, 206, 301, 302, 303, 307 and 404.` }
      : c));
    return { ...o, checks };
  });
}
