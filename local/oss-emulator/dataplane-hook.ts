import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthKind } from './auth.ts';
import type { BucketEntry, ObjectStore } from './store.ts';
import type { StoredObject } from './types.ts';

/**
 * The seam between the emulator's router (part 1) and the data plane (part 2: mirroring, Referer,
 * CORS, static website). The router calls these hooks on object GET/HEAD, on anonymous GET/HEAD of a
 * bucket root, and on OPTIONS; every hook is optional and the default does nothing.
 *
 * A hook may:
 * - throw an `OssEmulatorError` (errors.ts): the router answers with OSS's error XML (Referer denial...);
 * - add headers to `ctx.responseHeaders`: they go on whatever response the router sends, errors included
 *   (CORS headers on actual requests);
 * - answer itself by writing `ctx.res` and returning `{ handled: true }` (mirror, index/error documents,
 *   preflights). `x-oss-request-id`, `Date` and `Server` are already set on `ctx.res`; the router logs
 *   `ctx.res.statusCode` and the optional `errorCode`.
 *
 * Installing: pass `dataPlane` to `startEmulator`, or ship `local/oss-emulator/dataplane/index.ts` exporting
 * `createDataPlane(env: DataPlaneEnv): DataPlaneHook`; startEmulator loads it when it exists.
 */
export interface DataPlaneContext {
  op: 'GetObject' | 'HeadObject' | 'ListObjects' | 'Options' | ObjectWriteOp;
  method: string;
  bucket: string;
  /** Object key; '' for the bucket root. */
  key: string;
  /** Decoded query pairs in wire order. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Request headers, lower-case names. */
  headers: IncomingMessage['headers'];
  authKind: AuthKind;
  /** The bucket with its settings (`entry.state.website`, `.cors`, `.referer`, `.acl`). */
  entry: BucketEntry;
  store: ObjectStore;
  /** The stored object, once looked up (set for `onFound`). */
  object?: StoredObject;
  requestId: string;
  now: () => number;
  req: IncomingMessage;
  res: ServerResponse;
  /** Headers added to the router's response, whatever it is. */
  responseHeaders: Record<string, string>;
}

/** Object requests other than reads: Referer applies to them too (decision row R-ALL-METHODS). */
export type ObjectWriteOp = 'PutObject' | 'CopyObject' | 'DeleteObject' | 'DeleteMultipleObjects';
export const OBJECT_WRITE_OPS: ReadonlySet<string> = new Set<ObjectWriteOp>(['PutObject', 'CopyObject', 'DeleteObject', 'DeleteMultipleObjects']);

export interface DataPlaneResult {
  handled: boolean;
  /** OSS error code for the request log when the hook answered with an error. */
  errorCode?: string;
}

export interface DataPlaneHook {
  /** Before the ACL check and the store lookup (Referer, CORS headers, website root on ListObjects). */
  beforeObject?(ctx: DataPlaneContext): Promise<DataPlaneResult | void>;
  /** Before the ACL check of an object write (PutObject, CopyObject, DeleteObject, DeleteMultipleObjects). */
  beforeObjectWrite?(ctx: DataPlaneContext): Promise<void>;
  /** The key is not in the store (mirroring back-to-origin, index for sub-directories, error document). */
  onMissing?(ctx: DataPlaneContext): Promise<DataPlaneResult | void>;
  /** OPTIONS /bucket/key (CORS preflight). Without a hook the router answers 403 AccessForbidden. */
  options?(ctx: DataPlaneContext): Promise<DataPlaneResult | void>;
  /** Called by `close()`. */
  close?(): Promise<void>;
}

/** What `createDataPlane` receives. */
export interface DataPlaneEnv {
  store: ObjectStore;
  region: string;
  now: () => number;
  /** `options.dataPlaneOptions` of startEmulator, passed through untouched. */
  options: Record<string, unknown>;
}

export const NO_DATA_PLANE: DataPlaneHook = Object.freeze({});
