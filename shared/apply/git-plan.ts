// A pull/merge request into the tracked branch: plan its head SHA against the live buckets (no writes),
// one comment updated in place, status ossedge/plan. From a fork, origin probes are skipped.
import { loadConfig, unresolvedSecretIssues } from '../config/index.ts';
import { configWarningItems } from './config-warnings.ts';
import { commitUrl, gitHostFor, planCommentMarker, statusDescription, type CommitState, type GitHost, type GitOpsSettings } from '../git/index.ts';
import { firstProblem, refusedReport, type GitPayload, type PullPayload } from './git-common.ts';
import { planMarkdown } from './plan-markdown.ts';
import type { ApplyReport } from './report.ts';
import { runApply } from './run.ts';
import { keepRunReport, type ApplyRuntime } from './runtime.ts';
import { rawCode, messageOf } from '../errors/index.ts';

/** The names among `names` that the tracked branch's config does not list (all of them when it has none or it is invalid). */
async function bucketsNotTracked(host: GitHost, s: GitOpsSettings, eventBranch: string | undefined, names: string[]): Promise<string[]> {
  const branch = s.branch ?? eventBranch ?? await host.defaultBranch();
  let text: string | undefined;
  try {
    text = await host.readFile(s.path, branch);
  } catch (e) {
    if (rawCode(e) !== 'GIT_NOT_FOUND') throw e;
  }
  const tracked = text === undefined ? undefined : await loadConfig(text, { filename: s.path });
  const known = new Set(tracked?.ok ? tracked.config.buckets.map((b) => b.name) : []);
  return names.filter((n) => !known.has(n));
}

export interface GitPlanOptions {
  settings: GitOpsSettings;
  runId?: string;
  pull: PullPayload;
  git?: GitPayload;
  warn: (message: string, fields: Record<string, unknown>) => void;
  host?: GitHost;
  runtime: ApplyRuntime;
}

export async function planFromGit(o: GitPlanOptions): Promise<ApplyReport> {
  const s = o.settings;
  const deps = o.runtime;
  const host = o.host ?? gitHostFor(s, deps.deadline ? { deadline: deps.deadline } : {});
  const sha = o.pull.headSha;
  const url = commitUrl(s.provider, o.git?.webUrl, sha);
  const git: Record<string, unknown> = {
    provider: s.provider, repository: s.repository, read: true, sha, pullRequest: o.pull.number, fork: o.pull.fork,
    ...(o.git?.deliveryId ? { deliveryId: o.git.deliveryId } : {}), ...(o.git?.sender ? { sender: o.git.sender } : {}), ...(url ? { commitUrl: url } : {}),
  };
  const base = { settings: s, mode: 'plan' as const, source: 'webhook', ...(o.runId ? { runId: o.runId } : {}) };
  // statuses and the comment tell the author; failing to post them never fails the plan
  const status = async (state: CommitState, text: string) => {
    try {
      await host.setStatus(sha, { state, context: 'ossedge/plan', description: statusDescription(text), ...(s.dashboardUrl ? { targetUrl: s.dashboardUrl } : {}) });
    } catch (e) {
      o.warn('commit status not set', { code: rawCode(e) ?? 'ERROR', state });
    }
  };
  const comment = async (body: string) => {
    try {
      // plans of two heads may finish in any order: the comment shows the pull request's head only
      const head = await host.pullHead(o.pull.number).catch(() => undefined);
      if (head !== undefined && head !== sha) {
        o.warn('plan comment left to the newer head', { planned: sha, head });
        return;
      }
      await host.upsertComment(o.pull.number, marker, body);
    } catch (e) {
      o.warn('plan comment not posted', { code: rawCode(e) ?? 'ERROR' });
    }
  };
  const marker = planCommentMarker(s.token, s.repository, o.pull.number);
  const md = { sha, path: s.path, fork: o.pull.fork, marker, ...(s.dashboardUrl ? { reportUrl: s.dashboardUrl } : {}) };
  await status('pending', `ossedge: planning ${s.path} at ${sha.slice(0, 7)}`);
  try {
    const text = await host.readFile(s.path, sha);
    const loaded = await loadConfig(text, { filename: s.path });
    if (!loaded.ok) {
      const issues = loaded.issues.filter((i) => i.severity === 'error').slice(0, 50).map(({ path, message, line, column }) => ({ path, message, ...(line ? { line, column } : {}) }));
      await comment(planMarkdown(undefined, { ...md, issues }));
      await status('failure', firstProblem(loaded.issues));
      const report = refusedReport(base, git, { code: 'CONFIG_INVALID', message: `${s.path} at ${sha.slice(0, 7)} is invalid: ${firstProblem(loaded.issues)}`, data: { issues } });
      await keepRunReport(report, deps);
      return report;
    }
    // an outsider may plan only buckets the tracked branch manages: the plan shows live values, and any other
    // bucket the function can read (rules, origins, headers) would land in a public comment
    const outside = o.pull.fork ? await bucketsNotTracked(host, s, o.git?.branch, loaded.config.buckets.map((b) => b.name)) : [];
    if (outside.length > 0) {
      const issues = outside.slice(0, 50).map((name) => ({ path: `buckets.${name}`, message: 'a pull request from a fork may only plan buckets the tracked branch\'s config names: the plan is refused' }));
      await comment(planMarkdown(undefined, { ...md, issues }));
      await status('failure', `${issues[0]!.path}: ${issues[0]!.message}`);
      const report = refusedReport(base, git, { code: 'FORK_BUCKET_REFUSED', message: `${issues[0]!.path}: ${issues[0]!.message}`, data: { issues } });
      await keepRunReport(report, deps);
      return report;
    }
    const { preflight: _skipped, ...noProbe } = deps;
    // the config's warnings and the secrets an apply would need (a warning here: CI rarely holds production secrets)
    const warnings = configWarningItems([...loaded.warnings, ...unresolvedSecretIssues(loaded.config, deps.env, 'warning')]);
    const report = await runApply({
      config: loaded.config, mode: 'plan', source: 'webhook', git, ...(o.runId ? { runId: o.runId } : {}),
      notes: [...warnings, ...(o.pull.fork ? [{ bucket: '*', code: 'PREFLIGHT_SKIPPED_FORK', status: 'warn' as const, message: 'origin pre-flight skipped: the pull request comes from a fork' }] : [])],
      runtime: o.pull.fork ? noProbe : deps,
    });
    await comment(planMarkdown(report, md));
    const pending = report.summary.buckets_pending ?? 0;
    await status(report.ok ? 'success' : 'failure', report.ok ? `plan: ${pending} bucket(s) would change` : `plan failed: ${report.errors[0]?.code ?? 'see the comment'}`);
    return report;
  } catch (e) {
    const error = { code: rawCode(e) ?? 'ERROR', message: messageOf(e) };
    await comment(planMarkdown(undefined, { ...md, error }));
    await status('failure', `${error.code}: ${error.message}`);
    const report = refusedReport(base, git, { error: e });
    await keepRunReport(report, deps);
    return report;
  }
}
