import { createHash, type Hash } from 'node:crypto';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { Crc64 } from '../hash/crc64.ts';
import { NetError, toNetError } from './errors.ts';

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface BodyDigests {
  bytes: number;
  /** MD5 of the bytes read, hex (an OSS ETag of a simple upload) and base64 (a Content-MD5 header). */
  md5Hex?: string;
  md5Base64?: string;
  /** CRC-64/ECMA as unsigned decimal (the `x-oss-hash-crc64ecma` form). */
  crc64?: string;
}

export interface BodyMeterOptions {
  /** Fail with NET_BODY_TOO_LARGE after this many bytes. */
  maxBytes?: number;
  md5?: boolean;
  crc64?: boolean;
}

/**
 * A pass-through stream that counts, caps and hashes (MD5, CRC-64) what flows through it, so a body
 * can be streamed to OSS and verified afterwards without being held in memory.
 */
export class BodyMeter extends Transform {
  bytes = 0;
  private readonly maxBytes: number;
  private readonly md5?: Hash;
  private readonly crc?: Crc64;
  private finalDigests?: BodyDigests;

  constructor(options: BodyMeterOptions = {}) {
    super();
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (options.md5 !== false) this.md5 = createHash('md5');
    if (options.crc64 !== false) this.crc = new Crc64();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      callback(new NetError('NET_BODY_TOO_LARGE', `body is larger than ${this.maxBytes} bytes`, { reason: String(this.bytes) }));
      return;
    }
    this.md5?.update(chunk);
    this.crc?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.finalDigests = this.snapshot();
    callback();
  }

  private snapshot(): BodyDigests {
    const out: BodyDigests = { bytes: this.bytes };
    if (this.md5) {
      const md5 = this.md5.digest();
      out.md5Hex = md5.toString('hex');
      out.md5Base64 = md5.toString('base64');
    }
    if (this.crc) out.crc64 = this.crc.toString();
    return out;
  }

  /** The digests of the whole body; only once the stream has ended. */
  digests(): BodyDigests {
    if (!this.finalDigests) throw new Error('BodyMeter.digests() before the body ended');
    return this.finalDigests;
  }
}

export interface ReadBodyOptions extends BodyMeterOptions {
  /** Keep the bytes (default false: count and hash only). */
  keep?: boolean;
}

export interface ReadBodyResult extends BodyDigests {
  data?: Buffer;
  ms: number;
}

/**
 * Reads a body to its end, bounded by maxBytes, hashing as it goes; errors become NetError. When the
 * body is already a BodyMeter (an OriginResponse body) its own cap and hashes apply, not these options.
 */
export async function readBody(body: Readable, options: ReadBodyOptions = {}): Promise<ReadBodyResult> {
  const started = performance.now();
  const meter = body instanceof BodyMeter ? body : body.pipe(new BodyMeter(options));
  if (meter !== body) body.once('error', (err) => meter.destroy(err));
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of meter) if (options.keep) chunks.push(chunk as Buffer);
  } catch (err) {
    body.destroy();
    throw toNetError(err);
  }
  const digests = (meter as BodyMeter).digests();
  return { ...digests, ...(options.keep ? { data: Buffer.concat(chunks) } : {}), ms: performance.now() - started };
}

/** True when a Content-MD5 header (base64) names the same digest; undefined when there is no header. */
export function contentMd5Matches(header: string | string[] | undefined, digests: BodyDigests): boolean | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  return value.trim() === digests.md5Base64;
}
