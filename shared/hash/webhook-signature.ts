import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** DESIGN.md: our own signature is refused outside ±300 s. */
export const OSSEDGE_SIGNATURE_TOLERANCE_SECONDS = 300;

/** Longer than any well-formed header of either scheme: refused before any parsing. */
const MAX_SIGNATURE_HEADER = 128;

const HEX_SHA256 = /^[0-9a-f]{64}$/;
// The whole grammar, anchored, with no nested or overlapping repetition (linear time). One v1 only:
// rotation is a second configured secret, not a second signature in the header, so a header has exactly
// one spelling and the replay key cannot be rewritten (no spaces, no upper case, no leading zeros).
const OSSEDGE_HEADER = /^t=([1-9][0-9]{0,11}),v1=([0-9a-f]{64})$/;
const GITHUB_HEADER = /^sha256=([0-9a-f]{64})$/;

/** The configured secrets: the current one, then `OSSEDGE_WEBHOOK_SECRET_PREVIOUS` during a rotation. */
export type WebhookSecrets = string | ReadonlyArray<string | undefined>;

function secretList(secrets: WebhookSecrets): string[] {
  return (typeof secrets === 'string' ? [secrets] : secrets).filter((s): s is string => typeof s === 'string' && s !== '');
}

function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Constant-time equality of two lower-case hex SHA-256 digests (false when malformed). */
function equalHex(expectedHex: string, givenHex: string): boolean {
  if (!HEX_SHA256.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

/** Every secret is compared (no early exit), so timing does not tell which one matched. */
function anyEqualHex(secrets: string[], expected: (secret: string) => string, given: string): boolean {
  let ok = false;
  for (const s of secrets) ok = equalHex(expected(s), given) || ok;
  return ok;
}

/** Constant-time equality of two strings of any length (both hashed first, so length does not leak). */
export function equalSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** A token (GitLab, Codeup) equal to one of the configured secrets; every secret is compared. */
export function equalsAnySecret(secrets: WebhookSecrets, given: string): boolean {
  let ok = false;
  for (const s of secretList(secrets)) ok = equalSecret(s, given) || ok;
  return ok;
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function verifyGitHubSignature(rawBody: Buffer, header: string, secrets: WebhookSecrets): boolean {
  if (header.length > MAX_SIGNATURE_HEADER) return false;
  const m = GITHUB_HEADER.exec(header);
  return m !== null && anyEqualHex(secretList(secrets), (s) => hmacHex(s, rawBody), m[1]!);
}

export function signGitHub(rawBody: Buffer | string, secret: string): string {
  return `sha256=${hmacHex(secret, rawBody)}`;
}

export interface OssedgeSignature {
  /** Unix seconds. */
  t: number;
  /** Lower-case hex HMAC-SHA256 of `t.body`. */
  v1: string;
}

/** Parses exactly `t=<unix seconds, no leading zeros>,v1=<64 lower-case hex>`; undefined otherwise. */
export function parseOssedgeSignature(header: string): OssedgeSignature | undefined {
  if (header.length > MAX_SIGNATURE_HEADER) return undefined;
  const m = OSSEDGE_HEADER.exec(header);
  return m ? { t: Number(m[1]), v1: m[2]! } : undefined;
}

export type OssedgeVerdict = 'ok' | 'malformed' | 'stale' | 'mismatch';

export type OssedgeVerification = { verdict: 'ok'; signature: OssedgeSignature } | { verdict: Exclude<OssedgeVerdict, 'ok'> };

function ossedgeHmac(secret: string, t: number, rawBody: Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
}

/**
 * Ours: `X-Ossedge-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`, within ±tolerance of now,
 * under any of the configured secrets. On success, the parsed signature is the canonical replay key.
 */
export function checkOssedgeSignature(
  rawBody: Buffer, header: string, secrets: WebhookSecrets, nowSeconds: number,
  toleranceSeconds = OSSEDGE_SIGNATURE_TOLERANCE_SECONDS,
): OssedgeVerification {
  const sig = parseOssedgeSignature(header);
  if (!sig) return { verdict: 'malformed' };
  if (Math.abs(nowSeconds - sig.t) > toleranceSeconds) return { verdict: 'stale' };
  return anyEqualHex(secretList(secrets), (s) => ossedgeHmac(s, sig.t, rawBody), sig.v1)
    ? { verdict: 'ok', signature: sig }
    : { verdict: 'mismatch' };
}

/** `checkOssedgeSignature`'s verdict alone (receivers of our notifications use this). */
export function verifyOssedgeSignature(
  rawBody: Buffer, header: string, secrets: WebhookSecrets, nowSeconds: number,
  toleranceSeconds = OSSEDGE_SIGNATURE_TOLERANCE_SECONDS,
): OssedgeVerdict {
  return checkOssedgeSignature(rawBody, header, secrets, nowSeconds, toleranceSeconds).verdict;
}

/** The header value for our own webhook signature (used by the CLI, tests and callers). */
export function signOssedge(rawBody: Buffer | string, secret: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.`).update(rawBody).digest('hex')}`;
}
