// What went wrong, in the operator's words: an OSS error response or a transport failure becomes one
// stable code (ACCESS_DENIED, NO_CREDENTIALS, NO_SUCH_BUCKET, NETWORK, TIMEOUT) and a hint on what to fix.
// Never "internal error" for something OSS answered.
import { OssClientError, OssServiceError } from '../../shared/oss/errors.ts';

export interface Explained {
  code: string;
  hint: string;
}

const KEYS = 'OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET (and OSS_SESSION_TOKEN for STS keys)';

const BY_OSS_CODE: Record<string, Explained> = {
  AccessDenied: { code: 'ACCESS_DENIED', hint: 'the keys are valid but may not do this: grant the actions of ram-policy.json to the RAM user or role whose keys you use' },
  SignatureDoesNotMatch: { code: 'ACCESS_DENIED', hint: `the key secret does not belong to the key id: check ${KEYS}` },
  InvalidAccessKeyId: { code: 'ACCESS_DENIED', hint: `OSS does not know this key id (deleted, disabled, or another account): check ${KEYS}` },
  SecurityTokenExpired: { code: 'ACCESS_DENIED', hint: 'the STS token has expired: get new temporary keys' },
  InvalidSecurityToken: { code: 'ACCESS_DENIED', hint: 'the STS token does not match the keys: set OSS_SESSION_TOKEN with the same temporary keys' },
  NoSuchBucket: { code: 'NO_SUCH_BUCKET', hint: 'check the bucket name, and that --endpoint/--region (or the bucket\'s region in the config) is where it lives' },
  RequestTimeTooSkewed: { code: 'CLOCK_SKEW', hint: 'this machine\'s clock is more than 15 minutes off: sync it (NTP)' },
};

const BY_CLIENT_CODE: Record<string, Explained> = {
  NETWORK: { code: 'NETWORK', hint: 'OSS could not be reached: check --endpoint/OSS_ENDPOINT, DNS, a proxy or firewall' },
  TIMEOUT: { code: 'TIMEOUT', hint: 'OSS did not answer in time: check the network path to the endpoint, or retry' },
  CREDENTIALS: { code: 'NO_CREDENTIALS', hint: `no credentials could be resolved: set ${KEYS}` },
};

/** `op: 403 AccessDenied: ...` (OssServiceError's message) → `AccessDenied`. Plain string steps, no RegExp over the text. */
function ossCodeInMessage(message: string): string | undefined {
  const parts = message.slice(0, 300).split(': ', 3);
  const head = parts[1]?.split(' ');
  return head?.length === 2 && /^\d{3}$/.test(head[0]!) ? head[1] : undefined;
}

/** The explanation of an error (or of a report's error code / message), if there is one. */
export function explain(error: unknown): Explained | undefined {
  if (error instanceof OssServiceError) return BY_OSS_CODE[error.code];
  if (error instanceof OssClientError) return BY_CLIENT_CODE[error.code];
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code.startsWith('OSS_')) {
    const oss = Object.keys(BY_OSS_CODE).find((k) => `OSS_${k.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}` === code);
    if (oss) return BY_OSS_CODE[oss];
  }
  if (BY_CLIENT_CODE[code]) return BY_CLIENT_CODE[code];
  const inMessage = typeof e?.message === 'string' ? ossCodeInMessage(e.message) : undefined;
  return inMessage ? BY_OSS_CODE[inMessage] : undefined;
}

/** `CODE: message` and a `hint:` line for stderr; `fallback` is the code when nothing is known. */
export function explainLines(error: unknown, fallback: string): string[] {
  const x = explain(error);
  const message = (error as { message?: unknown } | null)?.message;
  const text = typeof message === 'string' ? message : String(error);
  return x ? [`${x.code}: ${text}`, `  hint: ${x.hint}`] : [`${fallback}: ${text}`];
}
