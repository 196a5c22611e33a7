import type { RequestContext } from './context.ts';
import type { DataPlaneContext } from './dataplane-hook.ts';
import type { BucketEntry } from './store.ts';

/** Builds the hook's view of a request (dataplane-hook.ts). */
export function dataPlaneContext(ctx: RequestContext, entry: BucketEntry): DataPlaneContext {
  return {
    op: ctx.op as DataPlaneContext['op'],
    method: ctx.method,
    bucket: ctx.bucket!,
    key: ctx.key ?? '',
    query: ctx.queryPairs,
    headers: ctx.req.headers,
    authKind: ctx.auth.kind,
    entry,
    store: ctx.core.store,
    object: ctx.key === undefined ? undefined : entry.objects.get(ctx.key),
    requestId: ctx.requestId,
    now: ctx.core.now,
    req: ctx.req,
    res: ctx.res,
    responseHeaders: ctx.responseHeaders,
  };
}
