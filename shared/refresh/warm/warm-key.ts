// One warm-up request: a signed GET of the missing key through the bucket's endpoint, the body read and
// thrown away. OSS's own mirroring fetches and stores the object (its headers, MirrorSaveOssMeta, MD5
// check, auth/role origins), and only for a missing key: a GET can never replace what is there.
import { OssClientError, OssServiceError } from '../../oss/errors.ts';
import { getObject } from '../../oss/ops/object.ts';
import type { OssInvoker } from '../../oss/ops/common.ts';

/** OSS's EC for a mirroring request over the account's quota (help page 0041-00000102). */
export const MIRROR_QUOTA_EC = '0041-00000102';

export type WarmOutcome =
  | { kind: 'warmed'; bytes: number }
  /** 503: the account's mirror quota (or OSS busy): try again later, slower. */
  | { kind: 'throttled'; code: string }
  /** 424 MirrorFailed, other 5xx, network, a body cut short: worth another try, slower. */
  | { kind: 'retry'; code: string; message: string; bytes: number }
  /** 404 (the origin has no such object) or a refusal (403...): final. */
  | { kind: 'failed'; code: string; message: string };

/** `client` must not retry by itself (the warm-up counts and paces every attempt). */
export async function warmKey(client: OssInvoker, bucket: string, key: string, deadline?: number): Promise<WarmOutcome> {
  let bytes = 0;
  try {
    const res = await getObject(client, { bucket, key, ...(deadline ? { deadline } : {}) });
    if (res.notModified) return { kind: 'warmed', bytes: 0 };
    for await (const chunk of res.body) bytes += (chunk as Buffer).length;
    return { kind: 'warmed', bytes };
  } catch (e) {
    if (e instanceof OssServiceError) {
      // the mirror quota: 503 per the mirroring guide; the 424 table words it too, so the EC decides as well
      if (e.status === 503 || e.ec === MIRROR_QUOTA_EC) return { kind: 'throttled', code: e.code };
      if (e.status === 404) return { kind: 'failed', code: 'ORIGIN_NOT_FOUND', message: 'neither the bucket nor the origin has this key' };
      if (e.status === 424 || e.status >= 500 || e.status === 429) return { kind: 'retry', code: e.code, message: e.ossMessage, bytes };
      return { kind: 'failed', code: e.code, message: e.ossMessage };
    }
    if (e instanceof OssClientError) return { kind: 'retry', code: e.code, message: e.message, bytes };
    // a body that broke off mid-stream: mirroring stored nothing (OSS keeps no partial copy)
    return { kind: 'retry', code: 'BODY_INTERRUPTED', message: (e as Error).message ?? 'body interrupted', bytes };
  }
}
