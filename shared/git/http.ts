// The one request layer of the git client: explicit timeouts (the OSS transport), at most 3 attempts on
// 5xx / 429 / rate limits / network failures with Retry-After honoured up to 30 s and never past the
// function's deadline, bounded reads. Errors carry the op and status, never a header or the token.
import { createTransport, discardBody, readBodyText, type Transport } from '../oss/transport.ts';
import { GitHostError, statusError } from './errors.ts';
import { rawCode } from '../errors/base.ts';

export const DEFAULT_GIT_ATTEMPTS = 3;
export const MAX_RETRY_AFTER_MS = 30_000;
const BASE_DELAY_MS = 200;
/** JSON answers we read (statuses, comments, branches) are small; file contents have their own bound. */
export const MAX_JSON_BYTES = 1024 * 1024;
const TIMEOUTS = { connectMs: 5_000, headersMs: 10_000, bodyMs: 10_000 };
/** One attempt, headers and body: undici's body timeout only bounds the gap between chunks (a drip never ends). */
export const REQUEST_TIMEOUT_MS = 30_000;
const NOT_SENT = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

let defaultTransport: Transport | undefined;

export interface GitHttpOptions {
  /** API base URL (`https://api.github.com`, `https://HOST/api/v4`); any path prefix is kept. */
  api: string;
  /** The authentication header(s) of the provider; never logged or put in errors. */
  auth: Record<string, string>;
  /** Further headers of every request (Accept, API version, User-Agent). */
  headers?: Record<string, string>;
  transport?: Transport;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** Epoch ms: no retry wait may end past it. */
  deadline?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The whole of one attempt (default REQUEST_TIMEOUT_MS), never past `deadline`. */
  requestTimeoutMs?: number;
}

export interface GitCall {
  op: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Encoded path below the API base, starting with `/`, query included. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** Bound on the answer (default MAX_JSON_BYTES); beyond it the call fails with `tooLarge`. */
  maxBytes?: number;
  tooLarge?: 'GIT_FILE_TOO_LARGE' | 'GIT_BAD_RESPONSE';
  /** For 404/403 messages: what was asked for and what the token needs. */
  what: string;
  scope: string;
}

export interface GitAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A host's JSON answer (already read within MAX_JSON_BYTES); GIT_BAD_RESPONSE when it does not parse. */
export function hostJson<T>(op: string, text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new GitHostError('GIT_BAD_RESPONSE', `${op}: the git host answered with malformed JSON`, { op });
  }
}

/** Retry-After in seconds or as an HTTP date; a GitHub primary rate limit (x-ratelimit-reset). */
export function retryAfterMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const ra = headers['retry-after'];
  if (ra !== undefined) {
    if (/^[0-9]{1,9}$/.test(ra.trim())) return Number(ra.trim()) * 1000;
    const at = Date.parse(ra);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  if (headers['x-ratelimit-remaining'] === '0' && /^[0-9]{1,12}$/.test(headers['x-ratelimit-reset'] ?? '')) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs);
  }
  return undefined;
}

function throttled(status: number, headers: Record<string, string>): boolean {
  return status === 429 || (status === 403 && (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0'));
}

function networkError(op: string, e: unknown): GitHostError {
  const code = rawCode(e);
  const text = code ?? 'error';
  if ((code !== undefined && TIMEOUT_CODES.has(code)) || (e as { name?: unknown })?.name === 'TimeoutError') return new GitHostError('GIT_TIMEOUT', `${op}: the git host did not answer in time (${text})`, { op, cause: e });
  return new GitHostError('GIT_NETWORK', `${op}: network error reaching the git host (${text})`, { op, cause: e });
}

export function createGitHttp(o: GitHttpOptions) {
  const base = new URL(o.api);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new GitHostError('GIT_NOT_CONFIGURED', 'the git API must be an http(s) URL', { op: 'configure' });
  const prefix = base.pathname.replace(/\/+$/, '');
  const transport = o.transport ?? (defaultTransport ??= createTransport({ timeouts: TIMEOUTS }));
  const attempts = Math.min(Math.max(1, o.maxAttempts ?? DEFAULT_GIT_ATTEMPTS), DEFAULT_GIT_ATTEMPTS);
  const random = o.random ?? Math.random;
  const sleep = o.sleep ?? sleepMs;

  /** How long to wait before attempt `next`, or undefined when no wait fits the rules or the deadline. */
  function waitFor(next: number, hinted: number | undefined): number | undefined {
    if (next > attempts) return undefined;
    if (hinted !== undefined && hinted > MAX_RETRY_AFTER_MS) return undefined;
    const ms = hinted ?? Math.floor(random() * BASE_DELAY_MS * 2 ** (next - 2));
    if (o.deadline !== undefined && Date.now() + ms >= o.deadline) return undefined;
    return ms;
  }

  async function once(c: GitCall): Promise<GitAnswer> {
    const body = c.json === undefined ? undefined : JSON.stringify(c.json);
    const limit = Math.max(1, Math.min(o.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, o.deadline !== undefined ? o.deadline - Date.now() : Infinity));
    const signal = AbortSignal.timeout(limit);
    const res = await transport.send({
      signal,
      origin: base.origin, path: `${prefix}${c.path}`, method: c.method,
      headers: { ...o.headers, ...c.headers, ...o.auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    if (res.status >= 300) {
      await discardBody(res.body);
      return { status: res.status, headers: res.headers, text: '' };
    }
    try {
      return { status: res.status, headers: res.headers, text: await readBodyText(res.body, c.maxBytes ?? MAX_JSON_BYTES) };
    } catch (e) {
      if (signal.aborted) throw networkError(c.op, signal.reason ?? e);
      if (e instanceof RangeError) {
        throw new GitHostError(c.tooLarge ?? 'GIT_BAD_RESPONSE', `${c.op}: ${c.what} is larger than ${c.maxBytes ?? MAX_JSON_BYTES} bytes`, { op: c.op, status: res.status });
      }
      throw e;
    }
  }

  /** Sends `c`, retrying what may be retried; resolves only with a 2xx answer. */
  return async function call(c: GitCall): Promise<GitAnswer> {
    // POST creates (a status, a comment): repeated only when the host surely did not act on it
    const idempotent = c.method !== 'POST';
    for (let attempt = 1; ; attempt++) {
      let answer: GitAnswer;
      try {
        answer = await once(c);
      } catch (e) {
        if (e instanceof GitHostError) throw e;
        const err = networkError(c.op, e);
        const code = rawCode(e);
        const retry = idempotent || (code !== undefined && NOT_SENT.has(code));
        const wait = retry ? waitFor(attempt + 1, undefined) : undefined;
        if (wait === undefined) throw err;
        await sleep(wait);
        continue;
      }
      if (answer.status < 300) return answer;
      const limited = throttled(answer.status, answer.headers);
      const retry = limited || (answer.status >= 500 && idempotent) || (answer.status >= 500 && c.method === 'POST' && answer.status === 503);
      const wait = retry ? waitFor(attempt + 1, retryAfterMs(answer.headers, Date.now())) : undefined;
      if (wait === undefined) {
        if (limited) throw new GitHostError('GIT_RATE_LIMITED', `${c.op}: rate limited by the git host (${answer.status}) after ${attempt} attempt(s)`, { op: c.op, status: answer.status });
        throw statusError(c.op, answer.status, c.what, c.scope);
      }
      await sleep(wait);
    }
  };
}

export type GitHttp = ReturnType<typeof createGitHttp>;
