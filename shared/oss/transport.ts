import type { Readable } from 'node:stream';
import type { Agent as AgentClass, Dispatcher } from 'undici';
import { OssClientError } from './errors.ts';
import { rawCode } from '../errors/base.ts';

/** Connections per origin (the seed SDKs' pool sizes are of this order). */
export const DEFAULT_CONNECTIONS = 20;
/** The Python SDK v2 defaults; undici's own are minutes. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_READ_TIMEOUT_MS = 20_000;
/** Idle keep-alive sockets are closed after this (a server hint may shorten it). */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 10_000;

export interface TransportTimeouts {
  /** TCP + TLS connect. */
  connectMs?: number;
  /** From the request being sent to the response headers (also bounds a stalled upload). */
  headersMs?: number;
  /** Longest pause between two chunks of the response body. */
  bodyMs?: number;
}

export interface ProxyOptions {
  /** `http://host:port` or `https://host:port`; user:password in the URL become Basic auth. */
  uri: string;
  /** A full Proxy-Authorization value, instead of credentials in the URL. */
  token?: string;
}

export interface TransportOptions {
  connections?: number;
  keepAliveTimeoutMs?: number;
  timeouts?: TransportTimeouts;
  /** Any undici Dispatcher (Agent, Pool, MockAgent...): used as it is, never closed by us. */
  dispatcher?: Dispatcher;
  /** HTTP(S) proxy; undici's ProxyAgent is loaded only when this is set. */
  proxy?: string | ProxyOptions;
}

export interface HttpRequest {
  origin: string;
  /** Encoded path and query. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | Readable;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names, repeated values joined with ', '. */
  headers: Record<string, string>;
  /** Streaming body (undici BodyReadable): consume it or call `discardBody`. */
  body: Readable;
}

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Closes dispatchers this transport created (not shared singletons, not injected ones). */
  close(): Promise<void>;
}

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
interface Undici {
  Agent: typeof AgentClass;
  request: RequestFn;
}

let undici: Promise<Undici> | undefined;

/**
 * undici is evaluated on the first request, not at import: a cold start that never calls OSS
 * (a rejected webhook, a validation error) does not pay for it. The files stay in the bundle.
 * Call `preloadTransport()` from an initializer to pay it up front instead.
 */
function loadUndici(): Promise<Undici> {
  undici ??= Promise.all([import('undici/lib/dispatcher/agent.js'), import('undici/lib/api/api-request.js')]).then(
    ([agent, api]) => ({ Agent: agent.default, request: api.default }),
  );
  return undici;
}

export async function preloadTransport(): Promise<void> {
  await loadUndici();
}

/** Module-level agents, one per (connections, connect timeout, keep-alive): reused by warm invocations. */
const sharedAgents = new Map<string, Dispatcher>();

/** The process-wide agent for these settings, created on first use. */
export async function sharedAgent(connections = DEFAULT_CONNECTIONS, connectMs = DEFAULT_CONNECT_TIMEOUT_MS, keepAliveMs = DEFAULT_KEEP_ALIVE_TIMEOUT_MS): Promise<Dispatcher> {
  const { Agent } = await loadUndici();
  const key = `${connections}/${connectMs}/${keepAliveMs}`;
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = new Agent({ connections, keepAliveTimeout: keepAliveMs, connect: { timeout: connectMs } });
    sharedAgents.set(key, agent);
  }
  return agent;
}

function joinHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Reads and drops what is left of a body so its connection goes back to the pool (or is closed). */
export async function discardBody(body: Readable, limit = 128 * 1024): Promise<void> {
  const dump = (body as Readable & { dump?: (o: { limit: number }) => Promise<void> }).dump;
  try {
    if (typeof dump === 'function') await dump.call(body, { limit });
    else body.destroy();
  } catch {
    body.destroy();
  }
}

/** Control-plane responses (XML configs, error bodies) are small; anything bigger is refused. */
export const DEFAULT_MAX_TEXT_BYTES = 1024 * 1024;

/**
 * Reads a response body into a UTF-8 string, refusing more than `maxBytes` with a RangeError (the
 * stream is then destroyed, which also frees the connection). Never used for object data.
 */
export async function readBodyText(body: Readable, maxBytes = DEFAULT_MAX_TEXT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      body.destroy();
      throw new RangeError(`response body larger than ${maxBytes} bytes`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Wraps a network-level failure once, keeping the undici/system error as `cause`. */
export function toNetworkError(err: unknown, op: string): OssClientError {
  if (err instanceof OssClientError) return err;
  const code = rawCode(err);
  const text = code ?? ((err as Error)?.name ?? 'error');
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new OssClientError('TIMEOUT', `${op}: request timed out (${text})`, { op, cause: err });
  }
  return new OssClientError('NETWORK', `${op}: network error (${text})`, { op, cause: err });
}

async function createProxyAgent(proxy: string | ProxyOptions, options: TransportOptions): Promise<Dispatcher> {
  const [{ default: ProxyAgent }, { default: Dispatcher }, { default: connectApi }] = await Promise.all([
    import('undici/lib/dispatcher/proxy-agent.js'),
    import('undici/lib/dispatcher/dispatcher.js'),
    import('undici/lib/api/api-connect.js'),
  ]);
  // ProxyAgent opens its tunnel with `client.connect()`, which undici's root module installs on the
  // Dispatcher prototype; we import deep files only, so install that one method the same way.
  const proto = Dispatcher.prototype as { connect?: unknown };
  if (typeof proto.connect !== 'function') proto.connect = connectApi;
  const p = typeof proxy === 'string' ? { uri: proxy } : proxy;
  return new ProxyAgent({
    uri: p.uri,
    ...(p.token ? { token: p.token } : {}),
    connections: options.connections ?? DEFAULT_CONNECTIONS,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    connect: { timeout: options.timeouts?.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
  });
}

/**
 * The HTTP layer: one undici dispatcher, explicit timeouts, streaming bodies both ways. It does not
 * sign, retry or interpret statuses; it throws undici/system errors as they are.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const headersTimeout = options.timeouts?.headersMs ?? DEFAULT_READ_TIMEOUT_MS;
  const bodyTimeout = options.timeouts?.bodyMs ?? DEFAULT_READ_TIMEOUT_MS;
  let owned: Promise<Dispatcher> | undefined;
  let dispatcher: Dispatcher | Promise<Dispatcher> | undefined = options.dispatcher;
  if (!dispatcher && options.proxy) {
    owned = createProxyAgent(options.proxy, options);
    dispatcher = owned;
  }

  return {
    async send(req) {
      const { request } = await loadUndici();
      dispatcher ??= sharedAgent(options.connections, options.timeouts?.connectMs, options.keepAliveTimeoutMs);
      const d = dispatcher instanceof Promise ? await dispatcher : dispatcher;
      const res = await request.call(d, {
        origin: req.origin,
        path: req.path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body ?? null,
        signal: req.signal ?? null,
        headersTimeout,
        bodyTimeout,
      });
      return { status: res.statusCode, headers: joinHeaders(res.headers), body: res.body };
    },
    async close() {
      if (owned) await (await owned).close();
    },
  };
}
