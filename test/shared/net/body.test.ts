import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BodyMeter, contentMd5Matches, readBody } from '../../../shared/net/index.ts';
import { crc64 } from '../../../shared/hash/crc64.ts';

const chunks = [Buffer.from('The quick brown fox '), Buffer.from('jumps over '), Buffer.from('the lazy dog')];
const whole = Buffer.concat(chunks);

describe('BodyMeter', () => {
  it('passes bytes through unchanged and hashes MD5 and CRC-64 as they stream', async () => {
    const meter = new BodyMeter();
    const sink: Buffer[] = [];
    await pipeline(Readable.from(chunks), meter, new Writable({ write(c, _e, cb) { sink.push(c); cb(); } }));
    expect(Buffer.concat(sink).equals(whole)).toBe(true);
    expect(meter.digests()).toEqual({
      bytes: whole.length,
      md5Hex: createHash('md5').update(whole).digest('hex'),
      md5Base64: createHash('md5').update(whole).digest('base64'),
      crc64: crc64(whole).toString(),
    });
  });

  it('gives the CRC-64/XZ check value for "123456789" fed in pieces', async () => {
    const r = await readBody(Readable.from([Buffer.from('1234'), Buffer.from('56789')]));
    expect(r.crc64).toBe(BigInt('0x995dc9bbdf1939fa').toString());
  });

  it('fails with NET_BODY_TOO_LARGE once the cap is passed', async () => {
    const meter = new BodyMeter({ maxBytes: 25 });
    await expect(pipeline(Readable.from(chunks), meter, new Writable({ write(_c, _e, cb) { cb(); } }))).rejects.toMatchObject({ code: 'NET_BODY_TOO_LARGE' });
  });

  it('skips the hashes that are turned off', async () => {
    const r = await readBody(Readable.from(chunks), { md5: false, crc64: false });
    expect(r).toMatchObject({ bytes: whole.length });
    expect(r.md5Hex).toBeUndefined();
    expect(r.crc64).toBeUndefined();
  });

  it('throws when digests are asked for before the end', () => {
    expect(() => new BodyMeter().digests()).toThrow(/before the body ended/);
  });
});

describe('contentMd5Matches', () => {
  it('compares a Content-MD5 header with the digest and is undefined without a header', async () => {
    const r = await readBody(Readable.from(chunks));
    expect(contentMd5Matches(createHash('md5').update(whole).digest('base64'), r)).toBe(true);
    expect(contentMd5Matches('1B2M2Y8AsgTpgAmY7PhCfg==', r)).toBe(false);
    expect(contentMd5Matches(undefined, r)).toBeUndefined();
  });
});
