// A pull/merge request into the tracked branch: plan its head SHA against the live buckets (no writes),
// one comment updated in place, status ossedge/plan. From a fork, origin probes are skipped.
import { loadConfig } from '../../shared/config/index.ts';
import { PLAN_COMMENT_MARKER, planMarkdown } from '../../shared/apply/plan-markdown.ts';
import type { ApplyReport } from '../../shared/apply/index.ts';
import { gitHostFor, statusDescription, type CommitState, type GitHost, type GitOpsSettings } from '../../shared/git/index.ts';
import { commitUrl, firstProblem, refusedReport, type GitPayload } from './git-run.ts';
import { runAndReport, storeRunReport, type RunDeps } from './runs.ts';

export interface PullPayload {
  number: number;
  headSha: string;
  fork: boolean;
}

export interface GitPlanOptions {
  settings: GitOpsSettings;
  runId?: string;
  pull: PullPayload;
  git?: GitPayload;
  warn: (message: string, fields: Record<string, unknown>) => void;
  host?: GitHost;
}

export async function planFromGit(o: GitPlanOptions, deps: RunDeps): Promise<ApplyReport> {
  const s = o.settings;
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
      o.warn('commit status not set', { code: (e as { code?: string }).code ?? 'ERROR', state });
    }
  };
  const comment = async (body: string) => {
    try {
      await host.upsertComment(o.pull.number, PLAN_COMMENT_MARKER, body);
    } catch (e) {
      o.warn('plan comment not posted', { code: (e as { code?: string }).code ?? 'ERROR' });
    }
  };
  const md = { sha, path: s.path, fork: o.pull.fork, ...(s.dashboardUrl ? { reportUrl: s.dashboardUrl } : {}) };
  await status('pending', `ossedge: planning ${s.path} at ${sha.slice(0, 7)}`);
  try {
    const text = await host.readFile(s.path, sha);
    const loaded = await loadConfig(text, { filename: s.path });
    if (!loaded.ok) {
      const issues = loaded.issues.filter((i) => i.severity === 'error').slice(0, 50).map(({ path, message, line, column }) => ({ path, message, ...(line ? { line, column } : {}) }));
      await comment(planMarkdown(undefined, { ...md, issues }));
      await status('failure', firstProblem(loaded.issues));
      const report = refusedReport(base, git, { code: 'CONFIG_INVALID', message: `${s.path} at ${sha.slice(0, 7)} is invalid: ${firstProblem(loaded.issues)}`, data: { issues } });
      await storeRunReport(report, deps);
      return report;
    }
    const { preflight: _skipped, ...noProbe } = deps;
    const report = await runAndReport({
      config: loaded.config, mode: 'plan', source: 'webhook', git, ...(o.runId ? { runId: o.runId } : {}),
      ...(o.pull.fork ? { notes: [{ bucket: '*', code: 'PREFLIGHT_SKIPPED_FORK', status: 'warn' as const, message: 'origin pre-flight skipped: the pull request comes from a fork' }] } : {}),
    }, o.pull.fork ? noProbe : deps);
    await comment(planMarkdown(report, md));
    const pending = report.summary.buckets_pending ?? 0;
    await status(report.ok ? 'success' : 'failure', report.ok ? `plan: ${pending} bucket(s) would change` : `plan failed: ${report.errors[0]?.code ?? 'see the comment'}`);
    return report;
  } catch (e) {
    const error = { code: (e as { code?: string }).code ?? 'ERROR', message: (e as Error).message };
    await comment(planMarkdown(undefined, { ...md, error }));
    await status('failure', `${error.code}: ${error.message}`);
    const report = refusedReport(base, git, { error: e });
    await storeRunReport(report, deps);
    return report;
  }
}
