import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { addressOf } from './addressing.ts';
import { authenticate, detectAuthKind, type AuthSettings } from './auth.ts';
import { sendError, requireBucket, type EmulatorCore, type RequestContext } from './context.ts';
import { dataPlaneContext } from './dataplane-call.ts';
import { OBJECT_WRITE_OPS } from './dataplane-hook.ts';
import { OssEmulatorError, ossErrors } from './errors.ts';
import type { FaultKind, Faults } from './faults.ts';
import { ANONYMOUS_READ_OPS, ANONYMOUS_WRITE_OPS, resolveOp } from './ops.ts';
import type { RequestLog } from './request-log.ts';
import { HANDLERS } from './router.ts';

export interface ServerDeps {
  core: EmulatorCore;
  auth: AuthSettings;
  serviceHosts: readonly string[];
  faults: Faults;
  log: RequestLog;
  /** Answers /-/admin/... when the admin endpoint is enabled. */
  admin?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  onInternalError?: (err: unknown) => void;
}

export const ADMIN_PREFIX = '/-/admin/';

/** 24 upper-case hex digits like OSS's: a random per-process prefix and a counter (cheaper than 12 random bytes each). */
const ID_PREFIX = randomBytes(4).toString('hex').toUpperCase();
let idCounter = 0;
function newRequestId(): string {
  idCounter = (idCounter + 1) % 0x1000000000000;
  return ID_PREFIX + idCounter.toString(16).toUpperCase().padStart(16, '0');
}

/** Anonymous requests only where the bucket ACL allows (and public access is not blocked). */
function authorize(ctx: RequestContext): void {
  if (ctx.auth.kind !== 'anonymous') return;
  if (!ctx.bucket) throw ossErrors.accessDenied('Anonymous access is forbidden for this operation.', '0003-00000001');
  const entry = requireBucket(ctx);
  const { acl, publicAccessBlock } = entry.state;
  if (publicAccessBlock) throw ossErrors.accessDenied('Public access is blocked for this bucket.', '0003-00000707');
  if (ANONYMOUS_READ_OPS.has(ctx.op) && acl !== 'private') return;
  if (ANONYMOUS_WRITE_OPS.has(ctx.op) && acl === 'public-read-write') return;
  throw ossErrors.accessDenied('You have no right to access this object because of bucket acl.', '0003-00000001');
}

async function route(ctx: RequestContext, deps: ServerDeps): Promise<void> {
  const hook = ctx.core.hook;
  if (ctx.op === 'Options') {
    const entry = requireBucket(ctx);
    const result = hook.options ? await hook.options(dataPlaneContext(ctx, entry)) : undefined;
    if (result?.handled) {
      if (result.errorCode) ctx.errorCode = result.errorCode;
      return;
    }
    throw new OssEmulatorError(403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Requet-Headers are not whitelisted by the resource\'s CORS spec.', '0003-00000001');
  }
  const authRequest = { method: ctx.method, bucket: ctx.bucket, key: ctx.key, query: ctx.queryPairs, headers: ctx.req.headers };
  ctx.auth = { kind: detectAuthKind(authRequest) };
  ctx.auth = authenticate(authRequest, deps.auth);
  const objectRead = ctx.op === 'GetObject' || ctx.op === 'HeadObject' || (ctx.op === 'ListObjects' && ctx.auth.kind === 'anonymous');
  if (objectRead && hook.beforeObject) {
    const entry = requireBucket(ctx);
    const result = await hook.beforeObject(dataPlaneContext(ctx, entry));
    if (result?.handled) {
      if (result.errorCode) ctx.errorCode = result.errorCode;
      return;
    }
  }
  if (OBJECT_WRITE_OPS.has(ctx.op) && hook.beforeObjectWrite) await hook.beforeObjectWrite(dataPlaneContext(ctx, requireBucket(ctx)));
  authorize(ctx);
  const handler = HANDLERS[ctx.op];
  if (!handler) throw ossErrors.notImplemented(ctx.op);
  await handler(ctx);
}

function isClientAbort(err: unknown): boolean {
  const code = (err as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (err as Error | undefined)?.message === 'aborted';
}

/** The request listener: admin, addressing, faults, auth, data-plane hook, handler, error XML, request log. */
export function createRequestListener(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    const url = req.url ?? '/';
    if (deps.admin && url.startsWith(ADMIN_PREFIX)) {
      deps.admin(req, res).catch(() => res.destroy());
      return;
    }
    const ctx: RequestContext = {
      core: deps.core,
      req,
      res,
      requestId: newRequestId(),
      method: req.method ?? 'GET',
      op: 'Unknown',
      query: new Map(),
      queryPairs: [],
      auth: { kind: 'anonymous' },
      hostId: req.headers.host ?? '127.0.0.1',
      responseHeaders: {},
      truncate: false,
    };
    res.setHeader('x-oss-request-id', ctx.requestId);
    res.setHeader('Server', 'AliyunOSS');
    res.setHeader('Date', new Date(deps.core.now()).toUTCString());
    let fault: FaultKind | undefined;
    res.on('close', () => {
      deps.log.add({
        time: new Date(started).toISOString(),
        requestId: ctx.requestId,
        op: ctx.op,
        method: ctx.method,
        bucket: ctx.bucket,
        key: ctx.key,
        status: res.headersSent ? res.statusCode : 0,
        authKind: ctx.auth.kind,
        ...(ctx.auth.accessKeyId ? { accessKeyId: ctx.auth.accessKeyId } : {}),
        ...(ctx.auth.securityToken ? { securityToken: true as const } : {}),
        errorCode: ctx.errorCode,
        fault,
        durationMs: Date.now() - started,
      });
    });
    void (async () => {
      try {
        const addr = addressOf(url, req.headers.host, deps.serviceHosts);
        ctx.bucket = addr.bucket;
        ctx.key = addr.key;
        ctx.queryPairs = addr.query;
        ctx.query = new Map(addr.query);
        ctx.op = resolveOp(ctx.method, addr.bucket, addr.key, ctx.query, req.headers);
        const decision = deps.faults.decide(ctx.op, ctx.bucket, ctx.key);
        if (decision.latencyMs > 0) await sleep(decision.latencyMs);
        fault = decision.action;
        if (fault === 'reset') {
          req.socket.resetAndDestroy();
          return;
        }
        if (fault === 'error') throw decision.error === 'SlowDown' ? ossErrors.slowDown() : ossErrors.internal();
        ctx.truncate = fault === 'truncate';
        ctx.lost = fault === 'lost';
        await route(ctx, deps);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (err instanceof OssEmulatorError) sendError(ctx, err);
        else if (isClientAbort(err) || req.socket.destroyed) res.destroy();
        else {
          deps.onInternalError?.(err);
          sendError(ctx, ossErrors.internal());
        }
      }
    })();
  };
}
