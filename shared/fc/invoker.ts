import type { CredentialsProvider } from '../oss/credentials/types.ts';
import { messageOf, OssedgeError, rawCode } from '../errors/base.ts';

export interface InvokeOptions {
  /** Stable id for this piece of work: sent as x-fc-stateful-async-invocation-id and in the payload. */
  invocationId?: string;
  qualifier?: string;
}

export interface InvokeResult {
  /** FC's request id of the queued invocation. */
  requestId?: string;
}

/** How one function queues work for another (or itself). Swap the implementation, not the callers. */
export interface Invoker {
  invokeAsync(functionName: string, payload: unknown, options?: InvokeOptions): Promise<InvokeResult>;
}

export interface Fc2InvokerOptions {
  accountId: string;
  region: string;
  credentials: CredentialsProvider;
  /** E.g. the local runner `http://127.0.0.1:PORT`; default: FC's internal endpoint of the region over https. */
  endpoint?: string;
  timeoutMs?: number;
}

export const FC3_API_VERSION = '2023-03-30';

/** FC's public API endpoint of an account and region (the internal one resolves only inside Alibaba Cloud). */
export function fcPublicEndpoint(accountId: string, region: string): string {
  return `https://${accountId}.${region}.fc.aliyuncs.com`;
}
export const DEFAULT_INVOKE_TIMEOUT_MS = 10_000;

export class InvokeError extends OssedgeError {
  override readonly name = 'InvokeError';
  readonly functionName: string;
  constructor(functionName: string, code: string, message: string, cause?: unknown) {
    super(code, `invocation of ${functionName} failed: ${message}`, { cause });
    this.functionName = functionName;
  }
}

type Fc2Module = typeof import('@alicloud/fc2');
let fc2: Promise<Fc2Module> | undefined;

/** @alicloud/fc2 (with ali-oss, axios, ws: ~1 MB) is loaded on first use only, into its own chunk. */
function loadFc2(): Promise<Fc2Module> {
  fc2 ??= import('@alicloud/fc2');
  return fc2;
}

/** A payload object gets the invocation id as `invocationId` so the callee's idempotency sees it. */
function withInvocationId(payload: unknown, id: string | undefined): unknown {
  if (!id || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { invocationId: id, ...payload };
}

/** A synchronous invocation's answer: what the handler returned, or how it failed (`x-fc-error-type`). */
export interface SyncInvokeResult {
  requestId?: string;
  /** The handler's return value (JSON when FC says so, else the text). */
  result: unknown;
  /** `UnhandledInvocationError` etc. when the handler threw; absent when it returned. */
  errorType?: string;
}

/** What GetFunction answers (the fields the doctor shows). */
export interface FunctionInfo {
  functionName?: string;
  runtime?: string;
  handler?: string;
  lastModifiedTime?: string;
}

/** The fc2 invoker plus the synchronous calls of `ossedge doctor` (same client, signature and endpoint). */
export interface Fc2Invoker extends Invoker {
  invokeSync(functionName: string, payload: unknown, options?: Pick<InvokeOptions, 'qualifier'>): Promise<SyncInvokeResult>;
  /** GetFunction: `GET /2023-03-30/functions/{name}`; FunctionNotFound when it is not deployed. */
  getFunction(functionName: string): Promise<FunctionInfo>;
}

interface Fc2Call {
  client: InstanceType<Fc2Module['default']>;
  /** Headers every call adds: the STS token, signed in. */
  headers: Record<string, string>;
}

/**
 * Invocations through @alicloud/fc2 speaking the FC 3.0 path
 * `POST /2023-03-30/functions/{name}/invocations` (async with `x-fc-invocation-type: Async`) and FC's own
 * signature (the fc2 signer with its API version set to 2023-03-30, spec/fc3.md §3.5 option b).
 * Whether real FC accepts this exact call is not verifiable here (no cloud access): `ossedge doctor` makes it.
 */
export function createFc2Invoker(options: Fc2InvokerOptions): Fc2Invoker {
  async function connect(functionName: string): Promise<Fc2Call> {
    const creds = await options.credentials.getCredentials();
    if (!creds) throw new InvokeError(functionName, 'NO_CREDENTIALS', 'no credentials to sign the call');
    const mod = await loadFc2();
    const Client = (mod.default ?? mod) as unknown as Fc2Module['default'];
    const client = new Client(options.accountId, {
      accessKeyID: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      region: options.region,
      ...(creds.securityToken ? { securityToken: creds.securityToken } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint.replace(/\/+$/, '') } : { secure: true, internal: true }),
      timeout: options.timeoutMs ?? DEFAULT_INVOKE_TIMEOUT_MS,
    });
    client.version = FC3_API_VERSION;
    // fc2 only sends the token for keys starting with "STS"; role keys may not, so always sign it in.
    return { client, headers: creds.securityToken ? { 'x-fc-security-token': creds.securityToken } : {} };
  }
  const failed = (functionName: string, cause: unknown): InvokeError => {
    if (cause instanceof InvokeError) return cause;
    return new InvokeError(functionName, rawCode(cause) ?? 'INVOKE_FAILED', messageOf(cause), cause);
  };
  const invocationsPath = (functionName: string) => `/functions/${encodeURIComponent(functionName)}/invocations`;
  return {
    async invokeAsync(functionName, payload, invokeOptions = {}) {
      try {
        const { client, headers } = await connect(functionName);
        const h: Record<string, string> = { ...headers, 'x-fc-invocation-type': 'Async' };
        if (invokeOptions.invocationId) h['x-fc-stateful-async-invocation-id'] = invokeOptions.invocationId;
        const body = JSON.stringify(withInvocationId(payload, invokeOptions.invocationId) ?? null);
        const res = await client.post(invocationsPath(functionName), body, h, invokeOptions.qualifier ? { qualifier: invokeOptions.qualifier } : null);
        const requestId = res.headers['x-fc-request-id'];
        return requestId ? { requestId } : {};
      } catch (cause) {
        throw failed(functionName, cause);
      }
    },
    async invokeSync(functionName, payload, invokeOptions = {}) {
      try {
        const { client, headers } = await connect(functionName);
        const res = await client.post(invocationsPath(functionName), JSON.stringify(payload ?? null), { ...headers, 'x-fc-invocation-type': 'Sync' },
          invokeOptions.qualifier ? { qualifier: invokeOptions.qualifier } : null);
        const h = res.headers as Record<string, string | undefined>;
        return { result: res.data, ...(h['x-fc-request-id'] ? { requestId: h['x-fc-request-id'] } : {}), ...(h['x-fc-error-type'] ? { errorType: h['x-fc-error-type'] } : {}) };
      } catch (cause) {
        throw failed(functionName, cause);
      }
    },
    async getFunction(functionName) {
      try {
        const { client, headers } = await connect(functionName);
        const res = await client.get(`/functions/${encodeURIComponent(functionName)}`, null, headers);
        const d = (res.data ?? {}) as Record<string, unknown>;
        const text = (k: string) => (typeof d[k] === 'string' ? { [k]: d[k] as string } : {});
        return { ...text('functionName'), ...text('runtime'), ...text('handler'), ...text('lastModifiedTime') };
      } catch (cause) {
        throw failed(functionName, cause);
      }
    },
  };
}

/** The invoker for code running in a function: account, region and role keys from the context. */
export function invokerFromContext(
  context: { accountId?: string; region?: string; ossedge?: { credentials: CredentialsProvider } },
  options: { endpoint?: string; timeoutMs?: number } = {},
): Invoker {
  if (!context.accountId || !context.region || !context.ossedge) {
    throw new InvokeError('(any)', 'NO_CONTEXT', 'the FC context has no accountId/region/credentials');
  }
  return createFc2Invoker({
    accountId: context.accountId,
    region: context.region,
    credentials: context.ossedge.credentials,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}
