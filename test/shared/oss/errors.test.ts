import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../shared/oss/errors.ts';
import { readBodyText } from '../../../shared/oss/transport.ts';

describe('redact', () => {
  it('does hide Authorization values of both signature versions and exact secrets', () => {
    const text = 'a OSS4-HMAC-SHA256 Credential=AK/20240101/cn-hangzhou/oss/aliyun_v4_request,Signature=abcd b OSS AKID:c2lnbmF0dXJl c s3cr3tvalue';
    const out = redact(text, ['s3cr3tvalue']);
    expect(out).not.toMatch(/Credential=|c2lnbmF0dXJl|s3cr3tvalue/);
  });
});

describe('readBodyText', () => {
  it('does read a body up to the cap and refuse more', async () => {
    expect(await readBodyText(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 3)).toBe('abc');
    await expect(readBodyText(Readable.from([Buffer.from('abcd')]), 3)).rejects.toThrow(RangeError);
  });
});
