import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** DESIGN.md: our own signature is refused outside ±300 s. */
export const OSSEDGE_SIGNATURE_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

/** Constant-time equality of two hex digests of the same algorithm (false when malformed). */
function equalHex(expectedHex: string, givenHex: string): boolean {
  if (!HEX_SHA256.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex.toLowerCase(), 'hex'));
}

/** Constant-time equality of two strings of any length (both hashed first, so length does not leak). */
export function equalSecret(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. */
export function verifyGitHubSignature(rawBody: Buffer, header: string, secret: string): boolean {
  const m = /^sha256=(.+)$/.exec(header.trim());
  return m?.[1] !== undefined && equalHex(hmacHex(secret, rawBody), m[1]);
}

export function signGitHub(rawBody: Buffer | string, secret: string): string {
  return `sha256=${hmacHex(secret, rawBody)}`;
}

export interface OssedgeSignature {
  t: number;
  v1: string[];
}

/** Parses `t=<unix seconds>,v1=<hex>[,v1=<hex>...]`; undefined when malformed. */
export function parseOssedgeSignature(header: string): OssedgeSignature | undefined {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) return undefined;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k === 't') {
      if (!/^\d{1,12}$/.test(v)) return undefined;
      t = Number(v);
    } else if (k === 'v1') v1.push(v);
  }
  return t === undefined || v1.length === 0 ? undefined : { t, v1 };
}

export type OssedgeVerdict = 'ok' | 'malformed' | 'stale' | 'mismatch';

/** Ours: `X-Ossedge-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of "t.body">`, within ±tolerance of now. */
export function verifyOssedgeSignature(
  rawBody: Buffer, header: string, secret: string, nowSeconds: number,
  toleranceSeconds = OSSEDGE_SIGNATURE_TOLERANCE_SECONDS,
): OssedgeVerdict {
  const sig = parseOssedgeSignature(header);
  if (!sig) return 'malformed';
  if (Math.abs(nowSeconds - sig.t) > toleranceSeconds) return 'stale';
  const expected = createHmac('sha256', secret).update(`${sig.t}.`).update(rawBody).digest('hex');
  let ok = false;
  for (const v of sig.v1) ok = equalHex(expected, v) || ok;
  return ok ? 'ok' : 'mismatch';
}

/** The header value for our own webhook signature (used by the CLI, tests and callers). */
export function signOssedge(rawBody: Buffer | string, secret: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.`).update(rawBody).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
