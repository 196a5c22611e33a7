import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalQueryV4,
  canonicalRequestV4,
  canonicalUriV4,
  parseAuthorizationV4,
  parseCredentialV4,
  presignV4,
  rfc3986Encode,
  rfc3986EncodePath,
  scopeV4,
  SignerError,
  signatureV4,
  signingKeyV4,
  signV4,
  stringToSignV4,
  type SignableRequest,
} from '../../../../shared/oss/signer/index.ts';

const credentials = { accessKeyId: 'LTAI-test', accessKeySecret: 'secret-1', securityToken: 'sts-token' };
const time = new Date('2026-11-26T04:20:46.789Z');
const request: SignableRequest = {
  method: 'put',
  bucket: 'assets',
  key: 'dir/a b+c*.txt',
  query: [['uploadId', 'x/y'], ['partNumber', '3']],
  headers: { 'Content-Type': 'text/plain', Host: 'assets.example.com', 'X-Oss-Meta-A': ' v ' },
};

/** What the emulator does with a received V4 header-signed request. */
function verifyHeaderAuth(wire: SignableRequest): boolean {
  const lower = Object.fromEntries(Object.entries(wire.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const auth = parseAuthorizationV4(lower['authorization'] ?? '');
  if (auth === undefined) return false;
  const received = { ...wire, headers: Object.fromEntries(Object.entries(lower).filter(([k]) => k !== 'authorization')) };
  const sts = stringToSignV4(
    lower['x-oss-date'] ?? '',
    scopeV4(auth.day, auth.region, auth.product),
    canonicalRequestV4(received, auth.additionalHeaders),
  );
  return signatureV4(signingKeyV4(credentials.accessKeySecret, auth.day, auth.region, auth.product), sts) === auth.signature;
}

describe('V4 building blocks', () => {
  it('encodes per RFC 3986 with uppercase hex when given reserved, space and non-ASCII characters', () => {
    expect(rfc3986Encode("a b+c/d;e|f*g!h'i(j)k~l-m_n.o")).toBe('a%20b%2Bc%2Fd%3Be%7Cf%2Ag%21h%27i%28j%29k~l-m_n.o');
    expect(rfc3986Encode('中')).toBe('%E4%B8%AD');
    expect(rfc3986EncodePath('/b/a b/中+')).toBe('/b/a%20b/%E4%B8%AD%2B');
  });

  it('throws a SignerError when a value holds a lone surrogate', () => {
    expect(() => rfc3986Encode('\ud800')).toThrow(SignerError);
  });

  it('builds the canonical URI for service, bucket and object requests', () => {
    expect(canonicalUriV4()).toBe('/');
    expect(canonicalUriV4('b')).toBe('/b/');
    expect(canonicalUriV4('b', '1234+-/123/1.txt')).toBe('/b/1234%2B-/123/1.txt');
  });

  it('sorts the canonical query by encoded key, not by the joined k=v string', () => {
    expect(canonicalQueryV4([['a', '1'], ['a-b', ''], ['website', ''], ['+', ' ']])).toBe('%2B=%20&a=1&a-b&website');
    expect(canonicalQueryV4([])).toBe('');
  });

  it('caches the signing key per (secret, day, region, product) and derives it as specified', () => {
    const k1 = signingKeyV4('s', '20260101', 'cn-hangzhou', 'oss');
    expect(signingKeyV4('s', '20260101', 'cn-hangzhou', 'oss')).toBe(k1);
    expect(signingKeyV4('s', '20260102', 'cn-hangzhou', 'oss')).not.toBe(k1);
    const h = (key: Buffer | string, msg: string) => createHmac('sha256', key).update(msg).digest();
    const expected = h(h(h(h('aliyun_v4s', '20260101'), 'cn-hangzhou'), 'oss'), 'aliyun_v4_request');
    expect(signingKeyV4('s', '20260101', 'cn-hangzhou', 'oss').export().equals(expected)).toBe(true);
  });

  it('parses credentials and Authorization headers, and rejects malformed ones', () => {
    expect(parseCredentialV4('a/b/20260101/cn-hangzhou/oss/aliyun_v4_request')).toEqual({
      accessKeyId: 'a/b', day: '20260101', region: 'cn-hangzhou', product: 'oss',
    });
    const sig = 'a'.repeat(64);
    const ok = `OSS4-HMAC-SHA256 Credential=ak/20260101/cb-1/oss-cloudbox/aliyun_v4_request, AdditionalHeaders=Host;abc, Signature=${sig}`;
    expect(parseAuthorizationV4(ok)).toMatchObject({ region: 'cb-1', product: 'oss-cloudbox', additionalHeaders: ['host', 'abc'] });
    expect(parseAuthorizationV4(ok.replace('Host;abc', ''))).toBeUndefined();
    expect(parseAuthorizationV4(ok.replace('Host;abc', 'host;'))).toBeUndefined();
    expect(parseAuthorizationV4(ok.replace(sig, 'xyz'))).toBeUndefined();
    expect(parseAuthorizationV4('OSS ak:sig')).toBeUndefined();
  });
});

describe('signV4', () => {
  it('sets date, token and payload headers and signs what a verifier recomputes when additional headers are asked', () => {
    const signed = signV4({ request, credentials, time, region: 'cn-hangzhou', additionalHeaders: ['HOST', 'x-oss-meta-a', 'absent'] });
    expect(signed.headers).toMatchObject({
      'x-oss-date': '20261126T042046Z',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-security-token': 'sts-token',
      date: 'Thu, 26 Nov 2026 04:20:46 GMT',
    });
    expect(signed.headers['authorization']).toMatch(
      /^OSS4-HMAC-SHA256 Credential=LTAI-test\/20261126\/cn-hangzhou\/oss\/aliyun_v4_request,AdditionalHeaders=host,Signature=[0-9a-f]{64}$/,
    );
    expect(signed.canonicalRequest).toContain('\nhost:assets.example.com\nx-oss-content-sha256:UNSIGNED-PAYLOAD\n');
    expect(signed.canonicalRequest).toContain('x-oss-meta-a:v\n');
    const wire = { ...request, headers: { ...request.headers, ...signed.headers } };
    expect(verifyHeaderAuth(wire)).toBe(true);
    expect(verifyHeaderAuth({ ...wire, headers: { ...wire.headers, Host: 'evil.example.com' } })).toBe(false);
    expect(verifyHeaderAuth({ ...wire, key: 'dir/other' })).toBe(false);
  });

  it('replaces a stale x-oss-date of any case with the signing time when the request carries one', () => {
    const stale = { ...request, headers: { ...request.headers, 'X-OSS-Date': '20000101T000000Z' } };
    const signed = signV4({ request: stale, credentials, time, region: 'cn-hangzhou' });
    expect(signed.canonicalRequest).toContain('x-oss-date:20261126T042046Z\n');
    expect(signed.canonicalRequest).not.toContain('20000101');
  });

  it('omits the token header when the credentials carry none', () => {
    const signed = signV4({ request, credentials: { accessKeyId: 'a', accessKeySecret: 'b' }, time, region: 'r' });
    expect(signed.headers['x-oss-security-token']).toBeUndefined();
    expect(signed.canonicalRequest).not.toContain('security-token');
  });

  it('throws MISSING_CREDENTIALS when the secret is empty and INVALID_ARGUMENT when the region is', () => {
    expect(() => signV4({ request, credentials: { accessKeyId: 'a', accessKeySecret: '' }, time, region: 'r' })).toThrow(
      expect.objectContaining({ name: 'SignerError', code: 'MISSING_CREDENTIALS' }),
    );
    expect(() => signV4({ request, credentials, time, region: '' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('presignV4', () => {
  it('rejects expiry outside 1..604800 s with INVALID_EXPIRES and accepts the bounds', () => {
    for (const expires of [0, -1, 604_801, 1.5, Number.NaN]) {
      expect(() => presignV4({ request, credentials, time, region: 'r', expires })).toThrow(
        expect.objectContaining({ name: 'SignerError', code: 'INVALID_EXPIRES' }),
      );
    }
    expect(presignV4({ request, credentials, time, region: 'r', expires: 1 }).query).toContainEqual(['x-oss-expires', '1']);
    expect(presignV4({ request, credentials, time, region: 'r', expires: 604_800 }).query).toContainEqual(['x-oss-expires', '604800']);
  });

  it('refuses a request that already carries a presign parameter', () => {
    const bad = { ...request, query: [['X-Oss-Signature', 'x']] as Array<[string, string]> };
    expect(() => presignV4({ request: bad, credentials, time, region: 'r', expires: 60 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('emits token and additional headers and signs what a verifier recomputes from the URL', () => {
    const signed = presignV4({ request, credentials, time, region: 'cn-hangzhou', expires: 3600, additionalHeaders: ['host'] });
    const names = signed.query.map(([k]) => k);
    expect(names).toEqual([
      'x-oss-signature-version', 'x-oss-date', 'x-oss-expires', 'x-oss-credential',
      'x-oss-security-token', 'x-oss-additional-headers', 'x-oss-signature',
    ]);
    const q = new Map(signed.query);
    const scope = parseCredentialV4(q.get('x-oss-credential') ?? '');
    if (scope === undefined) throw new Error('credential did not parse');
    // The emulator's view: every query parameter but the signature.
    const received: SignableRequest = { ...request, query: [...request.query, ...signed.query.filter(([k]) => k !== 'x-oss-signature')] };
    const sts = stringToSignV4(
      q.get('x-oss-date') ?? '',
      scopeV4(scope.day, scope.region, scope.product),
      canonicalRequestV4(received, (q.get('x-oss-additional-headers') ?? '').split(';')),
    );
    expect(sts).toBe(signed.stringToSign);
    expect(signatureV4(signingKeyV4(credentials.accessKeySecret, scope.day, scope.region, scope.product), sts)).toBe(q.get('x-oss-signature'));
  });
});
