// What GitOps runs and plans share: the payload the webhook queues, and the report of a run refused
// before it touched a bucket.
import type { ConfigIssue } from '../config/index.ts';
import type { GitOpsSettings } from '../git/index.ts';
import { createReport } from '../report/model.ts';
import type { ApplyReport } from './report.ts';
import type { DriftAction } from './types.ts';

/** What the webhook hands to the async run (JSON in the invocation payload). */
export interface GitPayload {
  provider?: string;
  repository?: string;
  branch?: string;
  pushedSha?: string;
  deliveryId?: string;
  deliveryKey?: string;
  sender?: string;
  webUrl?: string;
}

/** The pull/merge request a queued plan is for. */
export interface PullPayload {
  number: number;
  headSha: string;
  fork: boolean;
}

export const firstProblem = (issues: readonly ConfigIssue[]) => {
  const i = issues.find((x) => x.severity === 'error') ?? issues[0];
  return i ? (i.path ? `${i.path}: ${i.message}` : i.message) : 'invalid config';
};

/** A run that stopped before touching a bucket: one failing item (or error), nothing written. */
export interface RefusedRun {
  runId?: string;
  settings: GitOpsSettings;
  mode: 'apply' | 'drift' | 'plan';
  driftAction?: DriftAction;
  source: string;
}

export function refusedReport(o: RefusedRun, git: Record<string, unknown>, item: { code: string; message: string; data?: unknown } | { error: unknown }): ApplyReport {
  const b = createReport({ function: 'apply-config', ...(o.runId ? { runId: o.runId } : {}), secrets: [o.settings.token] });
  if ('error' in item) b.error(item.error);
  else b.add({ bucket: '*', code: item.code, status: 'fail', message: item.message, ...(item.data ? { data: item.data } : {}) });
  return { ...b.finish(), mode: o.mode, ...(o.driftAction ? { driftAction: o.driftAction } : {}), changesPending: false, source: o.source, git } as ApplyReport;
}

