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
export const DEFAULT_INVOKE_TIMEOUT_MS = 10_000;

export class InvokeError extends OssedgeError {
  override readonly name = 'InvokeError';
  readonly functionName: string;
  constructor(functionName: string, code: string, message: string, cause?: unknown) {
    super(code, `async invocation of ${functionName} failed: ${message}`, { cause });
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

/**
 * Async invocation through @alicloud/fc2 speaking the FC 3.0 path
 * `POST /2023-03-30/functions/{name}/invocations` with `x-fc-invocation-type: Async` and FC's own
 * signature (the fc2 signer with its API version set to 2023-03-30, spec/fc3.md §3.5 option b).
 * Whether real FC accepts this exact call is not verifiable here (no cloud access).
 */
export function createFc2Invoker(options: Fc2InvokerOptions): Invoker {
  return {
    async invokeAsync(functionName, payload, invokeOptions = {}) {
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
      const headers: Record<string, string> = { 'x-fc-invocation-type': 'Async' };
      // fc2 only sends the token for keys starting with "STS"; role keys may not, so always sign it in.
      if (creds.securityToken) headers['x-fc-security-token'] = creds.securityToken;
      if (invokeOptions.invocationId) headers['x-fc-stateful-async-invocation-id'] = invokeOptions.invocationId;
      const body = JSON.stringify(withInvocationId(payload, invokeOptions.invocationId) ?? null);
      const path = `/functions/${encodeURIComponent(functionName)}/invocations`;
      try {
        const res = await client.post(path, body, headers, invokeOptions.qualifier ? { qualifier: invokeOptions.qualifier } : null);
        const requestId = res.headers['x-fc-request-id'];
        return requestId ? { requestId } : {};
      } catch (cause) {
        throw new InvokeError(functionName, rawCode(cause) ?? 'INVOKE_FAILED', messageOf(cause), cause);
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
