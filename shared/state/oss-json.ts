import { deleteObject, getObject, putObject } from '../oss/ops/object.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';
import { readCapped } from './capped-read.ts';

/**
 * Largest state object read (leases, markers, checkpoints, manifest segments, shard results, and stored
 * reports, which rollback reads back and which hold every section's before and after): far above what
 * ossedge writes, low enough that a planted object cannot exhaust memory.
 */
export const MAX_STATE_JSON_BYTES = 64 * 1024 * 1024;

/** An object that is absent, or present with its JSON (`value` undefined when it is not valid JSON). */
export type JsonObject<T> = { found: false } | { found: true; value?: T };

/**
 * Small JSON objects in OSS (lease records, markers): read, create-if-absent, overwrite, delete.
 * An object over `maxBytes` is refused with TooLargeError (shared/state/capped-read.ts), never cut short.
 */
export async function readJsonObject<T>(client: OssInvoker, bucket: string, key: string, maxBytes = MAX_STATE_JSON_BYTES): Promise<JsonObject<T>> {
  let text: string;
  try {
    const res = await getObject(client, { bucket, key });
    if (res.notModified) return { found: false };
    const source = `oss://${bucket}/${key}`;
    const bytes = await readCapped(res.body, { limit: maxBytes, source, declaredLength: res.contentLength });
    text = bytes.toString('utf8');
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey')) return { found: false };
    throw e;
  }
  try {
    return { found: true, value: JSON.parse(text) as T };
  } catch {
    return { found: true };
  }
}

/** The JSON of an object; undefined when it is absent or not valid JSON. */
export async function readJson<T>(client: OssInvoker, bucket: string, key: string, maxBytes = MAX_STATE_JSON_BYTES): Promise<T | undefined> {
  const o = await readJsonObject<T>(client, bucket, key, maxBytes);
  return o.found ? o.value : undefined;
}

/** PutObject with `x-oss-forbid-overwrite: true`: false when the key already exists. */
export async function createJson(client: OssInvoker, bucket: string, key: string, value: unknown): Promise<boolean> {
  try {
    await putObject(client, { bucket, key, body: JSON.stringify(value), contentType: 'application/json', contentMd5: true, forbidOverwrite: true });
    return true;
  } catch (e) {
    if (isOssErrorCode(e, 'FileAlreadyExists')) return false;
    throw e;
  }
}

export async function writeJson(client: OssInvoker, bucket: string, key: string, value: unknown): Promise<void> {
  await putObject(client, { bucket, key, body: JSON.stringify(value), contentType: 'application/json', contentMd5: true });
}

export async function deleteQuietly(client: OssInvoker, bucket: string, key: string): Promise<void> {
  try {
    await deleteObject(client, { bucket, key });
  } catch (e) {
    if (!isOssErrorCode(e, 'NoSuchKey')) throw e;
  }
}
