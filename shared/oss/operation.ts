import type { Readable } from 'node:stream';

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';

/**
 * One OSS operation as every op module describes it (STYLE.md habit 3): op name for errors and logs,
 * the target, and the wire parts. `client.invoke()` signs, sends, retries and maps errors.
 */
export interface OssOperation {
  /** Operation name, e.g. 'PutBucketWebsite': carried by every error. */
  op: string;
  method: HttpMethod;
  bucket?: string;
  key?: string;
  /** Raw query parameters; a sub-resource is [name, '']. */
  query?: ReadonlyArray<readonly [string, string]>;
  headers?: Readonly<Record<string, string>>;
  /**
   * A string or bytes body can be replayed on retry. A stream cannot: it is sent once, and a
   * failure after it was consumed is not retried. `() => Readable` may be re-opened per attempt.
   */
  body?: string | Uint8Array | Readable | (() => Readable);
  /** Compute and send Content-MD5 of a string/bytes body (XML control-plane bodies). */
  contentMd5?: boolean;
  signal?: AbortSignal;
  /** Absolute time after which no new attempt starts and the current one is aborted. */
  deadline?: number;
  /**
   * Whether repeating the request is harmless. Default: true for GET, HEAD, PUT and DELETE, false for
   * POST and for a request carrying `x-oss-forbid-overwrite: true` (see shared/oss/retry.ts).
   */
  idempotent?: boolean;
}

/** A response whose body must be consumed or dumped by the caller (op modules do it for you). */
export interface OssResponse {
  status: number;
  /** Lower-case header names; repeated values joined with ', '. */
  headers: Record<string, string>;
  body: Readable;
  requestId?: string;
}
