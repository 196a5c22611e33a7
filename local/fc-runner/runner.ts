import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FcContext, FcCredentials } from '../../shared/fc/types.ts';
import { AsyncQueue, DEFAULT_MAX_ASYNC_RETRY_ATTEMPTS } from './async-queue.ts';
import { verifyFcRequest } from './fc-signature.ts';
import { buildHttpEvent, serializeResult, writeHttpResult } from './http-event.ts';
import { schedule, type ScheduledJob } from './schedule.ts';
import type { InvocationKind, InvocationRecord, RunnerFunction, TimerTriggerDef } from './types.ts';

export const DEFAULT_RUNNER_KEYS = { accessKeyId: 'ossedge-fc-local-ak', accessKeySecret: 'ossedge-fc-local-secret' };
export const DEFAULT_ACCOUNT_ID = '1234567890123456';
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
export const MAX_ASYNC_BODY_BYTES = 128 * 1024;

export interface RunnerOptions {
  functions: RunnerFunction[];
  port?: number;
  accountId?: string;
  region?: string;
  /** Keys FC invoke API calls must be signed with (what callers pass to @alicloud/fc2). */
  fcKeys?: { accessKeyId: string; accessKeySecret: string };
  /** Handed to handlers as `context.credentials` (the "role"); e.g. the emulator's keys. */
  roleCredentials?: FcCredentials;
  /** Start the timer triggers (default true). */
  timers?: boolean;
  retryDelaysMs?: number[];
  log?: (line: string) => void;
}

export interface Runner {
  url: string;
  accountId: string;
  region: string;
  fcKeys: { accessKeyId: string; accessKeySecret: string };
  /** Runs a function now with a raw event, as a synchronous invocation. */
  invoke(functionName: string, event: unknown): Promise<unknown>;
  /** Fires a timer trigger now (async, like FC). */
  fireTimer(functionName: string, triggerName: string): InvocationRecord;
  invocations(): InvocationRecord[];
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** GetFunction of the FC 3.0 API: what `ossedge doctor` asks to learn that a function is deployed. */
const FUNCTION_PATH = /^\/2023-03-30\/functions\/([^/]+)$/;
const INVOKE_PATH = /^\/(?:2023-03-30\/functions\/([^/]+)|2016-08-15\/services\/[^/]+\/functions\/([^/]+))\/invocations$/;

function newRequestId(): string {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(Object.assign(new Error('payload too large'), { code: 'EntityTooLarge' }));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function fcError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-fc-request-id': requestId });
  res.end(JSON.stringify({ ErrorCode: code, ErrorMessage: message }));
}

/** Runs FC handlers in-process on 127.0.0.1: HTTP triggers, timers and the FC invoke API. */
export async function startRunner(options: RunnerOptions): Promise<Runner> {
  const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
  const region = options.region ?? 'cn-hangzhou';
  const fcKeys = options.fcKeys ?? DEFAULT_RUNNER_KEYS;
  const log = options.log ?? (() => {});
  const functions = new Map(options.functions.map((f) => [f.name, f]));
  const records: InvocationRecord[] = [];
  const queue = new AsyncQueue({
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    onSettled: (r) => log(JSON.stringify({ runner: 'async', function: r.functionName, requestId: r.requestId, status: r.status, attempts: r.attempts, error: r.error })),
  });

  const contextFor = (fn: RunnerFunction, requestId: string): FcContext => ({
    requestId,
    credentials: options.roleCredentials ?? { accessKeyId: '', accessKeySecret: '', securityToken: '' },
    function: { name: fn.name, handler: 'index.handler', memory: fn.memorySize ?? 512, timeout: fn.timeout ?? 3 },
    service: { name: '', qualifier: 'LATEST' },
    region,
    accountId,
  });

  /** One execution; rejects on a handler error or when the function timeout passes (as FC would). */
  const execute = async (fn: RunnerFunction, event: Buffer, requestId: string): Promise<unknown> => {
    const timeoutMs = (fn.timeout ?? 3) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Function timed out after ${fn.timeout ?? 3} seconds`)), timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => fn.handler(event, contextFor(fn, requestId))), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const record = (functionName: string, kind: InvocationKind, requestId: string, extra: Partial<InvocationRecord> = {}): InvocationRecord => {
    const r: InvocationRecord = { requestId, functionName, kind, attempts: 0, status: 'queued', ...extra };
    records.push(r);
    return r;
  };

  const enqueueAsync = (fn: RunnerFunction, event: Buffer, kind: InvocationKind, extra: Partial<InvocationRecord> = {}): InvocationRecord => {
    const requestId = newRequestId();
    const r = record(fn.name, kind, requestId, extra);
    queue.enqueue(r, fn.maxAsyncRetryAttempts ?? DEFAULT_MAX_ASYNC_RETRY_ATTEMPTS, () => execute(fn, event, requestId),
      fn.maxAsyncEventAgeInSeconds === undefined ? Infinity : fn.maxAsyncEventAgeInSeconds * 1000);
    return r;
  };

  const fireTimer = (fn: RunnerFunction, trigger: TimerTriggerDef, time = new Date()): InvocationRecord => {
    const event = { triggerTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'), triggerName: trigger.name, payload: trigger.payload ?? '' };
    return enqueueAsync(fn, Buffer.from(JSON.stringify(event)), 'timer');
  };

  const handleInvoke = async (req: IncomingMessage, res: ServerResponse, url: URL, name: string, requestId: string) => {
    const fn = functions.get(decodeURIComponent(name));
    const body = await readBody(req, MAX_BODY_BYTES);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const verdict = verifyFcRequest({ method: req.method ?? 'POST', path: url.pathname, headers }, body, fcKeys);
    if (!verdict.ok) return fcError(res, 403, verdict.code, verdict.message, requestId);
    if (!fn) return fcError(res, 404, 'FunctionNotFound', `function ${name} does not exist`, requestId);
    if ((headers['x-fc-invocation-type'] ?? '').toLowerCase() === 'async') {
      if (body.length > MAX_ASYNC_BODY_BYTES) return fcError(res, 413, 'EntityTooLarge', 'payload size exceeds maximum allowed size', requestId);
      const statefulId = headers['x-fc-stateful-async-invocation-id'];
      if (statefulId && records.some((r) => r.functionName === fn.name && r.statefulId === statefulId)) {
        return fcError(res, 409, 'StatefulAsyncInvocationAlreadyExists', `invocation ${statefulId} already exists`, requestId);
      }
      const r = enqueueAsync(fn, body, 'async', { signatureVerified: true, ...(statefulId ? { statefulId } : {}) });
      res.writeHead(202, { 'x-fc-request-id': r.requestId });
      return res.end();
    }
    const r = record(fn.name, 'sync', requestId, { signatureVerified: true, attempts: 1, status: 'running' });
    try {
      const result = await execute(fn, body, requestId);
      Object.assign(r, { status: 'succeeded', result });
      const { body: out, type } = serializeResult(result);
      res.writeHead(200, { 'content-type': type, 'x-fc-request-id': requestId });
      res.end(out);
    } catch (e) {
      Object.assign(r, { status: 'failed', error: (e as Error).message });
      res.writeHead(200, { 'content-type': 'application/json', 'x-fc-request-id': requestId, 'x-fc-error-type': 'UnhandledInvocationError' });
      res.end(JSON.stringify({ errorMessage: (e as Error).message, errorType: (e as Error).name ?? 'Error' }));
    }
  };

  const handleGetFunction = (req: IncomingMessage, res: ServerResponse, url: URL, name: string, requestId: string) => {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const verdict = verifyFcRequest({ method: 'GET', path: url.pathname, headers }, Buffer.alloc(0), fcKeys);
    if (!verdict.ok) return fcError(res, 403, verdict.code, verdict.message, requestId);
    const fn = functions.get(decodeURIComponent(name));
    if (!fn) return fcError(res, 404, 'FunctionNotFound', `function ${name} does not exist`, requestId);
    res.writeHead(200, { 'content-type': 'application/json', 'x-fc-request-id': requestId });
    res.end(JSON.stringify({ functionName: fn.name, runtime: 'nodejs20', handler: 'index.handler', timeout: fn.timeout ?? 3, memorySize: fn.memorySize ?? 128 }));
  };

  const handleHttpTrigger = async (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => {
    const [, first = '', ...rest] = url.pathname.split('/');
    const fn = functions.get(decodeURIComponent(first));
    const trigger = fn?.triggers?.find((t) => t.type === 'http');
    if (!fn || !trigger || trigger.type !== 'http') return fcError(res, 404, 'TriggerNotFound', `no HTTP trigger at /${first}`, requestId);
    if (!trigger.methods.includes(req.method ?? '')) return fcError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`, requestId);
    const body = await readBody(req, MAX_BODY_BYTES);
    const rawPath = `/${rest.join('/')}`;
    if (trigger.authType === 'function') {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
      const verdict = verifyFcRequest({ method: req.method ?? 'GET', path: rawPath, headers, query: [...url.searchParams] }, body, fcKeys);
      if (!verdict.ok) return fcError(res, 403, verdict.code, verdict.message, requestId);
    }
    const event = buildHttpEvent(req, url, rawPath, body, { accountId, requestId, host: req.headers.host ?? '127.0.0.1' });
    const r = record(fn.name, 'http', requestId, { attempts: 1, status: 'running' });
    try {
      const result = await execute(fn, Buffer.from(JSON.stringify(event)), requestId);
      Object.assign(r, { status: 'succeeded' });
      writeHttpResult(res, result, requestId);
    } catch (e) {
      Object.assign(r, { status: 'failed', error: (e as Error).message });
      fcError(res, 502, 'UnhandledInvocationError', 'the function failed', requestId);
    }
  };

  const server = createServer((req, res) => {
    const requestId = newRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = INVOKE_PATH.exec(url.pathname);
    const get = req.method === 'GET' ? FUNCTION_PATH.exec(url.pathname) : null;
    const work = m && req.method === 'POST'
      ? handleInvoke(req, res, url, (m[1] ?? m[2])!, requestId)
      : get ? Promise.resolve(handleGetFunction(req, res, url, get[1]!, requestId))
        : handleHttpTrigger(req, res, url, requestId);
    work.catch((e: Error & { code?: string }) => {
      if (!res.headersSent) fcError(res, e.code === 'EntityTooLarge' ? 413 : 500, e.code ?? 'InternalError', e.message, requestId);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const jobs: ScheduledJob[] = [];
  if (options.timers !== false) {
    for (const fn of functions.values()) {
      for (const t of fn.triggers ?? []) {
        if (t.type === 'timer' && t.enable) jobs.push(schedule(t.cronExpression, (time) => fireTimer(fn, t, time)));
      }
    }
  }

  return {
    url,
    accountId,
    region,
    fcKeys,
    invoke: async (name, event) => {
      const fn = functions.get(name);
      if (!fn) throw new Error(`unknown function ${name}`);
      const buf = Buffer.isBuffer(event) ? event : Buffer.from(typeof event === 'string' ? event : JSON.stringify(event));
      const requestId = newRequestId();
      const r = record(name, 'sync', requestId, { attempts: 1, status: 'running' });
      try {
        const result = await execute(fn, buf, requestId);
        Object.assign(r, { status: 'succeeded', result });
        return result;
      } catch (e) {
        Object.assign(r, { status: 'failed', error: (e as Error).message });
        throw e;
      }
    },
    fireTimer: (name, triggerName) => {
      const fn = functions.get(name);
      const t = fn?.triggers?.find((x): x is TimerTriggerDef => x.type === 'timer' && x.name === triggerName);
      if (!fn || !t) throw new Error(`no timer ${triggerName} on ${name}`);
      return fireTimer(fn, t);
    },
    invocations: () => records.slice(),
    idle: (timeoutMs) => queue.idle(timeoutMs),
    close: async () => {
      for (const j of jobs) j.stop();
      queue.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
