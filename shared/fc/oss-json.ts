import { deleteObject, getObject, putObject } from '../oss/ops/object.ts';
import { isOssErrorCode, type OssInvoker } from '../oss/ops/common.ts';

/** Small JSON objects in OSS (lease records, markers): read, create-if-absent, overwrite, delete. */
export async function readJson<T>(client: OssInvoker, bucket: string, key: string): Promise<T | undefined> {
  try {
    const res = await getObject(client, { bucket, key });
    if (res.notModified) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey')) return undefined;
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
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
