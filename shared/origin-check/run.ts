import { rulePassesRequestHost } from '../mirror/headers.ts';
import { mirrorOrigins } from '../mirror/origin-url.ts';
import { planMirrorRequest } from '../mirror/plan.ts';
import { externalRedirect } from '../mirror/redirect.ts';
import { runCheck, skipped, worst } from './check.ts';
import { applyFailover } from './failover.ts';
import { headerRulesOutcome, rulePassesHost } from './header-rules.ts';
import { GIVE_UP, checkSample, type SampleProbe } from './http.ts';
import { mapLimit } from '../concurrency/map-limit.ts';
import { checkNetwork } from './network.ts';
import {
  DEFAULT_CHECK_CONCURRENCY,
  DEFAULT_MAX_SAMPLE_KEYS,
  DEFAULT_ORIGIN_BUDGET_MS,
  type CheckResult,
  type CheckRunResult,
  type FailingCheck,
  type OriginCheckOptions,
  type OriginResult,
  type RuleResult,
  type RuleTarget,
} from './types.ts';

/** The request a browser sends to OSS; the rule's header rules decide what of it reaches the origin. */
export const DEFAULT_CLIENT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-US,en;q=0.9',
  'user-agent': 'Mozilla/5.0 (compatible; ossedge-validate-mirror-origin)',
});

interface OriginJob {
  ruleIndex: number;
  kind: OriginResult['kind'];
  role: OriginResult['role'];
  baseUrl: string;
  number?: number;
  sni: boolean;
  probes: Array<Omit<SampleProbe, 'address'>>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The Host a browser sends to OSS for a bucket when nothing better is known. */
export const defaultBucketHost = (bucket: string): string => `${bucket}.oss-cn-hangzhou.aliyuncs.com`;

function originJobs(target: RuleTarget, ruleIndex: number, options: OriginCheckOptions): OriginJob[] {
  const rule = target.rule;
  const r = rule.redirect;
  const keys = target.sampleKeys.slice(0, options.maxSampleKeys ?? DEFAULT_MAX_SAMPLE_KEYS);
  const headers = options.clientHeaders ?? DEFAULT_CLIENT_HEADERS;
  if (r.redirectType === 'Mirror') {
    const plans = keys.map((key) => planMirrorRequest(rule, { key, headers }));
    const passesHost = rulePassesHost(rule);
    const bucketHost = rulePassesRequestHost(r.mirrorHeaders) ? (options.bucketHost ?? defaultBucketHost)(target.bucket) : undefined;
    const signedByOss = r.mirrorAuth !== undefined || r.mirrorUsingRole === true;
    return mirrorOrigins(r).map((o, i) => ({
      ruleIndex, kind: 'mirror', role: o.role, baseUrl: o.baseUrl, ...(o.number !== undefined ? { number: o.number } : {}),
      sni: r.mirrorSNI === true,
      probes: plans.map((plan, k) => ({
        key: keys[k]!, url: plan.origins[i]!.url, headers: plan.headers, followRedirect: plan.followRedirect,
        checkMd5: plan.checkMd5, sampleSource: target.sampleSource, passesHost, signedByOss, ...(bucketHost ? { bucketHost } : {}),
      })),
    }));
  }
  // External / AliCDN with a HostName: the browser is sent there, so it must answer too.
  if (!r.hostName) return [];
  const protocol = (r.protocol || 'https').replace(/:$/, '');
  return [{
    ruleIndex, kind: 'external', role: 'redirect', baseUrl: `${protocol}://${r.hostName}/`, sni: true,
    probes: keys.map((key) => ({
      key, url: externalRedirect(rule, { key, host: r.hostName!, protocol }).location, headers: { 'user-agent': DEFAULT_CLIENT_HEADERS['user-agent']! },
      followRedirect: true, checkMd5: false, sampleSource: target.sampleSource, passesHost: false, reachabilityOnly: true,
    })),
  }];
}

/** Every check of one origin: network first, then each sample key over the checked address. */
async function checkOrigin(job: OriginJob, options: OriginCheckOptions): Promise<OriginResult> {
  const now = options.now ?? Date.now;
  const start = now();
  const t0 = performance.now();
  const net = await checkNetwork({ baseUrl: job.baseUrl, sni: job.sni }, options);
  const checks: CheckResult[] = [...net.checks];
  if (!net.reachable || !net.address) {
    checks.push(skipped('GET', 'the origin is not reachable the way OSS would reach it', now));
  } else {
    for (const probe of job.probes) {
      const sample = await checkSample({ ...probe, address: net.address }, options);
      checks.push(...sample);
      // an origin that timed out or dropped the connection gets no more samples: one budget, not one per key
      const fatal = sample.find((c) => c.status === 'fail' && GIVE_UP.has(c.code));
      if (fatal) {
        checks.push(skipped('GET', `remaining sample keys not probed after ${fatal.code}`, now));
        break;
      }
    }
  }
  return {
    kind: job.kind, role: job.role, baseUrl: job.baseUrl, ...(job.number !== undefined ? { number: job.number } : {}),
    verdict: worst(checks.map((c) => c.status)), checks, startedAt: iso(start), finishedAt: iso(Math.max(now(), start)),
    ms: Math.round(performance.now() - t0),
  };
}

function problemsOf(checks: CheckResult[], origins: OriginResult[]): FailingCheck[] {
  const out: FailingCheck[] = [];
  const add = (c: CheckResult, role: FailingCheck['role'], baseUrl: string) => {
    if (c.status !== 'warn' && c.status !== 'fail') return;
    out.push({ role, baseUrl, check: c.check, code: c.code, status: c.status, message: c.message, ...(c.hint ? { hint: c.hint } : {}) });
  };
  for (const c of checks) add(c, 'rule', '');
  for (const o of origins) for (const c of o.checks) add(c, o.role, o.baseUrl);
  return out.sort((a, b) => (a.status === 'fail' ? 0 : 1) - (b.status === 'fail' ? 0 : 1));
}

/**
 * Checks every origin of every rule (MirrorURL, MirrorURLSlave, MirrorMultiAlternates; External
 * redirect targets) with at most `concurrency` origins in flight across all rules.
 */
export async function checkRules(targets: readonly RuleTarget[], options: OriginCheckOptions = {}): Promise<CheckRunResult> {
  const now = options.now ?? Date.now;
  const start = now();
  const t0 = performance.now();
  const concurrency = options.concurrency ?? DEFAULT_CHECK_CONCURRENCY;
  const jobs = targets.flatMap((t, i) => originJobs(t, i, options));
  const results = await mapLimit(jobs, concurrency, (job) => checkOrigin(job, options));
  const rules: RuleResult[] = [];
  for (const [i, target] of targets.entries()) {
    const origins = applyFailover(target.rule.redirect, results.filter((_, j) => jobs[j]!.ruleIndex === i));
    const ruleCheck = await runCheck('HEADERS', () => headerRulesOutcome(target.rule, origins.map((o) => o.baseUrl)), now);
    const checks = [ruleCheck];
    const all = [...checks, ...origins.flatMap((o) => o.checks)];
    const starts = [ruleCheck.startedAt, ...origins.map((o) => o.startedAt)].sort();
    const ends = [ruleCheck.finishedAt, ...origins.map((o) => o.finishedAt)].sort();
    rules.push({
      bucket: target.bucket, path: target.path, ...(target.rule.ruleNumber !== undefined ? { ruleNumber: target.rule.ruleNumber } : {}),
      redirectType: target.rule.redirect.redirectType ?? 'unknown', source: target.source, sampleKeys: target.sampleKeys,
      sampleSource: target.sampleSource, force: target.force === true, verdict: worst(all.map((c) => c.status)),
      problems: problemsOf(checks, origins), checks, origins, startedAt: starts[0]!, finishedAt: ends[ends.length - 1]!,
      ms: Math.max(0, Date.parse(ends[ends.length - 1]!) - Date.parse(starts[0]!)),
    });
  }
  return {
    rules, startedAt: iso(start), finishedAt: iso(Math.max(now(), start)), totalMs: Math.round(performance.now() - t0),
    concurrency, budgetMs: options.budgetMs ?? DEFAULT_ORIGIN_BUDGET_MS,
  };
}

/** One line per rule for humans: "ok", or the worst problems. */
export function ruleSummary(r: RuleResult): string {
  if (r.problems.length === 0) return `${r.path}: ok`;
  return `${r.path}: ${r.verdict}: ${r.problems.slice(0, 3).map((p) => `${p.role === 'rule' ? '' : `${p.role}: `}${p.message}`).join('; ')}`;
}
