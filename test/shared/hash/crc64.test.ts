import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { Crc64, crc64, crc64Combine, Crc64Stream } from '../../../shared/hash/crc64.ts';

/** Bit-at-a-time CRC-64/XZ straight from the definition, to check the sliced tables against. */
function reference(data: Uint8Array): bigint {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc ^ 0xffffffffffffffffn;
}

describe('crc64 (CRC-64/XZ, x-oss-hash-crc64ecma)', () => {
  it('gives the check values of the spec when given its check strings', () => {
    expect(crc64('123456789')).toBe(0x995dc9bbdf1939fan);
    expect(crc64('123456789').toString()).toBe('11051210869376104954');
    expect(crc64('This is a test of the emergency broadcast system.')).toBe(0x27db187fc15bbc72n);
    expect(crc64('')).toBe(0n);
    expect(new Crc64().toString()).toBe('0');
  });

  it('matches the bit-wise definition for every length 0..64 and a large buffer', () => {
    const data = randomBytes(64);
    for (let n = 0; n <= 64; n++) expect(crc64(data.subarray(0, n)), `length ${n}`).toBe(reference(data.subarray(0, n)));
    const big = randomBytes(100_003);
    expect(crc64(big)).toBe(reference(big));
  });

  it('gives the same value when streamed in uneven chunks or continued from a previous value', () => {
    const data = randomBytes(10_000);
    const whole = crc64(data);
    const stream = new Crc64();
    for (let at = 0, step = 1; at < data.length; at += step, step = (step * 7 + 3) % 997) {
      stream.update(data.subarray(at, at + step));
    }
    expect(stream.digest()).toBe(whole);
    expect(crc64(data.subarray(4321), crc64(data.subarray(0, 4321)))).toBe(whole);
    expect(new Crc64(crc64('1234')).update('56789').digest()).toBe(crc64('123456789'));
  });

  it('combines part CRCs into the CRC of the whole when given the second part length', () => {
    const a = randomBytes(777);
    const b = randomBytes(12_345);
    expect(crc64Combine(crc64(a), crc64(b), b.length)).toBe(crc64(Buffer.concat([a, b])));
    expect(crc64Combine(crc64(a), 0n, 0)).toBe(crc64(a));
    expect(crc64Combine(crc64(''), crc64(b), BigInt(b.length))).toBe(crc64(b));
  });

  it('computes the CRC of what passes through a Crc64Stream and passes the bytes on unchanged', async () => {
    const data = randomBytes(300_001);
    const chunks = Array.from({ length: 30 }, (_, i) => data.subarray(i * 10_001, (i + 1) * 10_001));
    const tap = new Crc64Stream();
    const received: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (received.push(chunk), done()) });
    await pipeline(Readable.from(chunks), tap, sink);
    expect(tap.crc.digest()).toBe(crc64(data));
    expect(tap.bytes).toBe(data.length);
    expect(Buffer.concat(received).equals(data)).toBe(true);
  });
});
