// A GitOps run: reconcile the buckets to the tracked branch's head read now (deliveries arrive out of
// order; the head is always right), tell the git host (status ossedge/apply on the SHA applied), and
// write the applied text back to OSSEDGE_CONFIG so the other functions read what git says.
import { loadConfig, secretEnvNames } from '../config/index.ts';
import { commitUrl, gitHostFor, statusDescription, type CommitStatus, type GitHost, type GitOpsSettings } from '../git/index.ts';
import { putObject } from '../oss/ops/object.ts';
import { newRunId } from '../report/model.ts';
import { parseOssLocation } from '../state/location.ts';
import { configWarningItems } from './config-warnings.ts';
import { firstProblem, refusedReport, type GitPayload } from './git-common.ts';
import type { ApplyReport } from './report.ts';
import { runApply } from './run.ts';
import { keepRunReport, type ApplyRuntime } from './runtime.ts';
import type { DriftAction } from './types.ts';
import { rawCode, messageOf } from '../errors/index.ts';

export interface GitRunOptions {
  settings: GitOpsSettings;
  runId?: string;
  mode: 'apply' | 'drift';
  driftAction?: DriftAction;
  source: string;
  git?: GitPayload;
  /** OSSEDGE_CONFIG: an `oss://` location gets the applied text (a path is left alone). */
  configLocation?: string;
  warn: (message: string, fields: Record<string, unknown>) => void;
  /** The client (tests and the local runner point the API at loopback through the settings). */
  host?: GitHost;
  /** Catch-up rounds done so far (the branch moved while an earlier round ran). */
  round?: number;
  runtime: ApplyRuntime;
}

/** A run that wrote an older head re-reads the branch after it, at most this many times. */
export const MAX_CATCH_UP_ROUNDS = 3;

function summaryText(r: ApplyReport): string {
  const s = r.summary;
  if (!r.ok) return `failed: ${s.buckets_failed ?? 0} bucket(s) failed, ${s.buckets_applied ?? 0} applied${r.errors[0] ? ` (${r.errors[0].code})` : ''}`;
  return `applied: ${s.buckets_applied ?? 0} bucket(s) changed, ${s.buckets_unchanged ?? 0} unchanged`;
}

export async function runFromGit(o: GitRunOptions): Promise<ApplyReport> {
  const s = o.settings;
  const deps = o.runtime;
  const host = o.host ?? gitHostFor(s, deps.deadline ? { deadline: deps.deadline } : {});
  const git: Record<string, unknown> = {
    provider: s.provider, repository: s.repository, read: true,
    ...(o.git?.pushedSha ? { pushedSha: o.git.pushedSha } : {}), ...(o.git?.deliveryId ? { deliveryId: o.git.deliveryId } : {}),
    ...(o.git?.sender ? { sender: o.git.sender } : {}),
  };
  const statuses = o.mode === 'apply';
  const status = async (sha: string, state: CommitStatus['state'], text: string) => {
    if (!statuses) return;
    try {
      await host.setStatus(sha, { state, context: 'ossedge/apply', description: statusDescription(text), ...(s.dashboardUrl ? { targetUrl: s.dashboardUrl } : {}) });
    } catch (e) {
      o.warn('commit status not set', { code: rawCode(e) ?? 'ERROR', state });
    }
  };
  let sha: string | undefined;
  try {
    const branch = s.branch ?? o.git?.branch ?? await host.defaultBranch();
    git.ref = `refs/heads/${branch}`;
    sha = await host.branchHead(branch);
    git.sha = sha;
    const url = commitUrl(s.provider, o.git?.webUrl, sha);
    if (url) git.commitUrl = url;
    await status(sha, 'pending', `ossedge: applying ${s.path} at ${sha.slice(0, 7)}`);
    const text = await host.readFile(s.path, sha);
    const loaded = await loadConfig(text, { filename: s.path });
    if (!loaded.ok) {
      const problem = firstProblem(loaded.issues);
      await status(sha, 'failure', problem);
      const issues = loaded.issues.filter((i) => i.severity === 'error').slice(0, 50).map(({ path, message, code, line, column }) => ({ path, message, code, ...(line ? { line, column } : {}) }));
      const report = refusedReport(o, git, { code: 'CONFIG_INVALID', message: `${s.path} at ${sha.slice(0, 7)} is invalid: ${problem}`, data: { issues } });
      await keepRunReport(report, deps);
      return report;
    }
    const missing = secretEnvNames(loaded.config).filter((n) => !deps.env[n]);
    if (missing.length > 0) {
      const problem = `secret references without a value: ${missing.map((n) => `\${env:${n}}`).join(', ')}`;
      await status(sha, 'failure', problem);
      const report = refusedReport(o, git, { code: 'CONFIG_SECRET_UNRESOLVED', message: problem });
      await keepRunReport(report, deps);
      return report;
    }
    const report = await runApply({
      config: loaded.config, mode: o.mode, ...(o.driftAction ? { driftAction: o.driftAction } : {}),
      ...(o.runId ? { runId: o.runId } : {}), source: o.source, git, notes: configWarningItems(loaded.warnings), runtime: deps,
    });
    if (report.ok && o.mode === 'apply') await writeBack(o, text, sha);
    await status(sha, report.ok ? 'success' : 'failure', summaryText(report));
    // a run that read the head before a newer push and finished after that push's run would leave the
    // buckets at the older commit: the branch is read again, and a newer head is reconciled now
    const writes = o.mode === 'apply' || o.driftAction !== 'report';
    if (report.ok && writes && (o.round ?? 0) < MAX_CATCH_UP_ROUNDS) {
      const now = await host.branchHead(branch).catch(() => sha);
      if (now !== sha) {
        o.warn('the branch moved during the run: reconciling to its new head', { applied: sha, head: now });
        return runFromGit({ ...o, host, round: (o.round ?? 0) + 1, runId: newRunId() });
      }
    }
    return report;
  } catch (e) {
    if (sha) await status(sha, 'failure', `${rawCode(e) ?? 'ERROR'}: ${messageOf(e)}`);
    const report = refusedReport(o, git, { error: e });
    await keepRunReport(report, deps);
    return report;
  }
}

/** One config for all four functions: the applied text, with its SHA in the object metadata. */
async function writeBack(o: GitRunOptions, text: string, sha: string): Promise<void> {
  const deps = o.runtime;
  if (!o.configLocation?.startsWith('oss://')) return;
  const { bucket, key } = parseOssLocation(o.configLocation);
  try {
    await putObject(deps.clients.home(deps.region), {
      bucket, key, body: text, contentType: 'application/yaml', contentMd5: true,
      metadata: { 'ossedge-git-sha': sha, 'ossedge-git-repository': o.settings.repository },
    });
  } catch (e) {
    o.warn('applied config not written back to OSSEDGE_CONFIG', { code: rawCode(e) ?? 'ERROR' });
  }
}
