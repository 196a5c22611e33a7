import type { FcContext } from '../../shared/fc/types.ts';

export type FcHandler = (event: Buffer, context: FcContext) => Promise<unknown> | unknown;

export interface HttpTriggerDef {
  name: string;
  type: 'http';
  methods: string[];
  authType: 'anonymous' | 'function' | 'jwt';
}

export interface TimerTriggerDef {
  name: string;
  type: 'timer';
  cronExpression: string;
  enable: boolean;
  payload?: string;
}

export type TriggerDef = HttpTriggerDef | TimerTriggerDef;

export interface RunnerFunction {
  name: string;
  handler: FcHandler;
  /** Seconds (FC `timeout`); default 3 like FC. */
  timeout?: number;
  memorySize?: number;
  triggers?: TriggerDef[];
  /** FC `asyncInvokeConfig.maxAsyncRetryAttempts`; default 3. */
  maxAsyncRetryAttempts?: number;
  /** FC `asyncInvokeConfig.maxAsyncEventAgeInSeconds`: no retry starts after it. */
  maxAsyncEventAgeInSeconds?: number;
}

export type InvocationKind = 'http' | 'sync' | 'async' | 'timer';

export interface InvocationRecord {
  requestId: string;
  functionName: string;
  kind: InvocationKind;
  /** Set for async invocations that carried x-fc-stateful-async-invocation-id. */
  statefulId?: string;
  attempts: number;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  error?: string;
  result?: unknown;
  /** Signature check of the invoke API call that created it. */
  signatureVerified?: boolean;
}
