import type { CredentialsProvider } from '../oss/credentials/types.ts';
import type { Report } from '../report/model.ts';
import type { Logger } from './logger.ts';

/** FC3 `context.credentials`: the function role's STS keys (empty strings when no role is set). */
export interface FcCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** The FC3 Node.js context as documented (spec/fc3.md §1.6); every field optional for synthesized contexts. */
export interface FcContext {
  requestId: string;
  credentials?: FcCredentials;
  function?: { name: string; handler?: string; memory?: number; timeout?: number };
  service?: { name?: string; logProject?: string; logStore?: string; qualifier?: string; versionId?: string };
  region?: string;
  accountId?: string;
  logger?: unknown;
  /** Not provided by FC; added by `withFcContext` so middy's timeoutEarly arms. */
  getRemainingTimeInMillis?: () => number;
  /** Filled by the ossedge middlewares for the handler. */
  ossedge?: OssedgeRuntime;
}

/** What the ossedge middlewares hand to the handler through `context.ossedge`. */
export interface OssedgeRuntime {
  requestId: string;
  functionName: string;
  /** Absolute epoch ms after which work must have stopped (timeout minus a safety margin). */
  deadline: number;
  log: Logger;
  credentials: CredentialsProvider;
  /** Identity of this invocation, stable across FC's automatic async retries. */
  invocationId: string;
  /** Request start, epoch ms. */
  startedAt: number;
  /** The run's report, left by the handler for the `reportStore` middleware to store and publish. */
  report?: Report;
}

/** FC3 HTTP trigger event, version "v1" (spec/fc3.md §1.3). */
export interface FcHttpEventV1 {
  version: 'v1';
  rawPath: string;
  body?: string;
  isBase64Encoded?: boolean;
  headers?: Record<string, string>;
  queryParameters?: Record<string, string>;
  requestContext: {
    accountId?: string;
    domainName?: string;
    domainPrefix?: string;
    http: { method: string; path: string; protocol?: string; sourceIp?: string; userAgent?: string };
    requestId?: string;
    time?: string;
    timeEpoch?: string;
    triggerId?: string;
  };
}

/** FC timer trigger event (spec/fc3.md §1.5). */
export interface FcTimerEvent {
  triggerTime: string;
  triggerName: string;
  payload?: string;
}

/** What the HTTP response middleware turns into the FC3 response shape. */
export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  /** A Buffer is sent base64-encoded; an object or array as JSON; a string as is. */
  body?: string | Buffer | object;
}

/** FC3 HTTP trigger response (spec/fc3.md §1.4). */
export interface FcHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: boolean;
}
