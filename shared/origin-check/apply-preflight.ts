import type { Preflight, PreflightResult, PreflightRule } from '../apply/types.ts';
import { formatPath } from '../config/path.ts';
import type { PreflightOptions } from './preflight.ts';

/**
 * apply-config's `preflight` seam backed by these checks: each new or changed mirror rule of a bucket
 * is checked before the website is written; a failing rule (`ok: false`, code `ORIGIN_<CHECK>` of the
 * first failing check, e.g. ORIGIN_TLS) blocks the bucket unless the rule has `force: true`.
 */
export function createApplyPreflight(options: PreflightOptions = {}): Preflight {
  return async (bucket: string, rules: PreflightRule[]): Promise<PreflightResult[]> => {
    const refs = rules.map((r) => ({
      bucket, path: formatPath(['buckets', bucket, 'website', 'routingRules', r.index]), rule: r.rule, sampleKeys: r.sampleKeys, force: r.force,
    }));
    // the checks (and shared/net under them) load when a mirror rule changes, not on every cold start
    const { preflightMirrorRules } = await import('./preflight.ts');
    const outcomes = await preflightMirrorRules(refs, options);
    return outcomes.map((o, i) => {
      const failing = o.problems.find((p) => p.status === 'fail');
      const shown = failing ?? o.problems[0];
      const code = failing ? `ORIGIN_${failing.check}` : o.verdict === 'warn' ? 'ORIGIN_WARN' : 'ORIGIN_OK';
      const message = shown
        ? `${shown.role === 'rule' ? 'rule' : `${shown.role} ${shown.baseUrl}`}: ${shown.check} ${shown.code}: ${shown.message}${shown.hint ? ` (${shown.hint})` : ''}`
        : 'every origin passed';
      return { ruleIndex: rules[i]!.index, ok: o.verdict !== 'fail', code, message };
    });
  };
}
