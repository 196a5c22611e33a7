// The FC adapter layer: middy middlewares, the standard handler chain, webhook auth, invoker, leases.
export { createFcHandler, type CoreHandler, type FcHandlerContext, type FcHandlerOptions } from './handler.ts';
export { fcEvent, decodeFcEvent, isTimerEvent, type FcInput, type TimerInput, type InvokeInput } from './fc-event.ts';
export { FcHeaders, toHttpRequest, isFcHttpEvent, parseJsonBody, type HttpRequest } from './http-request.ts';
export { toFcHttpResponse, jsonResult } from './http-response.ts';
export { fcErrorHandler } from './error-handler.ts';
export { idempotent, type IdempotentOptions, type OncePlace, type Duplicate } from './idempotent.ts';
export { reportStore, type ReportStoreOptions } from './report-store.ts';
export { requestFields, nameList, type Fields } from './payload.ts';
export { commonSettingsFrom, notifySettingsFrom, COMMON_SETTINGS_VARS, NOTIFY_VARS, type CommonSettings, type Env } from './settings.ts';
export { fcRuntime, invocationIdOf, type FcRuntimeOptions } from './runtime.ts';
export { fcCredentials, credentialsFromContext, envCredentials, staticCredentials } from './credentials.ts';
export { fcDeadline, withFcContext, shimRemainingTime, deadlineOf, safetyMarginMs, timeoutMsOf } from './deadline.ts';
export { webhookAuth, DEFAULT_DELIVERY_TTL_MS, type WebhookAuthOptions, type WebhookIdentity, type WebhookSource, type AuthenticatedHttpRequest } from './webhook-auth.ts';
export { identifyWebhook, type Identified, type IdentifyOptions } from './webhook-identify.ts';
export {
  verifyGitHubSignature, signGitHub, checkOssedgeSignature, verifyOssedgeSignature, signOssedge, parseOssedgeSignature, equalSecret,
  equalsAnySecret, OSSEDGE_SIGNATURE_TOLERANCE_SECONDS, type OssedgeVerdict, type OssedgeVerification, type OssedgeSignature, type WebhookSecrets,
} from '../hash/webhook-signature.ts';
export { createFc2Invoker, invokerFromContext, InvokeError, FC3_API_VERSION, type Invoker, type InvokeOptions, type InvokeResult, type Fc2InvokerOptions } from './invoker.ts';
export { acquireLease, withLease, leaseTtlUntil, LEASE_EXPIRY_MARGIN_MS, LeaseLostError, type Lease, type LeaseOptions, type LeaseRecord, type LeaseResult, type WithLeaseResult } from '../state/lease.ts';
export { breakLease, leaseFolders, readLeaseState, type BreakResult, type LeaseAt, type LeaseState } from '../state/lease-break.ts';
export { beginOnce, type RunOnceOptions, type OnceBegin, type OnceStarted } from '../state/idempotency.ts';
export { ossConnectionFromEnv, type OssConnection } from '../state/oss-connection.ts';
export { createClientCache, type ClientCache } from '../state/oss-clients.ts';
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './logger.ts';
export {
  FcHttpError, BadRequestError, UnauthorizedError, ServiceUnavailableError, NotFoundError, MethodNotAllowedError, BusyError, PayloadTooLargeError, InternalError,
} from './errors.ts';
export type { FcContext, FcCredentials, OssedgeRuntime, FcHttpEventV1, FcTimerEvent, HttpResult, FcHttpResponse } from './types.ts';
