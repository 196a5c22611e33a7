import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** FC accepts a request whose Date is within this of its clock. */
export const FC_DATE_TOLERANCE_MS = 15 * 60_000;

export interface FcSignedRequest {
  method: string;
  /** Path with the API version prefix, no query: `/2023-03-30/functions/f/invocations`. */
  path: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  /** Query parameters: signed only for /proxy/ paths (and HTTP triggers with authType function). */
  query?: ReadonlyArray<readonly [string, string]>;
}

/** FC's string to sign (spec/fc3.md §3.4). */
export function fcStringToSign(req: FcSignedRequest): string {
  const h = req.headers;
  const fcHeaders = Object.keys(h)
    .map((k) => k.toLowerCase().trim())
    .filter((k) => k.startsWith('x-fc-'))
    .sort()
    .map((k) => `${k}:${h[k] ?? ''}\n`)
    .join('');
  let s = `${req.method}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${h.date ?? ''}\n${fcHeaders}${req.path}`;
  if (req.query) s += `\n${req.query.map(([k, v]) => `${k}=${v}`).sort().join('\n')}`;
  return s;
}

export function fcSignature(secret: string, stringToSign: string): string {
  return createHmac('sha256', secret).update(stringToSign, 'utf8').digest('base64');
}

export type FcAuthVerdict = { ok: true } | { ok: false; code: string; message: string };

/** Checks `Authorization: FC <ak>:<sig>`, the Date window and the body's Content-MD5 (base64 of the hex MD5). */
export function verifyFcRequest(
  req: FcSignedRequest, body: Buffer, keys: { accessKeyId: string; accessKeySecret: string }, now = Date.now(),
): FcAuthVerdict {
  const m = /^FC ([^:]+):(.+)$/.exec(req.headers.authorization ?? '');
  if (!m) return { ok: false, code: 'InvalidAuthorization', message: 'missing or malformed Authorization' };
  if (m[1] !== keys.accessKeyId) return { ok: false, code: 'InvalidAccessKeyId', message: 'unknown access key' };
  const date = Date.parse(req.headers.date ?? '');
  if (!Number.isFinite(date) || Math.abs(now - date) > FC_DATE_TOLERANCE_MS) {
    return { ok: false, code: 'RequestTimeTooSkewed', message: 'Date missing or outside ±15 min' };
  }
  const md5 = req.headers['content-md5'];
  if (body.length > 0 || md5) {
    const expected = Buffer.from(createHash('md5').update(body).digest('hex'), 'utf8').toString('base64');
    if (md5 !== expected) return { ok: false, code: 'InvalidContentMD5', message: 'Content-MD5 does not match the body' };
  }
  const expected = Buffer.from(fcSignature(keys.accessKeySecret, fcStringToSign(req)));
  const given = Buffer.from(m[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, code: 'SignatureNotMatch', message: 'signature does not match' };
  }
  return { ok: true };
}
