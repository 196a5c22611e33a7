// The one table of error codes: what a report's `errors[].code` (and apply's `data.errorCode`) means in
// every function, and the short class the CLI prints on stderr for it. OSS's own error codes map by one
// rule (NoSuchBucket → OSS_NO_SUCH_BUCKET); the README's "Error codes" table is this table
// (test/shared/errors/codes.test.ts holds them in step).
import { isUpperSnake, OssedgeError, rawCode } from './base.ts';

/** The CLI's stderr classes (`ossedge CMD: CLASS: message` + a hint line). */
export type CliClass = 'ACCESS_DENIED' | 'NO_CREDENTIALS' | 'NO_SUCH_BUCKET' | 'NETWORK' | 'TIMEOUT' | 'CLOCK_SKEW';

export interface ErrorCodeInfo {
  meaning: string;
  /** Which functions (and the CLI) report it. */
  where: string;
  hint: string;
  /** The CLI's class for it, when the CLI explains it. */
  cli?: CliClass;
}

const KEYS = 'OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS keys)';
const ALL = 'every function';

export const ERROR_CODES = {
  OSS_NO_SUCH_BUCKET: {
    meaning: 'OSS answered NoSuchBucket: the bucket does not exist where it was asked for', where: ALL, cli: 'NO_SUCH_BUCKET',
    hint: 'check the bucket name, and that --endpoint/--region (or the bucket\'s region in the config) is where it lives',
  },
  OSS_ACCESS_DENIED: {
    meaning: 'OSS answered AccessDenied: the keys are valid but the policy does not allow the action', where: ALL, cli: 'ACCESS_DENIED',
    hint: 'the keys are valid but may not do this: grant the actions of ram-policy.json to the RAM user or role whose keys you use',
  },
  OSS_SIGNATURE_DOES_NOT_MATCH: {
    meaning: 'OSS answered SignatureDoesNotMatch: the secret does not belong to the key id', where: ALL, cli: 'ACCESS_DENIED',
    hint: `the key secret does not belong to the key id: check ${KEYS}`,
  },
  OSS_INVALID_ACCESS_KEY_ID: {
    meaning: 'OSS answered InvalidAccessKeyId: the key id is unknown', where: ALL, cli: 'ACCESS_DENIED',
    hint: `OSS does not know this key id (deleted, disabled, or another account): check ${KEYS}`,
  },
  OSS_SECURITY_TOKEN_EXPIRED: {
    meaning: 'OSS answered SecurityTokenExpired: the STS token has expired', where: ALL, cli: 'ACCESS_DENIED',
    hint: 'the STS token has expired: get new temporary keys',
  },
  OSS_INVALID_SECURITY_TOKEN: {
    meaning: 'OSS answered InvalidSecurityToken: the STS token does not match the keys', where: ALL, cli: 'ACCESS_DENIED',
    hint: 'the STS token does not match the keys: set OSS_SESSION_TOKEN with the same temporary keys',
  },
  OSS_REQUEST_TIME_TOO_SKEWED: {
    meaning: 'OSS answered RequestTimeTooSkewed even after the client corrected its clock once', where: ALL, cli: 'CLOCK_SKEW',
    hint: 'this machine\'s clock is more than 15 minutes off: sync it (NTP)',
  },
  OSS_SLOW_DOWN: {
    meaning: 'OSS throttled the request (503 SlowDown) on every attempt the client made', where: ALL,
    hint: 'the bucket is over its request rate: run again later, or lower the run\'s concurrency',
  },
  OSS_INTERNAL_ERROR: {
    meaning: 'OSS answered 500 InternalError on every attempt the client made', where: ALL,
    hint: 'a failure on OSS\'s side: run again later',
  },
  NETWORK: {
    meaning: 'OSS could not be reached (refused, reset, DNS) on every attempt', where: ALL, cli: 'NETWORK',
    hint: 'OSS could not be reached: check --endpoint/OSS_ENDPOINT, DNS, a proxy or firewall',
  },
  TIMEOUT: {
    meaning: 'OSS did not answer within the request timeout, or the run\'s deadline came first', where: ALL, cli: 'TIMEOUT',
    hint: 'OSS did not answer in time: check the network path to the endpoint, or retry',
  },
  CREDENTIALS: {
    meaning: 'no usable keys could be resolved for a signed request', where: ALL, cli: 'NO_CREDENTIALS',
    hint: `no credentials could be resolved: set ${KEYS}`,
  },
  MALFORMED_RESPONSE: {
    meaning: 'OSS (or what answered in its place) sent a response the client cannot read', where: ALL,
    hint: 'check that the endpoint is an OSS endpoint (not a proxy or captive portal)',
  },
  DEADLINE_EXCEEDED: {
    meaning: 'the invocation\'s time was up before this bucket was started or retried', where: 'apply-config',
    hint: 'give the function a longer timeout, or split the config into fewer buckets per run',
  },
  VERIFY_FAILED: {
    meaning: 'the read-back after a write still differed from the config after every round', where: 'apply-config',
    hint: 'another writer changes the bucket at the same time, or OSS normalises a value: compare the item\'s before/after',
  },
  PREFLIGHT_FAILED: {
    meaning: 'the origin pre-flight refused a new or changed mirror rule; nothing was written to the bucket', where: 'apply-config',
    hint: 'fix the origin the PREFLIGHT_RESULT items name, or set force: true on the rule',
  },
  BEFORE_STATE_NOT_STORED: {
    meaning: 'the run\'s report could not keep the bucket\'s before-state, so nothing was written', where: 'apply-config',
    hint: 'check that OSSEDGE_REPORTS is writable by the function\'s role',
  },
  HOLD_NOT_STORED: {
    meaning: 'a rollback could not store the bucket\'s drift hold, so nothing was restored', where: 'apply-config (rollback)',
    hint: 'check that OSSEDGE_REPORTS is writable by the function\'s role, then roll back again',
  },
  TOO_MANY_HOLDS: {
    meaning: 'more drift holds than one listing reads (100,000): refused rather than listed in part', where: 'ossedge hold list',
    hint: 'release holds with ossedge hold release BUCKET, or list <reports>holds/apply-config/ yourself',
  },
  BUCKET_BUSY: {
    meaning: 'another run holds the bucket\'s lease', where: 'apply-config, refresh-stale-objects',
    hint: 'wait for that run; if it was killed: ossedge lease break, then roll it back or rerun',
  },
  UNKNOWN_BUCKET: {
    meaning: 'a bucket asked for by name is not in the config', where: 'apply-config (400), the CLI',
    hint: 'name a bucket of the config, or add it to the config',
  },
  STATE_UNAVAILABLE: {
    meaning: 'state kept in OSS (delivery records, markers) could not be read or written', where: 'apply-config webhooks (503)',
    hint: 'send the delivery again; check OSSEDGE_REPORTS and the role\'s access to it',
  },
  CONFIG_ENDPOINT_NOT_ALLOWED: {
    meaning: 'a config with defaults.endpoint was given to a function', where: 'apply-config, validate-mirror-origin, refresh-stale-objects (400)',
    hint: 'remove defaults.endpoint: in the functions the deployment chooses the endpoint (OSS_ENDPOINT)',
  },
  INTERNAL: {
    meaning: 'an error without a code of its own (a bug, or a failure nothing classifies)', where: ALL,
    hint: 'see the function\'s log for the request id; report it with the run id',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Code families named by prefix: their members and hints live with the layer that raises them. */
export const CODE_FAMILIES = {
  'OSS_*': 'any other OSS error code, by the same rule (OSS_ + its Code in UPPER_SNAKE; OSS_HTTP_<status> without one)',
  'NET_*': 'an origin request failed (shared/net: each code carries its own hint)',
  'CONFIG_*': 'the config was refused (details.issues name every bad path)',
  'GIT_*': 'the git host client failed (GitOps)',
} as const;

const OSS_CODE = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

const snake = (s: string): string => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();

/** OSS's Code (NoSuchBucket) → ossedge's (OSS_NO_SUCH_BUCKET); no usable Code → OSS_HTTP_<status>. */
export function ossErrorCode(ossCode: string, status: number): string {
  if (OSS_CODE.test(ossCode)) return `OSS_${snake(ossCode)}`;
  return Number.isInteger(status) && status >= 100 && status <= 999 ? `OSS_HTTP_${status}` : 'OSS_UNKNOWN';
}

/**
 * The stable code of anything thrown: an OssedgeError's report code; a plain `{code}` in UPPER_SNAKE as it
 * is (it already is one: a code that crossed a JSON boundary, a Node system code); a CamelCase code is an
 * OSS code that lost its class on the way and maps like one; anything else is INTERNAL.
 */
export function codeOf(e: unknown): string {
  const code = e instanceof OssedgeError ? e.reportCode() : rawCode(e);
  if (code === undefined) return 'INTERNAL';
  if (isUpperSnake(code)) return code;
  if (OSS_CODE.test(code) && /[a-z]/.test(code)) return ossErrorCode(code, 0);
  return 'INTERNAL';
}

/** The table's entry for an error (or a code), if the table has one. */
export function codeInfo(e: unknown): (ErrorCodeInfo & { code: string }) | undefined {
  const code = typeof e === 'string' ? e : codeOf(e);
  const info = (ERROR_CODES as Record<string, ErrorCodeInfo>)[code];
  return info ? { code, ...info } : undefined;
}
