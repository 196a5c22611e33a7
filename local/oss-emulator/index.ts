import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminHandler } from './admin.ts';
import { DEFAULT_SERVICE_HOSTS } from './addressing.ts';
import type { EmulatorCredential } from './auth.ts';
import type { EmulatorCore } from './context.ts';
import { NO_DATA_PLANE, type DataPlaneEnv, type DataPlaneHook } from './dataplane-hook.ts';
import { Faults, type FaultRule } from './faults.ts';
import { RequestLog, type Counters, type RequestLogEntry } from './request-log.ts';
import { createSeed, type EmulatorSeed } from './seed.ts';
import { createRequestListener } from './server.ts';
import { ObjectStore } from './store.ts';

export type { EmulatorCredential, AuthKind } from './auth.ts';
export type { FaultRule, FaultError, FaultKind } from './faults.ts';
export type { RequestLogEntry, Counters } from './request-log.ts';
export type { EmulatorSeed, SeedBucketOptions, SeedObjectOptions } from './seed.ts';
export type { DataPlaneHook, DataPlaneContext, DataPlaneResult, DataPlaneEnv } from './dataplane-hook.ts';
export type { BucketState, StoredObject, ObjectMeta, BucketAcl, CnameEntry } from './types.ts';
export { OssEmulatorError } from './errors.ts';
export { ObjectStore, BucketEntry } from './store.ts';

export const DEFAULT_REGION = 'cn-hangzhou';
export const DEFAULT_ACCESS_KEY_ID = 'ossedge-local-ak';
export const DEFAULT_ACCESS_KEY_SECRET = 'ossedge-local-secret';
export const EMULATOR_HOST = '127.0.0.1';
const DEFAULT_OWNER_ID = '1000000000000000';
const SERVER_KEEP_ALIVE_MS = 65_000;

export interface EmulatorOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Persist buckets and objects here (atomic writes); memory only when absent. */
  dataDir?: string;
  /** Default cn-hangzhou; the V4 scope region must equal it. */
  region?: string;
  /** Accepted keys; default one key ossedge-local-ak / ossedge-local-secret without token. */
  credentials?: EmulatorCredential[];
  /** Hosts under which `<bucket>.<host>` is virtual-hosted style; default localhost, 127.0.0.1. */
  serviceHosts?: string[];
  /** Serve /-/admin/... (log, counters, faults, seeding). Default false. */
  adminEnabled?: boolean;
  faults?: FaultRule[];
  /** Seed for the fault dice (reproducible runs). */
  faultSeed?: number;
  /** Clock (ms since epoch) for auth skew/expiry and Last-Modified. */
  now?: () => number;
  /**
   * Data-plane hook (part 2). Default: `createDataPlane` of ./dataplane/index.ts when that file exists;
   * `false` = none.
   */
  dataPlane?: DataPlaneHook | false;
  /** Passed to `createDataPlane` untouched. */
  dataPlaneOptions?: Record<string, unknown>;
  /** Request log entries kept (default 10,000). */
  logLimit?: number;
  /** Called with unexpected handler errors (answered 500 InternalError). Default: ignored. */
  onInternalError?: (err: unknown) => void;
}

export interface EmulatorFaults {
  set(rules: FaultRule | FaultRule[]): void;
  add(rule: FaultRule): void;
  clear(): void;
  list(): FaultRule[];
  seed(seed: number): void;
}

export interface EmulatorHandle {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  region: string;
  /** The first configured key (the default key unless credentials were given). */
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  credentials: readonly EmulatorCredential[];
  close(): Promise<void>;
  requestLog(): RequestLogEntry[];
  counters(): Counters;
  resetLog(): void;
  faults: EmulatorFaults;
  seed: EmulatorSeed;
  /** Direct store access for tests. */
  store: ObjectStore;
  server: Server;
}

async function loadDefaultDataPlane(env: DataPlaneEnv): Promise<DataPlaneHook> {
  // a literal import() so that esbuild bundles the data plane into the built CLI (`ossedge emulator`)
  const mod = (await import('./dataplane/index.ts')) as { createDataPlane?: (env: DataPlaneEnv) => DataPlaneHook | Promise<DataPlaneHook> };
  return mod.createDataPlane ? await mod.createDataPlane(env) : NO_DATA_PLANE;
}

/** Starts an OSS-compatible server on 127.0.0.1 (see README.md). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const region = options.region ?? DEFAULT_REGION;
  const now = options.now ?? Date.now;
  const credentials = options.credentials?.length
    ? options.credentials.map((c) => ({ ...c }))
    : [{ accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET }];
  const store = new ObjectStore(options.dataDir, now);
  const hook =
    options.dataPlane === false
      ? NO_DATA_PLANE
      : (options.dataPlane ?? (await loadDefaultDataPlane({ store, region, now, options: options.dataPlaneOptions ?? {} })));
  const core: EmulatorCore = { store, region, now, hook, ownerId: DEFAULT_OWNER_ID };
  const faults = new Faults(options.faultSeed);
  if (options.faults) faults.set(options.faults);
  const log = new RequestLog(options.logLimit);
  let handle: EmulatorHandle | undefined;
  const listener = createRequestListener({
    core,
    auth: { region, now, credentials: new Map(credentials.map((c) => [c.accessKeyId, c])) },
    serviceHosts: options.serviceHosts ?? DEFAULT_SERVICE_HOSTS,
    faults,
    log,
    admin: options.adminEnabled ? createAdminHandler(() => handle!) : undefined,
    onInternalError: options.onInternalError,
  });
  const server = createServer(listener);
  // Idle keep-alive sockets are closed by clients (undici/ali-oss: 4-5 s) well before the server does:
  // a server that closes first races a client reusing the socket (ECONNRESET), worst on a busy machine.
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  server.headersTimeout = SERVER_KEEP_ALIVE_MS + 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, EMULATOR_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const first = credentials[0]!;
  let closed: Promise<void> | undefined;
  handle = {
    endpoint: `http://${EMULATOR_HOST}:${port}`,
    port,
    region,
    accessKeyId: first.accessKeyId,
    accessKeySecret: first.accessKeySecret,
    securityToken: first.securityToken,
    credentials,
    close: () =>
      (closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await hook.close?.();
      })()),
    requestLog: () => log.entries(),
    counters: () => log.counters(),
    resetLog: () => log.reset(),
    faults: {
      set: (r) => faults.set(r),
      add: (r) => faults.add(r),
      clear: () => faults.clear(),
      list: () => faults.list(),
      seed: (s) => faults.seed(s),
    },
    seed: createSeed(store, now),
    store,
    server,
  };
  return handle;
}
