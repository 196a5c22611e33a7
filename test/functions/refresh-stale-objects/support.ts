// The set-up the refresh tests share: the OSS emulator, a loopback origin the buckets mirror, and
// refresh-stale-objects' handler in the local FC runner (its fan-out and continuations queued there, its
// keys the emulator's). Each test file seeds its own buckets and objects.
import { afterAll, beforeAll } from 'vitest';
import { createRefreshHandler, type RefreshHandlerOptions } from '../../../functions/refresh-stale-objects/handler.ts';
import { startRunner, type Runner, type TriggerDef } from '../../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../../local/oss-emulator/index.ts';
import { invokerFromContext } from '../../../shared/fc/invoker.ts';
import { startOrigin, type OriginServer } from '../../helpers/origin.ts';

export const REFRESH = 'refresh-stale-objects';

interface Origin {
  url: string;
  close(): Promise<void>;
}

export interface RefreshRigOptions<O extends Origin> {
  emulator?: EmulatorOptions;
  /** Starts the origin (default: test/helpers/origin.ts's). */
  origin?: () => Promise<O>;
  /** Buckets and objects, once the emulator and the origin are up. */
  seed(emu: EmulatorHandle, origin: O): void | Promise<void>;
  /** Handler options beside the emulator connection, the runner's invoker and a silent log. */
  handler?: Partial<RefreshHandlerOptions>;
  /** The function's timeout in seconds (default 60). */
  timeout?: number;
  triggers?: TriggerDef[];
  retryDelaysMs?: number[];
}

export interface RefreshRig<O> {
  readonly emu: EmulatorHandle;
  readonly origin: O;
  readonly runner: Runner;
  /** A direct (synchronous) invocation of the function with `payload` as its JSON event. */
  invoke<T = any>(payload: unknown): Promise<T>;
}

/** Starts the rig before the file's tests and closes it after them (runner, origin, emulator). */
export function useRefreshRig<O extends Origin = OriginServer>(options: RefreshRigOptions<O>): RefreshRig<O> {
  let emu: EmulatorHandle | undefined;
  let origin: O | undefined;
  let runner: Runner | undefined;
  beforeAll(async () => {
    emu = await startEmulator(options.emulator ?? {});
    origin = await (options.origin ?? (startOrigin as unknown as () => Promise<O>))();
    await options.seed(emu, origin);
    const handler = createRefreshHandler({
      connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
      invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner!.url }), write: () => {},
      ...options.handler,
    });
    const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
    runner = await startRunner({
      functions: [{ name: REFRESH, handler, timeout: options.timeout ?? 60, triggers: options.triggers ?? [] }],
      fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: options.retryDelaysMs ?? [10, 10],
    });
  });
  afterAll(async () => {
    await runner?.close();
    await origin?.close();
    await emu?.close();
  });
  const started = () => {
    if (!emu || !origin || !runner) throw new Error('refresh rig not started (use it inside a test or hook)');
    return { emu, origin, runner };
  };
  return {
    get emu() {
      return started().emu;
    },
    get origin() {
      return started().origin;
    },
    get runner() {
      return started().runner;
    },
    invoke: async (payload) => (await started().runner.invoke(REFRESH, Buffer.from(JSON.stringify(payload)))) as any,
  };
}

/**
 * The handler called in-process as FC calls it, without the runner (nothing gets queued): `event` is sent
 * as the JSON event; its keys are the emulator's.
 */
export function refreshHandlerIn(emu: EmulatorHandle, options: Partial<RefreshHandlerOptions> = {}): <T = any>(event: unknown) => Promise<T> {
  const handler = createRefreshHandler({
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }) },
    write: () => {},
    ...options,
  });
  const context = () => ({ requestId: `t-${Math.random().toString(16).slice(2)}`, region: emu.region, function: { name: REFRESH, timeout: 60 } });
  return async (event) => (await handler(Buffer.from(JSON.stringify(event)), context())) as any;
}
