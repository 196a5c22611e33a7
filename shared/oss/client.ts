import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { createSigningClock, serverTimeOf, type SigningClock } from './clock.ts';
import type { Credentials, CredentialsProvider } from './credentials/types.ts';
import { encodeQuery, regionFromHost, requestTarget, resolveEndpoint, type EndpointOptions, type ResolvedEndpoint } from './endpoint.ts';
import { OssClientError, OssServiceError, errorFromResponse } from './errors.ts';
import type { OssOperation, OssResponse } from './operation.ts';
import { resolveRetryPolicy, withRetry, type RetryOptions, type RetryPolicy } from './retry.ts';
import { signV1, presignV1 } from './signer/v1.ts';
import { signV4, presignV4 } from './signer/v4.ts';
import type { SignatureVersion, SignInput, SignedHeaders, PresignInput, PresignedQuery } from './signer/types.ts';
import {
  DEFAULT_MAX_TEXT_BYTES, createTransport, readBodyText, toNetworkError, type ProxyOptions, type Transport, type TransportTimeouts,
} from './transport.ts';
import { messageOf, rawCode } from '../errors/base.ts';

export const DEFAULT_USER_AGENT = 'ossedge/0.1';
/** Error bodies are read up to this size; more is not OSS XML. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
export const DEFAULT_PRESIGN_EXPIRES = 900;

export interface OssClientOptions extends EndpointOptions {
  /** 'v4' (default) or 'v1'. */
  signatureVersion?: SignatureVersion;
  /** Asked on every attempt; a plain Credentials object is used as it is; absent = anonymous. */
  credentials?: CredentialsProvider | Credentials;
  /** V4 product: 'oss' (default) or 'oss-cloudbox'. */
  product?: string;
  /** Extra header names to sign (V4). */
  additionalHeaders?: readonly string[];
  dispatcher?: Dispatcher;
  proxy?: string | ProxyOptions;
  /** Connections per origin (default 20). */
  connections?: number;
  timeouts?: TransportTimeouts;
  retry?: RetryOptions;
  userAgent?: string;
  /** Local clock, ms since epoch (default Date.now). */
  now?: () => number;
}

/** A response whose body was read (within the retry loop) as text. */
export interface OssTextResponse {
  status: number;
  headers: Record<string, string>;
  requestId?: string;
  text: string;
}

export interface OssClient {
  readonly region: string;
  readonly endpoint: ResolvedEndpoint;
  readonly signatureVersion: SignatureVersion;
  /** Signs, sends and retries; 2xx and 304 are returned (the caller consumes `body`), others throw. */
  invoke(op: OssOperation): Promise<OssResponse>;
  /** As invoke, but reads the body (≤ maxBytes, default 1 MiB) inside the retry loop. */
  invokeText(op: OssOperation, maxBytes?: number): Promise<OssTextResponse>;
  /** A presigned URL for `op` (its method, bucket, key, query and signed headers). */
  presign(op: OssOperation, expiresSeconds?: number): Promise<string>;
  /** The same client for a bucket in another region (shares transport, credentials, clock). */
  forRegion(region: string): OssClient;
  /** Closes the dispatcher this client created for a proxy (shared agents stay open). */
  close(): Promise<void>;
}

interface Shared {
  options: OssClientOptions;
  transport: Transport;
  provider: CredentialsProvider | undefined;
  clock: SigningClock;
  policy: RetryPolicy;
  regions: Map<string, OssClient>;
}

function toProvider(c: CredentialsProvider | Credentials | undefined): CredentialsProvider | undefined {
  if (c === undefined) return undefined;
  if (typeof (c as CredentialsProvider).getCredentials === 'function') return c as CredentialsProvider;
  const fixed = c as Credentials;
  return { getCredentials: async () => fixed };
}

function lowerHeaders(h: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k.toLowerCase()] = v;
  return out;
}

function isReplayable(body: OssOperation['body']): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array || typeof body === 'function';
}

function defaultIdempotent(op: OssOperation, headers: Record<string, string>): boolean {
  if (op.idempotent !== undefined) return op.idempotent;
  if (headers['x-oss-forbid-overwrite']?.toLowerCase() === 'true') return false;
  return op.method !== 'POST';
}

function wrapSignerError(err: unknown, op: string): OssClientError {
  const code = rawCode(err) === 'MISSING_CREDENTIALS' ? 'CREDENTIALS' : 'INVALID_ARGUMENT';
  return new OssClientError(code, `${op}: ${messageOf(err)}`, { op, cause: err });
}

async function getCredentials(s: Shared, op: string): Promise<Credentials | undefined> {
  if (!s.provider) return undefined;
  try {
    return await s.provider.getCredentials();
  } catch (err) {
    throw new OssClientError('CREDENTIALS', `${op}: the credentials provider failed`, { op, cause: err });
  }
}

function buildClient(s: Shared, region: string): OssClient {
  const o = s.options;
  const endpoint = resolveEndpoint({ ...o, region });
  const version: SignatureVersion = o.signatureVersion ?? 'v4';
  const userAgent = o.userAgent ?? DEFAULT_USER_AGENT;

  function signInput(op: OssOperation, headers: Record<string, string>, credentials: Credentials): SignInput {
    return {
      request: { method: op.method, bucket: op.bucket, key: op.key, query: op.query ?? [], headers },
      credentials,
      time: new Date(s.clock.now()),
      region,
      ...(o.product ? { product: o.product } : {}),
      ...(o.additionalHeaders ? { additionalHeaders: o.additionalHeaders } : {}),
    };
  }

  async function attempt<T>(op: OssOperation, base: Record<string, string>, signal: AbortSignal | undefined, deadlineSignal: AbortSignal | undefined, onOk: (res: OssResponse) => Promise<T>): Promise<T> {
    const target = requestTarget(endpoint, op.bucket, op.key, op.query);
    const credentials = await getCredentials(s, op.op);
    let signed: SignedHeaders | undefined;
    if (credentials) {
      try {
        const input = signInput(op, base, credentials);
        signed = version === 'v4' ? signV4(input) : signV1(input);
      } catch (err) {
        throw wrapSignerError(err, op.op);
      }
    }
    const headers = { ...base, ...signed?.headers, 'user-agent': userAgent };
    const authorization = signed?.headers.authorization;
    const secrets = [credentials?.accessKeySecret, credentials?.securityToken, authorization, authorization?.split(/[:=]/).pop()];
    const body = typeof op.body === 'function' ? op.body() : op.body;
    let res;
    try {
      res = await s.transport.send({ origin: target.origin, path: target.path, method: op.method, headers, ...(body === undefined ? {} : { body: body as string | Uint8Array | Readable }), ...(signal ? { signal } : {}) });
    } catch (err) {
      if (op.signal?.aborted) throw new OssClientError('ABORTED', `${op.op}: aborted`, { op: op.op, cause: op.signal.reason });
      if (deadlineSignal?.aborted) throw new OssClientError('TIMEOUT', `${op.op}: deadline reached`, { op: op.op, cause: err });
      throw toNetworkError(err, op.op);
    }
    const requestId = res.headers['x-oss-request-id'];
    if ((res.status >= 200 && res.status < 300) || res.status === 304) {
      return onOk({ status: res.status, headers: res.headers, body: res.body, ...(requestId ? { requestId } : {}) });
    }
    let text: string;
    try {
      text = await readBodyText(res.body, MAX_ERROR_BODY_BYTES);
    } catch (err) {
      if (err instanceof RangeError) {
        throw new OssClientError('MALFORMED_RESPONSE', `${op.op}: HTTP ${res.status} with an error body over ${MAX_ERROR_BODY_BYTES} bytes`, { op: op.op, status: res.status });
      }
      throw toNetworkError(err, op.op);
    }
    throw await errorFromResponse({ op: op.op, status: res.status, headers: res.headers, body: text, secrets });
  }

  async function execute<T>(op: OssOperation, onOk: (res: OssResponse, signal?: AbortSignal) => Promise<T>): Promise<T> {
    const base = lowerHeaders(op.headers);
    if (op.contentMd5 && op.body !== undefined) {
      if (typeof op.body !== 'string' && !(op.body instanceof Uint8Array)) {
        throw new OssClientError('INVALID_ARGUMENT', `${op.op}: contentMd5 needs a string or bytes body`, { op: op.op });
      }
      base['content-md5'] = createHash('md5').update(op.body).digest('base64');
    }
    const now = s.clock.localNow;
    const deadlineSignal = op.deadline === undefined ? undefined : AbortSignal.timeout(Math.max(0, op.deadline - now()));
    const parts = [op.signal, deadlineSignal].filter((x): x is AbortSignal => x !== undefined);
    const signal = parts.length > 1 ? AbortSignal.any(parts) : parts[0];
    return withRetry(
      () => attempt(op, base, signal, deadlineSignal, (res) => onOk(res, signal)),
      {
        op: op.op,
        idempotent: defaultIdempotent(op, base),
        rewindable: isReplayable(op.body),
        policy: s.policy,
        ...(op.signal ? { signal: op.signal } : {}),
        ...(op.deadline !== undefined ? { deadline: op.deadline } : {}),
        now,
        onSkew: (err: OssServiceError) => {
          const server = serverTimeOf(err.fields, err.headers);
          if (server === undefined) return false;
          s.clock.correct(server);
          return true;
        },
      },
    );
  }

  const client: OssClient = {
    region,
    endpoint,
    signatureVersion: version,
    invoke: (op) => execute(op, async (res) => res),
    invokeText: (op, maxBytes = DEFAULT_MAX_TEXT_BYTES) =>
      execute(op, async (res) => {
        let text: string;
        try {
          text = await readBodyText(res.body, maxBytes);
        } catch (err) {
          if (err instanceof RangeError) throw new OssClientError('MALFORMED_RESPONSE', `${op.op}: response body over ${maxBytes} bytes`, { op: op.op, status: res.status });
          if (op.signal?.aborted) throw new OssClientError('ABORTED', `${op.op}: aborted`, { op: op.op, cause: op.signal.reason });
          if (op.deadline !== undefined && s.clock.localNow() >= op.deadline) {
            throw new OssClientError('TIMEOUT', `${op.op}: deadline reached`, { op: op.op, cause: err });
          }
          throw toNetworkError(err, op.op);
        }
        return { status: res.status, headers: res.headers, ...(res.requestId ? { requestId: res.requestId } : {}), text };
      }),
    async presign(op, expiresSeconds = DEFAULT_PRESIGN_EXPIRES) {
      const target = requestTarget(endpoint, op.bucket, op.key, op.query);
      const credentials = await getCredentials(s, op.op);
      if (!credentials) throw new OssClientError('CREDENTIALS', `${op.op}: presigning needs credentials`, { op: op.op });
      let signed: PresignedQuery;
      try {
        const input: PresignInput = { ...signInput(op, lowerHeaders(op.headers), credentials), expires: expiresSeconds };
        signed = version === 'v4' ? presignV4(input) : presignV1(input);
      } catch (err) {
        throw wrapSignerError(err, op.op);
      }
      const qs = encodeQuery(signed.query);
      return `${target.origin}${target.path}${target.path.includes('?') ? '&' : '?'}${qs}`;
    },
    forRegion(other) {
      if (o.endpoint || other === region) return client;
      let c = s.regions.get(other);
      if (!c) {
        c = buildClient(s, other);
        s.regions.set(other, c);
      }
      return c;
    },
    close: () => s.transport.close(),
  };
  return client;
}

/**
 * The one OSS client: endpoint + credentials (asked every attempt) + signer (V4 default) +
 * transport (shared undici agent) + retry. Nothing is signed or sent at creation.
 */
export function createOssClient(options: OssClientOptions): OssClient {
  const region = options.region ?? (options.endpoint ? regionFromHost(resolveEndpoint(options).host) : undefined);
  if (!region && (options.signatureVersion ?? 'v4') === 'v4') {
    throw new OssClientError('INVALID_ARGUMENT', 'V4 signing needs a region: set region (the endpoint does not name one)');
  }
  const shared: Shared = {
    options,
    transport: createTransport({
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.proxy ? { proxy: options.proxy } : {}),
      ...(options.connections ? { connections: options.connections } : {}),
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    }),
    provider: toProvider(options.credentials),
    clock: createSigningClock(options.now),
    policy: resolveRetryPolicy(options.retry),
    regions: new Map(),
  };
  return buildClient(shared, region ?? '');
}
