// The one bounded reader: a stream or a file is read into memory up to a limit, and anything longer is
// refused with TooLargeError — never cut at the limit and handed on as if it were whole (a truncated
// config would silently drop its last rules). Memory stays at most limit + one chunk whatever the source
// (/dev/zero, a FIFO, an object that grows while it is read).
import { open } from 'node:fs/promises';
import { OssedgeError } from '../errors/base.ts';

/** Reads of a file go this many bytes at a time. */
const FILE_CHUNK_BYTES = 64 * 1024;

export interface CapOptions {
  /** Most bytes accepted; one more is a refusal. */
  limit: number;
  /** What is read, for the message (a path, an oss:// location): never a secret. */
  source: string;
}

/** More than `limit` bytes in `source`. `size` is the declared or stat size when one was known up front. */
export class TooLargeError extends OssedgeError<'TOO_LARGE'> {
  override readonly name = 'TooLargeError';
  readonly source: string;
  readonly limit: number;
  readonly size?: number;

  constructor(source: string, limit: number, size?: number) {
    super('TOO_LARGE', size === undefined ? `${source} is larger than ${limit} bytes` : `${source} is ${size} bytes, more than ${limit}`);
    this.source = source;
    this.limit = limit;
    if (size !== undefined) this.size = size;
  }
}

type Body = AsyncIterable<unknown> & { destroy?: (error?: Error) => unknown; on?: (event: 'error', listener: () => void) => unknown };

/** Ends a body we gave up on; the abort error a stream may emit then is expected, not unhandled. */
function abandon(body: Body): void {
  body.on?.('error', () => undefined);
  body.destroy?.();
}

/**
 * Reads a whole body (a response stream) of at most `limit` bytes. A `declaredLength` (Content-Length;
 * undefined when the response sent none) over the limit is refused before the first read; otherwise the
 * chunk that crosses the limit ends the read with TooLargeError and the stream is destroyed (which also
 * frees its connection).
 */
export async function readCapped(body: Body, options: CapOptions & { declaredLength?: number | undefined }): Promise<Buffer> {
  const { limit, source, declaredLength } = options;
  if (declaredLength !== undefined && declaredLength > limit) {
    abandon(body);
    throw new TooLargeError(source, limit, declaredLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > limit) {
      abandon(body);
      throw new TooLargeError(source, limit);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Reads a file of at most `limit` bytes. Sequential reads (never the stat size alone: /dev/zero and FIFOs
 * report 0), at most limit + 1 bytes; a regular file whose size is already over the limit is refused
 * without reading. Errors of the file system (ENOENT, EISDIR, EACCES) are thrown as they come.
 */
export async function readFileCapped(path: string, options: CapOptions): Promise<Buffer> {
  const { limit, source } = options;
  const file = await open(path, 'r');
  try {
    const stat = await file.stat();
    if (stat.isFile() && stat.size > limit) throw new TooLargeError(source, limit, stat.size);
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const want = Math.min(FILE_CHUNK_BYTES, limit + 1 - size);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await file.read(buf, 0, want, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > limit) throw new TooLargeError(source, limit);
      chunks.push(buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, size);
  } finally {
    await file.close();
  }
}
