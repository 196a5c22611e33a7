// Replacing a stale copy. refetch: origin → temporary key (MD5 and CRC-64 computed while streaming),
// verified against what OSS stored, the origin's Content-MD5 and the evidence that made the copy stale
// (agreement.ts), then CopyObject temp → key (server side, atomic: the key never holds a partial body) and
// the temporary key removed. delete: the origin read and verified the same way (nothing stored), then
// DeleteObject (no version id: in a versioned bucket that adds a delete marker, never removes a version).
import type { OriginResponse } from '../net/index.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';
import { copyObject, deleteObject, headObject, putObject } from '../oss/ops/object.ts';
import { deleteQuietly } from '../state/oss-json.ts';
import { bodyDisagrees, evidenceOf, headersDisagree, type Disagreement, type DisagreementReason, type Evidence } from './agreement.ts';
import { copyMd5, originFactsOf, type OriginFacts } from './evidence.ts';
import { getOrigin, type OriginIo, type OriginTarget } from './origin.ts';
import type { RateLimiter } from './rate.ts';
import { OssedgeError } from '../errors/base.ts';

export type RefetchErrorCode =
  | 'ORIGIN_STATUS' | 'ORIGIN_CONTRADICTS' | 'LENGTH_MISMATCH' | 'CONTENT_MD5_MISMATCH' | 'OSS_ETAG_MISMATCH' | 'OSS_CRC64_MISMATCH' | 'COPY_CHANGED' | 'COPY_OUTCOME_UNKNOWN' | 'DELETE_FAILED' | 'TOO_LARGE';

export class RefetchError extends OssedgeError<RefetchErrorCode> {
  override readonly name = 'RefetchError';
  /** Which evidence rule the origin broke (ORIGIN_CONTRADICTS only). */
  readonly reason?: DisagreementReason;
  constructor(code: RefetchErrorCode, message: string, options?: { cause?: unknown; reason?: DisagreementReason }) {
    super(code, message, options);
    if (options?.reason) this.reason = options.reason;
  }
}

export interface OssIo {
  client: OssInvoker;
  limiter: RateLimiter;
  countHead(): void;
  deadline?: number;
}

export type RefetchOutcome =
  | { kind: 'replaced'; bytes: number; md5: string; origin: OriginResponse }
  | { kind: 'identical'; bytes: number; md5: string; origin: OriginResponse }
  | { kind: 'gone'; status: number };

const KEPT_HEADERS = ['cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires'] as const;

export interface RefetchInput {
  bucket: string;
  key: string;
  /** The copy as listed (its ETag must still be there when we replace it). */
  copyEtag?: string;
  tempKey: string;
  target: OriginTarget;
  /** Headers of the origin answer that judged the copy stale (HEAD, or the ranged GET's normalized to it). */
  probe: Record<string, string | string[] | undefined>;
  maxObjectBytes: number;
  budgetMs: number;
  /** Told when the temporary key could not be removed (a later run removes it: temp.ts). */
  onTempLeft?(tempKey: string, error: unknown): void;
}

const contradicts = (d: Disagreement, cause?: unknown) =>
  new RefetchError('ORIGIN_CONTRADICTS', `origin GET contradicts its HEAD (${d.reason}: ${d.message}); copy kept`, { reason: d.reason, ...(cause !== undefined ? { cause } : {}) });

const tooLarge = (bytes: number, max: number) => new RefetchError('TOO_LARGE', `origin object is ${bytes} bytes, over the ${max} byte limit`);

/** What refetch and delete refuse in the origin GET's headers before reading its body: a contradiction of the probe, then a size over the limit. */
function headersRefused(evidence: Evidence, res: OriginResponse, facts: OriginFacts, maxObjectBytes: number): RefetchError | undefined {
  const early = headersDisagree(evidence, res.headers);
  if (early) return contradicts(early);
  if (facts.contentLength !== undefined && facts.contentLength > maxObjectBytes) return tooLarge(facts.contentLength, maxObjectBytes);
  return undefined;
}

/** A body read that failed: past the size the probe announced it is the origin contradicting itself, else `err` as it was. */
const readFailure = (evidence: Evidence, bytesRead: number, err: unknown): unknown =>
  evidence.size !== undefined && bytesRead > evidence.size ? contradicts({ reason: 'SIZE', message: `GET sent more than the ${evidence.size} bytes HEAD said` }, err) : err;

function checkLength(facts: OriginFacts, bytes: number): void {
  if (facts.contentLength !== undefined && bytes !== facts.contentLength) throw new RefetchError('LENGTH_MISMATCH', `origin sent ${bytes} of ${facts.contentLength} bytes`);
}

/**
 * Before refetch or delete reads the origin: the copy must still carry its listed ETag, and the evidence that
 * judged it stale (with the copy's own media type) gives the read's byte cap — never more than the HEAD
 * announced, so a longer body is refused at the first byte past it.
 */
async function checkCopy(
  oss: OssIo,
  input: { bucket: string; key: string; copyEtag?: string; probe: Record<string, string | string[] | undefined>; maxObjectBytes: number },
): Promise<{ current: Awaited<ReturnType<typeof headObject>>; evidence: Evidence; cap: number }> {
  await oss.limiter.take();
  oss.countHead();
  const current = await headObject(oss.client, { bucket: input.bucket, key: input.key, ...(oss.deadline ? { deadline: oss.deadline } : {}) });
  if (input.copyEtag !== undefined && current.etag !== input.copyEtag) throw new RefetchError('COPY_CHANGED', 'the copy changed since it was listed; left as it is');
  const evidence = evidenceOf(input.probe, current.contentType);
  if (evidence.size !== undefined && evidence.size > input.maxObjectBytes) throw tooLarge(evidence.size, input.maxObjectBytes);
  return { current, evidence, cap: evidence.size === undefined ? input.maxObjectBytes : evidence.size };
}

/** Streams the origin into `tempKey`, verifies, copies over `key`; the temporary key is always removed. */
export async function refetch(oss: OssIo, origin: OriginIo, input: RefetchInput): Promise<RefetchOutcome> {
  const { bucket, key, tempKey } = input;
  const { current, evidence, cap } = await checkCopy(oss, input);
  const res = await getOrigin(origin, input.target, { maxBytes: cap, crc64: true, budgetMs: input.budgetMs });
  if (res.status === 404 || res.status === 410) {
    await res.dump();
    return { kind: 'gone', status: res.status };
  }
  if (res.status !== 200) {
    await res.dump();
    throw new RefetchError('ORIGIN_STATUS', `origin answered ${res.status}`);
  }
  const facts = originFactsOf(res.headers);
  const refused = headersRefused(evidence, res, facts, input.maxObjectBytes);
  if (refused) {
    res.body.destroy();
    throw refused;
  }
  const contentType = one(res.headers['content-type']) ?? current.contentType;
  const headers: Record<string, string> = {};
  for (const h of KEPT_HEADERS) {
    const v = one(res.headers[h]);
    if (v !== undefined) headers[h] = v;
  }
  let put;
  try {
    await oss.limiter.take();
    try {
      put = await putObject(oss.client, {
        bucket, key: tempKey, body: res.body, forbidOverwrite: true, metadata: current.meta, headers,
        ...(contentType ? { contentType } : {}),
        ...(facts.contentMd5 ? { contentMd5: facts.contentMd5.trim() } : {}),
      });
    } catch (err) {
      throw readFailure(evidence, res.body.bytes, err);
    }
    const d = res.body.digests();
    checkLength(facts, d.bytes);
    if (facts.contentMd5 !== undefined && facts.contentMd5.trim() !== d.md5Base64) throw new RefetchError('CONTENT_MD5_MISMATCH', 'origin body does not match its Content-MD5');
    const late = bodyDisagrees(evidence, res.headers, d);
    if (late) throw contradicts(late);
    if (copyMd5(put.etag) !== d.md5Hex) throw new RefetchError('OSS_ETAG_MISMATCH', `OSS stored ETag ${put.etag ?? '(none)'}, the body read has MD5 ${d.md5Hex}`);
    if (put.crc64 !== undefined && put.crc64 !== d.crc64) throw new RefetchError('OSS_CRC64_MISMATCH', `OSS stored CRC-64 ${put.crc64}, the body read has ${d.crc64}`);
    if (put.crc64 === undefined) throw new RefetchError('OSS_CRC64_MISMATCH', 'OSS returned no x-oss-hash-crc64ecma for the temporary object');
    if (d.md5Hex === copyMd5(current.etag)) return { kind: 'identical', bytes: d.bytes, md5: d.md5Hex!, origin: res };
    await unchangedSince(oss, bucket, key, current.etag);
    await oss.limiter.take();
    let copied;
    try {
      copied = await copyObject(oss.client, {
        bucket, key, sourceKey: tempKey, metadataDirective: 'COPY', sourceConditions: { ifMatch: `"${put.etag}"` },
      });
    } catch (err) {
      // the answer may be lost after OSS did the copy (a reset or cut response): read the key back
      if (await holdsBody(oss, bucket, key, d.md5Hex!, err)) return { kind: 'replaced', bytes: d.bytes, md5: d.md5Hex!, origin: res };
      throw err;
    }
    if (copied.etag !== undefined && copyMd5(copied.etag) !== d.md5Hex) throw new RefetchError('OSS_ETAG_MISMATCH', `copy over the key has ETag ${copied.etag}`);
    return { kind: 'replaced', bytes: d.bytes, md5: d.md5Hex!, origin: res };
  } finally {
    if (!res.body.destroyed && !res.body.readableEnded) res.body.destroy();
    await oss.limiter.take();
    await deleteQuietly(oss.client, bucket, tempKey).catch((err: unknown) => input.onTempLeft?.(tempKey, err));
  }
}

/**
 * A user write while the origin was read must win: the key is looked at again right before the copy.
 * A window of one round trip remains between this HEAD and the CopyObject: OSS's CopyObject has no
 * precondition on the destination (`x-oss-copy-source-if-*` apply to the source, `x-oss-forbid-overwrite`
 * only refuses a key that exists at all), so a PUT landing inside it is overwritten (in a versioned bucket
 * it stays as a previous version).
 */
async function unchangedSince(oss: OssIo, bucket: string, key: string, etag: string | undefined): Promise<void> {
  await oss.limiter.take();
  oss.countHead();
  let latest;
  try {
    latest = await headObject(oss.client, { bucket, key, ...(oss.deadline ? { deadline: oss.deadline } : {}) });
  } catch (err) {
    if (isOssErrorCode(err, 'NoSuchKey')) throw new RefetchError('COPY_CHANGED', 'the copy was deleted while the origin was read; left as it is');
    throw err;
  }
  if (latest.etag !== etag) throw new RefetchError('COPY_CHANGED', 'the copy was written while the origin was read; left as it is');
}

/** Whether the key now holds the body with MD5 `md5Hex`; when that cannot be read, a COPY_OUTCOME_UNKNOWN error. */
async function holdsBody(oss: OssIo, bucket: string, key: string, md5Hex: string, copyError: unknown): Promise<boolean> {
  try {
    await oss.limiter.take();
    oss.countHead();
    return copyMd5((await headObject(oss.client, { bucket, key })).etag) === md5Hex;
  } catch {
    throw new RefetchError('COPY_OUTCOME_UNKNOWN', `CopyObject failed (${(copyError as Error).message}) and the key could not be read back: it holds either the old copy or the verified origin body`, { cause: copyError });
  }
}

export type DeleteOutcome =
  | { kind: 'deleted'; bytes: number; md5: string; origin: OriginResponse }
  | { kind: 'identical'; bytes: number; md5: string; origin: OriginResponse }
  | { kind: 'gone'; status: number }
  /** MirrorCheckMd5 and a Content-MD5 the body does not match: OSS would serve the body but never store it. */
  | { kind: 'notStored'; bytes: number; md5Base64: string; contentMd5: string };

export type VerifiedDeleteInput = Omit<RefetchInput, 'tempKey' | 'onTempLeft'>;

/**
 * strategy delete. Deleting a copy hands the key to OSS's own mirror: the next user GET stores whatever the
 * origin's GET answers. So the origin is read first, exactly as refetch reads it (the evidence rules of
 * agreement.ts, Content-Length, Content-MD5), and the copy is deleted only when that body agrees; the copy is
 * HEADed before the GET (listed ETag) and again right before DeleteObject (a user write wins; the same
 * one-round-trip window as refetch's CopyObject remains: DeleteObject has no precondition). Nothing is stored.
 */
export async function verifiedDelete(oss: OssIo, origin: OriginIo, input: VerifiedDeleteInput): Promise<DeleteOutcome> {
  const { bucket, key } = input;
  const { current, evidence, cap } = await checkCopy(oss, input);
  const res = await getOrigin(origin, input.target, { maxBytes: cap, crc64: false, budgetMs: input.budgetMs });
  try {
    if (res.status === 404 || res.status === 410) return { kind: 'gone', status: res.status };
    if (res.status !== 200) throw new RefetchError('ORIGIN_STATUS', `origin answered ${res.status}`);
    const facts = originFactsOf(res.headers);
    const refused = headersRefused(evidence, res, facts, input.maxObjectBytes);
    if (refused) throw refused;
    try {
      for await (const _ of res.body) { /* hashed by the meter */ }
    } catch (err) {
      throw readFailure(evidence, res.body.bytes, err);
    }
    const d = res.body.digests();
    checkLength(facts, d.bytes);
    const sent = facts.contentMd5?.trim();
    if (sent !== undefined && sent !== d.md5Base64) {
      // issue 14 item 3 (console guide, scenario 2): with MirrorCheckMd5 OSS serves such a body but does not store it
      if (input.target.checkMd5) return { kind: 'notStored', bytes: d.bytes, md5Base64: d.md5Base64!, contentMd5: sent };
      throw new RefetchError('CONTENT_MD5_MISMATCH', 'origin body does not match its Content-MD5');
    }
    const late = bodyDisagrees(evidence, res.headers, d);
    if (late) throw contradicts(late);
    if (d.md5Hex === copyMd5(current.etag)) return { kind: 'identical', bytes: d.bytes, md5: d.md5Hex!, origin: res };
    await unchangedSince(oss, bucket, key, current.etag);
    try {
      await deleteCopy(oss, bucket, key);
    } catch (err) {
      // its answer may be lost after OSS deleted the key: the copy is kept or gone, never anything else
      throw new RefetchError('DELETE_FAILED', `DeleteObject failed after the origin body was verified (${(err as Error).message}); the copy is kept unless OSS deleted it before the answer was lost`, { cause: err });
    }
    return { kind: 'deleted', bytes: d.bytes, md5: d.md5Hex!, origin: res };
  } finally {
    if (!res.body.destroyed && !res.body.readableEnded) res.body.destroy();
  }
}

/** DeleteObject of the current version only (the next user GET re-mirrors). */
export async function deleteCopy(oss: OssIo, bucket: string, key: string): Promise<void> {
  await oss.limiter.take();
  await deleteObject(oss.client, { bucket, key });
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
