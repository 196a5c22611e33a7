import { createHash, type Hash } from 'node:crypto';
import { Crc64 } from '../../shared/hash/crc64.ts';

/** MD5 + CRC-64/XZ (x-oss-hash-crc64ecma, shared/hash/crc64.ts) + size of a body, computed while it streams. */

export interface BodyDigest {
  size: number;
  /** Lower-case hex MD5. */
  md5Hex: string;
  md5Base64: string;
  /** Unsigned decimal CRC-64/XZ, as OSS sends it. */
  crc64: string;
  /** OSS's ETag of a simple upload: quoted upper-case hex MD5. */
  etag: string;
}

export class BodyHasher {
  private readonly md5: Hash = createHash('md5');
  private readonly crc = new Crc64();
  private size = 0;
  private done: BodyDigest | undefined;

  update(chunk: Uint8Array): void {
    this.md5.update(chunk);
    this.crc.update(chunk);
    this.size += chunk.length;
  }

  /** The digest of everything so far; further updates are not allowed after the first call. */
  digest(): BodyDigest {
    if (this.done) return this.done;
    const md5 = this.md5.digest();
    const md5Hex = md5.toString('hex');
    return (this.done = { size: this.size, md5Hex, md5Base64: md5.toString('base64'), crc64: this.crc.toString(), etag: etagOf(md5Hex) });
  }
}

export function digestOf(body: Uint8Array): BodyDigest {
  const h = new BodyHasher();
  h.update(body);
  return h.digest();
}

/** OSS's ETag of a simple upload: quoted upper-case hex MD5. */
export function etagOf(md5Hex: string): string {
  return `"${md5Hex.toUpperCase()}"`;
}
