// The key list of a warm-up: one key per line (a text object in OSS, a file, or an explicit list).
// Hostile input is refused, never truncated: oversize lists, invalid UTF-8, control characters and keys
// OSS could not store all fail the whole list with the line that broke it.
import { MAX_KEY_BYTES } from '../../oss/endpoint.ts';
import { getObject } from '../../oss/ops/object.ts';
import { isOssErrorCode, type OssInvoker } from '../../oss/ops/common.ts';
import { compareKeys } from '../keys.ts';
import { OssedgeError } from '../../errors/base.ts';

/** 32 MiB: a million keys of ~30 bytes; a bigger migration is split into several lists. */
export const MAX_KEY_LIST_BYTES = 32 * 1024 * 1024;
export const MAX_KEYS = 1_000_000;
const MAX_PROBLEMS = 5;

export class KeyListError extends OssedgeError<'KEY_LIST_TOO_LARGE' | 'BAD_KEY_LIST' | 'KEY_LIST_NOT_FOUND'> {
  override readonly name = 'KeyListError';
  constructor(code: 'KEY_LIST_TOO_LARGE' | 'BAD_KEY_LIST' | 'KEY_LIST_NOT_FOUND', message: string) {
    super(code, message);
  }
}

/** Why OSS could not hold `key` (undefined when it can). */
export function keyProblem(key: string): string | undefined {
  if (key.length === 0) return 'empty key';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  if (key.startsWith('/') || key.startsWith('\\')) return 'starts with "/" or "\\"';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return `control character at ${i}`;
    // a lone surrogate has no UTF-8 form: OSS would never see this key
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = key.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return 'lone surrogate';
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return 'lone surrogate';
  }
  return undefined;
}

/** Validated, de-duplicated keys in OSS listing order. */
export function normalizeKeys(keys: Iterable<string>, where: (index: number) => string = (i) => `key ${i + 1}`): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  let i = 0;
  for (const key of keys) {
    const p = typeof key === 'string' ? keyProblem(key) : 'not a string';
    if (p) {
      if (problems.length < MAX_PROBLEMS) problems.push(`${where(i)}: ${p}`);
    } else seen.add(key);
    if (seen.size > MAX_KEYS) throw new KeyListError('KEY_LIST_TOO_LARGE', `more than ${MAX_KEYS} keys; split the list`);
    i++;
  }
  if (problems.length) throw new KeyListError('BAD_KEY_LIST', `refused: ${problems.join('; ')}`);
  return [...seen].sort(compareKeys);
}

/** Keys of a list text (bytes): blank lines are skipped, "\r\n" is accepted, anything else is a key. */
export function parseKeyList(bytes: Uint8Array): string[] {
  if (bytes.byteLength > MAX_KEY_LIST_BYTES) throw new KeyListError('KEY_LIST_TOO_LARGE', `the key list is over ${MAX_KEY_LIST_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KeyListError('BAD_KEY_LIST', 'the key list is not valid UTF-8');
  }
  const lines = text.split('\n');
  const lineNo: number[] = [];
  const keys: string[] = [];
  lines.forEach((raw, n) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length === 0) return;
    keys.push(line);
    lineNo.push(n + 1);
  });
  return normalizeKeys(keys, (i) => `line ${lineNo[i]}`);
}

/** Reads `bucket/key` through the signed client, refusing it (without reading on) once it is over the bound. */
export async function readKeyListObject(client: OssInvoker, bucket: string, key: string, maxBytes = MAX_KEY_LIST_BYTES): Promise<string[]> {
  let res;
  try {
    res = await getObject(client, { bucket, key });
  } catch (e) {
    if (isOssErrorCode(e, 'NoSuchKey')) throw new KeyListError('KEY_LIST_NOT_FOUND', `no key list at oss://${bucket}/${key}`);
    throw e;
  }
  if (res.notModified) throw new KeyListError('KEY_LIST_NOT_FOUND', `no key list at oss://${bucket}/${key}`);
  const tooLarge = () => new KeyListError('KEY_LIST_TOO_LARGE', `oss://${bucket}/${key} is over ${maxBytes} bytes`);
  // a destroyed body reports the abort as an error nobody awaits any more
  res.body.on('error', () => undefined);
  if (res.contentLength !== undefined && res.contentLength > maxBytes) {
    res.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of res.body) {
    total += (c as Buffer).length;
    if (total > maxBytes) {
      res.body.destroy();
      throw tooLarge();
    }
    chunks.push(c as Buffer);
  }
  return parseKeyList(Buffer.concat(chunks));
}
