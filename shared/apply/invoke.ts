// A direct invocation of apply-config (the CLI, a queued webhook run, the drift timer): what its payload
// asks for, run by the engine. Refusals are ApplyInputError (the function answers them as 4xx).
import { gitOpsEnabled } from '../git/index.ts';
import { ossFolder } from '../state/location.ts';
import { DEFAULT_DELIVERY_TTL_MS } from '../state/delivery-store.ts';
import { sweepDeliveries } from '../state/delivery-sweep.ts';
import type { ConfigSource } from '../config/index.ts';
import { configWarningItems } from './config-warnings.ts';
import { ApplyInputError } from './errors.ts';
import { exportBuckets } from './export-run.ts';
import type { GitPayload, PullPayload } from './git-common.ts';
import { planFromGit } from './git-plan.ts';
import { runFromGit } from './git-run.ts';
import { loadRunConfig, runtimeOf, type ApplyInvocation } from './invocation.ts';
import { queuedAnswer, queuedRunId } from './queued-run.ts';
import type { ApplyReport } from './report.ts';
import { rollbackRun } from './rollback-run.ts';
import { runApply } from './run.ts';
import type { DriftAction } from './types.ts';
import { rawCode } from '../errors/index.ts';

/** Delivery records are swept a full TTL after they expire at the latest (none is needed by then). */
const DELIVERY_KEEP_MS = 2 * DEFAULT_DELIVERY_TTL_MS;

/** The payload of a direct invocation (the CLI's, the webhook's queued run's). */
export interface InvokePayload {
  command?: string;
  mode?: string;
  dryRun?: boolean;
  force?: boolean;
  config?: unknown;
  configText?: string;
  filename?: string;
  bucket?: string[] | string;
  runId?: string;
  driftAction?: string;
  source?: string;
  git?: GitPayload & { read?: boolean };
  pull?: PullPayload;
}

export interface InvokeOptions extends ApplyInvocation {
  payload: unknown;
  /** The drift timer fired (the payload is the trigger's). */
  timer: boolean;
}

const asList = (v: unknown): string[] | undefined => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined);

function driftActionOf(v: unknown, fallback: DriftAction): DriftAction {
  if (v === undefined) return fallback;
  if (v === 'report' || v === 'correct') return v;
  throw new ApplyInputError('BAD_DRIFT_ACTION', 'driftAction must be "report" or "correct"');
}

function payloadSource(p: InvokePayload): ConfigSource | { kind: 'default' } {
  if (typeof p.configText === 'string') return { kind: 'text', text: p.configText, ...(p.filename ? { filename: p.filename } : {}) };
  if (typeof p.config === 'string') return { kind: 'location', location: p.config };
  if (p.config !== undefined && p.config !== null) return { kind: 'value', value: p.config };
  return { kind: 'default' };
}

export async function runInvocation(o: InvokeOptions): Promise<unknown> {
  if (o.timer && o.settings.reportsLocation) await sweepOldDeliveries(o, o.settings.reportsLocation);
  const p = (o.payload ?? {}) as InvokePayload;
  if (typeof p !== 'object' || Array.isArray(p)) throw new ApplyInputError('BAD_PAYLOAD', 'the payload must be a JSON object');
  const runtime = runtimeOf(o);
  const command = o.timer ? 'drift' : (p.command ?? p.mode ?? 'plan');
  const buckets = asList(p.bucket);
  if (command === 'export') return exportBuckets({ ...(buckets ? { buckets } : {}), runtime });
  if (command === 'rollback') {
    if (typeof p.runId !== 'string') throw new ApplyInputError('BAD_RUN_ID', 'rollback needs a runId');
    return rollbackRun({ runId: p.runId, dryRun: p.dryRun === true, force: p.force === true, runtime });
  }
  if (command !== 'plan' && command !== 'apply' && command !== 'drift') throw new ApplyInputError('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(command)}`);
  const mode = command === 'apply' && p.dryRun === true ? 'plan' : command;
  const driftAction = mode === 'drift' ? driftActionOf(p.driftAction, o.settings.driftAction ?? 'correct') : undefined;
  const src = payloadSource(p);
  const git = typeof p.git === 'object' && p.git !== null ? p.git : undefined;
  const runId = typeof p.runId === 'string' ? p.runId : undefined;
  const source = o.timer ? 'timer' : (p.source ?? 'invoke');
  // a queued run answers `{runId, ran, ok}`; the function runs it once per run id (queued-run.ts)
  const queuedId = queuedRunId(p, o.settings.reportsLocation);
  const answer = async (run: Promise<ApplyReport>) => {
    const report = await run;
    return queuedId === undefined ? report : queuedAnswer(queuedId, { ran: true, ok: report.ok });
  };
  const warn = (m: string, f: Record<string, unknown>) => o.log.warn(m, f);
  const gitops = gitOpsEnabled(o.settings.git) ? o.settings.git : undefined;
  if (gitops && mode === 'plan' && p.pull && typeof p.pull === 'object') {
    const pull = p.pull;
    return answer(planFromGit({ settings: gitops, pull, ...(git ? { git } : {}), ...(runId ? { runId } : {}), warn, runtime }));
  }
  // GitOps: a queued push and the drift timer reconcile to the tracked branch's head
  if (gitops && src.kind === 'default' && ((mode === 'apply' && git) || mode === 'drift')) {
    const configLocation = o.settings.configLocation;
    return answer(runFromGit({
      settings: gitops, mode, ...(driftAction ? { driftAction } : {}), source, ...(runId ? { runId } : {}), ...(git ? { git } : {}),
      ...(configLocation ? { configLocation } : {}), warn, runtime,
    }));
  }
  const loaded = await loadRunConfig(o, src, { requireSecrets: mode === 'apply' || driftAction === 'correct', allowPath: true });
  const gitNote = git ? (({ deliveryKey: _k, ...rest }) => rest)(git) : undefined;
  return answer(runApply({
    config: loaded.config, mode, ...(driftAction ? { driftAction } : {}), ...(buckets ? { buckets } : {}),
    ...(runId && mode === 'apply' ? { runId } : {}), source, ...(gitNote ? { git: gitNote } : {}), notes: configWarningItems(loaded.warnings), runtime,
  }));
}

// the drift timer also clears webhook delivery records; a failure is only logged (the drift run matters more)
async function sweepOldDeliveries(o: ApplyInvocation, reports: string): Promise<void> {
  const { bucket, key } = ossFolder(reports);
  try {
    const swept = await sweepDeliveries(o.clients.home(o.region), { bucket, prefix: key, keepMs: DELIVERY_KEEP_MS });
    if (swept.deleted > 0) o.log.info('delivery records swept', { ...swept });
  } catch (e) {
    o.log.warn('delivery records not swept', { code: rawCode(e) ?? 'ERROR' });
  }
}
