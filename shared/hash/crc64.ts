import { Transform, type TransformCallback } from 'node:stream';

// CRC-64/XZ (ECMA-182 polynomial, reflected; init and xorout all ones): OSS's x-oss-hash-crc64ecma.
// Slice-by-8 over two 32-bit halves, so the hot loop never touches bigint.

/** Reflected ECMA-182 polynomial 0xC96C5795D7870F42, as 32-bit halves. */
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;
const POLY = 0xc96c5795d7870f42n;
const MASK64 = 0xffffffffffffffffn;

/** Tables k = 0..7 at offset k * 256, low and high halves apart. */
const TL = new Uint32Array(8 * 256);
const TH = new Uint32Array(8 * 256);

for (let i = 0; i < 256; i++) {
  let lo = i;
  let hi = 0;
  for (let bit = 0; bit < 8; bit++) {
    const odd = lo & 1;
    lo = (lo >>> 1) | ((hi & 1) << 31);
    hi >>>= 1;
    if (odd) {
      lo ^= POLY_LO;
      hi ^= POLY_HI;
    }
  }
  TL[i] = lo;
  TH[i] = hi;
}
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const lo = TL[(k - 1) * 256 + i] as number;
    const hi = TH[(k - 1) * 256 + i] as number;
    const idx = lo & 0xff;
    TL[k * 256 + i] = ((lo >>> 8) | (hi << 24)) ^ (TL[idx] as number);
    TH[k * 256 + i] = (hi >>> 8) ^ (TH[idx] as number);
  }
}

/** Runs the register (already inverted) over `buf`; returns [lo, hi]. */
function updateHalves(lo: number, hi: number, buf: Uint8Array): [number, number] {
  const n = buf.length;
  const end8 = n - (n % 8);
  let i = 0;
  for (; i < end8; i += 8) {
    const a = lo ^ (buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
    const b = hi ^ (buf[i + 4]! | (buf[i + 5]! << 8) | (buf[i + 6]! << 16) | (buf[i + 7]! << 24));
    const i7 = 1792 + (a & 0xff);
    const i6 = 1536 + ((a >>> 8) & 0xff);
    const i5 = 1280 + ((a >>> 16) & 0xff);
    const i4 = 1024 + (a >>> 24);
    const i3 = 768 + (b & 0xff);
    const i2 = 512 + ((b >>> 8) & 0xff);
    const i1 = 256 + ((b >>> 16) & 0xff);
    const i0 = b >>> 24;
    lo = TL[i7]! ^ TL[i6]! ^ TL[i5]! ^ TL[i4]! ^ TL[i3]! ^ TL[i2]! ^ TL[i1]! ^ TL[i0]!;
    hi = TH[i7]! ^ TH[i6]! ^ TH[i5]! ^ TH[i4]! ^ TH[i3]! ^ TH[i2]! ^ TH[i1]! ^ TH[i0]!;
  }
  for (; i < n; i++) {
    const idx = (lo ^ buf[i]!) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ TL[idx]!;
    hi = (hi >>> 8) ^ TH[idx]!;
  }
  return [lo, hi];
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/**
 * Streaming CRC-64/XZ. `update` as chunks arrive, `digest()` for the value (a bigint; OSS sends it
 * as an unsigned decimal string, `toString()` gives that form).
 */
export class Crc64 {
  // Inverted register as two unsigned 32-bit halves.
  private lo: number;
  private hi: number;

  /** `initial`: the CRC of the bytes before (continues a previous value), default 0 (empty input). */
  constructor(initial: bigint = 0n) {
    const inv = ~initial & MASK64;
    this.lo = Number(inv & 0xffffffffn);
    this.hi = Number(inv >> 32n);
  }

  update(data: Uint8Array | string): this {
    const [lo, hi] = updateHalves(this.lo, this.hi, toBytes(data));
    this.lo = lo;
    this.hi = hi;
    return this;
  }

  digest(): bigint {
    return (BigInt(~this.hi >>> 0) << 32n) | BigInt(~this.lo >>> 0);
  }

  /** Unsigned decimal, the `x-oss-hash-crc64ecma` header form. */
  toString(): string {
    return this.digest().toString();
  }
}

/**
 * A pass-through stream that computes the CRC-64 of what flows through it, e.g. while piping an
 * origin body to OSS: `pipeline(origin, tap, upload)`, then compare `tap.crc.toString()` with the
 * `x-oss-hash-crc64ecma` OSS answers. `tap.bytes` counts what went through.
 */
export class Crc64Stream extends Transform {
  readonly crc = new Crc64();
  bytes = 0;

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    this.crc.update(bytes);
    this.bytes += bytes.length;
    done(null, bytes);
  }
}

/** CRC-64/XZ of `data`, continuing from `prev` (the CRC of what came before). */
export function crc64(data: Uint8Array | string, prev: bigint = 0n): bigint {
  return new Crc64(prev).update(data).digest();
}

function gf2Times(mat: readonly bigint[], vec: bigint): bigint {
  let sum = 0n;
  for (let i = 0; vec !== 0n; i++, vec >>= 1n) if (vec & 1n) sum ^= mat[i] as bigint;
  return sum;
}

function gf2Square(square: bigint[], mat: readonly bigint[]): void {
  for (let n = 0; n < 64; n++) square[n] = gf2Times(mat, mat[n] as bigint);
}

/**
 * CRC of A‖B from crc(A), crc(B) and B's length, without the bytes (zlib's GF(2) matrix method):
 * joins the part CRCs of a multipart upload. O(64² · log len) bigint operations.
 */
export function crc64Combine(crc1: bigint, crc2: bigint, len2: number | bigint): bigint {
  let len = BigInt(len2);
  if (len <= 0n) return crc1;
  const even: bigint[] = new Array(64).fill(0n);
  const odd: bigint[] = new Array(64).fill(0n);
  odd[0] = POLY; // operator for one zero bit
  for (let n = 1, row = 1n; n < 64; n++, row <<= 1n) odd[n] = row;
  gf2Square(even, odd); // two zero bits
  gf2Square(odd, even); // four zero bits
  let crc = crc1;
  do {
    gf2Square(even, odd);
    if (len & 1n) crc = gf2Times(even, crc);
    len >>= 1n;
    if (len === 0n) break;
    gf2Square(odd, even);
    if (len & 1n) crc = gf2Times(odd, crc);
    len >>= 1n;
  } while (len !== 0n);
  return (crc ^ crc2) & MASK64;
}
