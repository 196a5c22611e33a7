import type { OssInvoker } from '../oss/ops/common.ts';
import { isOssErrorCode } from '../oss/ops/common.ts';
import { getObject, putObject } from '../oss/ops/object.ts';
import { readCapped, TooLargeError } from '../state/capped-read.ts';

/** A page or report larger than this is not read (refused, not cut): the publish rebuilds or skips it. */
export const MAX_READ_BYTES = 8 * 1024 * 1024;

/** An object's text, undefined when it does not exist or is larger than MAX_READ_BYTES. */
export async function readText(client: OssInvoker, bucket: string, key: string): Promise<string | undefined> {
  let res;
  try {
    res = await getObject(client, { bucket, key });
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey')) return undefined;
    throw e;
  }
  if (res.notModified) return undefined;
  try {
    const bytes = await readCapped(res.body, { limit: MAX_READ_BYTES, source: `oss://${bucket}/${key}`, declaredLength: res.contentLength });
    return bytes.toString('utf8');
  } catch (e) {
    if (e instanceof TooLargeError) return undefined;
    throw e;
  }
}

export async function writePage(client: OssInvoker, bucket: string, key: string, body: string): Promise<void> {
  await putObject(client, { bucket, key, body, contentType: 'text/html; charset=utf-8', contentMd5: true, headers: { 'cache-control': 'no-cache' } });
}
