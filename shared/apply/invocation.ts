// What apply-config's function hands the engine for one invocation: its settings (read once), the
// instance's clients, this invocation's values, and as callbacks what only the FC layer can do (queue an
// async invocation, read a config with the FC layer's refusals).
import type { ConfigSource, LoadedConfig } from '../config/index.ts';
import type { GitSettings } from '../git/index.ts';
import type { OssInvoker } from '../oss/index.ts';
import type { Report } from '../report/model.ts';
import type { NotifyTarget } from '../report/notify.ts';
import type { DeliveryStore } from '../state/delivery-store.ts';
import type { ClientCache } from '../state/oss-clients.ts';
import { ApplyInputError } from './errors.ts';
import type { ApplyRuntime } from './runtime.ts';
import type { DriftAction, Preflight } from './types.ts';

/** apply-config's settings: from the environment (functions/apply-config/settings.ts) or the CLI's flags. */
export interface ApplySettings {
  /** Values for `${env:NAME}` secret references: only `OSSEDGE_SECRET_*` variables are ever read from it. */
  env: Readonly<Record<string, string | undefined>>;
  /** OSSEDGE_CONFIG: `oss://bucket/key` or a path. */
  configLocation?: string;
  /** OSSEDGE_REPORTS: `oss://bucket/prefix/`. */
  reportsLocation?: string;
  /** OSSEDGE_DASHBOARD: `oss://bucket/prefix/` for the dashboard (default `<reports>dashboard/`). */
  dashboardLocation?: string;
  /** OSSEDGE_NOTIFY_*: new problems (failed apply, drift not corrected) are notified once. */
  notify?: NotifyTarget;
  /** Timer runs: correct drift (default) or only report it. */
  driftAction?: DriftAction;
  preflight?: Preflight;
  concurrency?: number;
  maxAttempts?: number;
  backoffMs?: number;
  leaseTtlMs?: number;
  /** OSSEDGE_GIT_*: the event table always; GitOps (read git, statuses) with a token, provider and repository. */
  git?: GitSettings;
}

export interface RunLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Reads and validates a config before any request to a bucket; its refusals go to the caller as they are. */
export type LoadConfig = (
  source: ConfigSource, o: { client: () => OssInvoker; env: Readonly<Record<string, string | undefined>>; allowPath: boolean; requireSecrets: boolean },
) => Promise<LoadedConfig>;

export interface ApplyInvocation {
  settings: ApplySettings;
  clients: ClientCache;
  loadConfig: LoadConfig;
  region: string | undefined;
  /** This invocation's id: the owner of the leases and once-markers it takes. */
  owner: string;
  deadline?: number;
  /** When FC stops this invocation (its timeout), when known. */
  invocationEnd?: number;
  log: RunLog;
  /** Where webhook deliveries are recorded (a queued run notes its outcome there). */
  deliveries: () => DeliveryStore;
  /** Takes a finished run's report to be stored after the run (the function's reportStore middleware). */
  keepReport?: (report: Report) => Promise<void>;
  /** Queues an async invocation of this function (FC's async invoke; `invocationId` makes FC take it once). */
  queue: (payload: Record<string, unknown>, invocationId: string) => Promise<unknown>;
}

/** What a run needs of the invocation: the settings, clients and deadline, and the function's log for its summary. */
export function runtimeOf(o: ApplyInvocation): ApplyRuntime {
  const s = o.settings;
  return {
    clients: o.clients, region: o.region, env: s.env, owner: o.owner,
    ...(o.deadline !== undefined ? { deadline: o.deadline } : {}),
    // a bucket's lease expires soon after FC stops this invocation, not at a fixed time
    ...(o.invocationEnd !== undefined ? { invocationEnd: o.invocationEnd } : {}),
    ...(s.reportsLocation ? { reportsLocation: s.reportsLocation } : {}),
    ...(s.concurrency ? { concurrency: s.concurrency } : {}),
    ...(s.maxAttempts ? { maxAttempts: s.maxAttempts } : {}),
    ...(s.backoffMs !== undefined ? { backoffMs: s.backoffMs } : {}),
    ...(s.leaseTtlMs ? { leaseTtlMs: s.leaseTtlMs } : {}),
    ...(s.preflight ? { preflight: s.preflight } : {}),
    onReport: (r) => o.log.info('apply-config finished', { runId: r.runId, mode: r.mode, ok: r.ok, changesPending: r.changesPending, summary: r.summary }),
    ...(o.keepReport ? { keepReport: o.keepReport } : {}),
  };
}

/**
 * The config of a run: `default` is the one at OSSEDGE_CONFIG (which may be a path). `requireSecrets`: every
 * `${env:NAME}` must have a value (a run that writes). The instance's clients learn the config's buckets.
 */
export async function loadRunConfig(o: ApplyInvocation, source: ConfigSource | { kind: 'default' }, req: { requireSecrets: boolean; allowPath: boolean }): Promise<LoadedConfig> {
  const location = o.settings.configLocation;
  const src = source.kind === 'default' ? (location ? { kind: 'location' as const, location } : undefined) : source;
  if (!src) throw new ApplyInputError('NOT_CONFIGURED', 'no config given and OSSEDGE_CONFIG is not set');
  const loaded = await o.loadConfig(src, {
    client: () => o.clients.home(o.region), env: o.settings.env, allowPath: source.kind === 'default' ? true : req.allowPath, requireSecrets: req.requireSecrets,
  });
  o.clients.admit(loaded.config);
  return loaded;
}
