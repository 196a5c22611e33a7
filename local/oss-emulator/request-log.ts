import type { AuthKind } from './auth.ts';

export interface RequestLogEntry {
  /** ISO 8601 time the request arrived. */
  time: string;
  requestId: string;
  /** OSS operation name (GetObject, PutBucketWebsite...); 'Unknown' when the request could not be routed. */
  op: string;
  method: string;
  bucket?: string;
  key?: string;
  /** HTTP status sent; 0 when the connection was reset before a response. */
  status: number;
  authKind: AuthKind;
  /** The signing key's id (signed requests that passed authentication). */
  accessKeyId?: string;
  /** The request carried its key's STS token (x-oss-security-token / security-token). */
  securityToken?: true;
  errorCode?: string;
  /** The injected fault, if any. */
  fault?: 'error' | 'reset' | 'truncate' | 'lost';
  durationMs: number;
}

export interface Counters {
  requests: number;
  /** Responses with status >= 400 or no response at all. */
  errors: number;
  faultsInjected: number;
  byOp: Record<string, number>;
  byStatus: Record<string, number>;
  byAuthKind: Record<string, number>;
  byErrorCode: Record<string, number>;
}

export const DEFAULT_LOG_LIMIT = 10_000;

function emptyCounters(): Counters {
  return { requests: 0, errors: 0, faultsInjected: 0, byOp: {}, byStatus: {}, byAuthKind: {}, byErrorCode: {} };
}

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

/** The last `limit` requests and running counters (reset together by `reset`). */
export class RequestLog {
  /** Ring buffer: `next` is where the next entry goes once the buffer is full. */
  private log: RequestLogEntry[] = [];
  private next = 0;
  private counts = emptyCounters();

  constructor(private readonly limit = DEFAULT_LOG_LIMIT) {}

  add(e: RequestLogEntry): void {
    if (this.log.length < this.limit) this.log.push(e);
    else {
      this.log[this.next] = e;
      this.next = (this.next + 1) % this.limit;
    }
    const c = this.counts;
    c.requests++;
    if (e.status === 0 || e.status >= 400) c.errors++;
    if (e.fault) c.faultsInjected++;
    bump(c.byOp, e.op);
    bump(c.byStatus, String(e.status));
    bump(c.byAuthKind, e.authKind);
    if (e.errorCode) bump(c.byErrorCode, e.errorCode);
  }

  /** Oldest first. */
  entries(): RequestLogEntry[] {
    return [...this.log.slice(this.next), ...this.log.slice(0, this.next)].map((e) => ({ ...e }));
  }

  counters(): Counters {
    return structuredClone(this.counts);
  }

  reset(): void {
    this.log = [];
    this.next = 0;
    this.counts = emptyCounters();
  }
}
