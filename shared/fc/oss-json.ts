import { deleteObject, getObject, putObject } from '../oss/ops/object.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';

/** An object that is absent, or present with its JSON (`value` undefined when it is not valid JSON). */
export type JsonObject<T> = { found: false } | { found: true; value?: T };

/** Small JSON objects in OSS (lease records, markers): read, create-if-absent, overwrite, delete. */
export async function readJsonObject<T>(client: OssInvoker, bucket: string, key: string): Promise<JsonObject<T>> {
  let text: string;
  try {
    const res = await getObject(client, { bucket, key });
    if (res.notModified) return { found: false };
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
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
export async function readJson<T>(client: OssInvoker, bucket: string, key: string): Promise<T | undefined> {
  const o = await readJsonObject<T>(client, bucket, key);
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
