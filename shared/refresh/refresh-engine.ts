// The refresh engine's one entry: each invocation (a scan, a fan-out shard, a warm-up, named keys) goes to
// its mode with a RunContext built from the engine's settings and what the invocation brings. Storing the
// report and running a shard once are the function's (its middlewares): the engine hands it the report
// (`RefreshCall.report`) and says where a shard's idempotency marker goes (`oncePlace`).
import type { OssedgeConfig } from '../config/index.ts';
import type { OriginSessionOptions } from '../net/index.ts';
import type { CredentialsProvider } from '../oss/credentials/types.ts';
import type { OssInvoker } from '../oss/ops/common.ts';
import type { Report } from '../report/model.ts';
import { bucketClients, createClientCache, type ClientCache } from '../state/oss-clients.ts';
import type { OssConnection } from '../state/oss-connection.ts';
import { parseRequest } from './request.ts';
import type { RefreshInput, RunContext, RunLog } from './run-context.ts';
import { isNamed, runOnDemand } from './run-on-demand.ts';
import { runScan } from './run-scan.ts';
import { runShard, shardOnce, type ShardOnce } from './run-shard.ts';
import { stateLocation } from './state-location.ts';
import type { RefreshLimits } from './types.ts';
import { isWarm, runWarm } from './warm/run-warm.ts';

export interface RefreshEngineOptions {
  connection: OssConnection;
  /** OSSEDGE_REPORTS: state goes under it (state/keys.ts); without it, into each scanned bucket. */
  reportsLocation?: string;
  /** Reads OSSEDGE_CONFIG: timer runs without a bucket take its buckets (scan) or its `warm:` rules. */
  loadConfig?: (home: OssInvoker) => Promise<OssedgeConfig>;
  allowPrivate?: boolean;
  limits?: RefreshLimits;
  /** Test seams: resolver, dialer, CAs (allowPrivate comes from the option above). */
  net?: Omit<OriginSessionOptions, 'allowPrivate'>;
  originBudgetMs?: number;
  pageSize?: number;
}

/** What one invocation brings: its input and what its runtime provides. */
export interface RefreshCall {
  input: RefreshInput;
  credentials: CredentialsProvider;
  /** The function's region: its own state, reports and config are read there. */
  region?: string;
  requestId: string;
  invocationId: string;
  deadline: number;
  log: RunLog;
  /** Queues `payload` as an async invocation of this same function under `invocationId`. */
  queue(payload: object, invocationId: string): Promise<unknown>;
  /** Takes a finished run's report; the function stores it once the run is over (a failed store fails the invocation). */
  report(report: Report): void;
}

export interface RefreshEngine {
  (call: RefreshCall): Promise<object>;
  /** Where a fan-out shard's idempotency marker goes, through a client holding the call's keys; undefined for anything else. */
  oncePlace(call: RefreshCall): Promise<ShardOnce | undefined>;
  /** The client of the function's own region, holding the call's keys: where reports go. */
  home(call: Pick<RefreshCall, 'credentials' | 'region'>): OssInvoker;
}

/** The engine of one function instance (its OSS clients live as long as it does). */
export function createRefreshEngine(options: RefreshEngineOptions): RefreshEngine {
  const clients = createClientCache(options.connection);
  // warm GETs are never retried by the client: the run paces, counts and repeats each one itself
  const warmClients = createClientCache(options.connection, { retry: { maxAttempts: 1 } });
  const refresh = async (call: RefreshCall) => {
    const { input } = call;
    const run = runContext(options, call, clients, warmClients);
    if (isWarm(input)) return runWarm({ input, run });
    if (isNamed(input)) return runOnDemand({ input, run });
    const req = parseRequest(input);
    const out = req.kind === 'shard' ? await runShard({ req, run }) : await runScan({ req, run, timer: input.kind === 'timer' });
    call.log.info('refresh-stale-objects finished', { kind: req.kind, ...('summary' in out ? { runId: out.runId, ok: out.ok, summary: out.summary } : out) });
    return out;
  };
  const oncePlace = async (call: RefreshCall) => {
    const req = shardOf(call.input);
    return req ? shardOnce({ req, run: runContext(options, call, clients, warmClients) }) : undefined;
  };
  const home = (call: Pick<RefreshCall, 'credentials' | 'region'>) => {
    clients.use(call.credentials);
    return clients.home(call.region);
  };
  return Object.assign(refresh, { oncePlace, home });
}

/** The shard an invocation asks for; a request the run would refuse is left for the run to refuse. */
function shardOf(input: RefreshInput) {
  if (input.kind !== 'invoke' || isWarm(input) || isNamed(input)) return undefined;
  try {
    const req = parseRequest(input);
    return req.kind === 'shard' ? req : undefined;
  } catch {
    return undefined;
  }
}

function runContext(options: RefreshEngineOptions, call: RefreshCall, clients: ClientCache, warmClients: ClientCache): RunContext {
  clients.use(call.credentials);
  const home = clients.home(call.region);
  const { loadConfig } = options;
  return {
    owner: call.requestId, invocationId: call.invocationId, home, log: call.log, queue: call.queue,
    stateFor: (bucket) => stateLocation(bucket, options.reportsLocation),
    store: (report) => call.report(report),
    common: (runId) => ({
      runId, owner: call.requestId, deadline: call.deadline, net: { ...options.net, allowPrivate: options.allowPrivate === true },
      ...(options.limits ? { limits: options.limits } : {}), ...(options.originBudgetMs ? { originBudgetMs: options.originBudgetMs } : {}), ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    }),
    warmClient: () => {
      warmClients.use(call.credentials);
      return warmClients.home(call.region);
    },
    // each bucket is read at its own region's endpoint; state kept in the scanned bucket goes through its client too
    scanClients: (config) => {
      if (config) clients.admit(config);
      const perBucket = bucketClients(clients, { ...(config ? { config } : {}), ...(call.region ? { fallbackRegion: call.region } : {}), lookup: home });
      return {
        learn: perBucket.learn,
        of: async (bucket) => {
          const client = await perBucket.clientFor(bucket);
          return { client, stateClient: options.reportsLocation ? home : client };
        },
      };
    },
    ...(loadConfig ? { config: () => loadConfig(home) } : {}),
  };
}
