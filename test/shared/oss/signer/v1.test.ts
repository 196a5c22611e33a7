import { describe, expect, it } from 'vitest';
import {
  canonicalResourceV1,
  parseAuthorizationV1,
  presignV1,
  signatureV1,
  signV1,
  stringToSignV1,
  type SignableRequest,
} from '../../../../shared/oss/signer/index.ts';

const credentials = { accessKeyId: 'ak', accessKeySecret: 'sk', securityToken: 'tok' };
const time = new Date('2026-11-26T04:20:46Z');
const request: SignableRequest = {
  method: 'GET',
  bucket: 'b',
  key: 'a b+c.txt',
  query: [['versionId', 'v 1'], ['list-type', '2'], ['x-oss-process', 'image/resize'], ['acl', '']],
  headers: { 'Content-MD5': 'md5==', 'Content-Type': 'text/plain', 'X-Oss-Meta-Z': ' z ', Host: 'h' },
};

describe('V1', () => {
  it('keeps the key raw and signs only allow-listed and x-oss-* sub-resources, sorted', () => {
    expect(canonicalResourceV1('b', 'a b+c.txt', request.query)).toBe('/b/a b+c.txt?acl&versionId=v 1&x-oss-process=image/resize');
    expect(canonicalResourceV1(undefined, undefined, [])).toBe('/');
    expect(canonicalResourceV1('b', undefined, [['custom', '1']], ['custom'])).toBe('/b/?custom=1');
  });

  it('signs date, x-oss-date and the STS token header, and a verifier recomputes the signature from the wire', () => {
    const signed = signV1({ request, credentials, time, region: 'ignored' });
    expect(signed.headers).toMatchObject({
      date: 'Thu, 26 Nov 2026 04:20:46 GMT',
      'x-oss-date': 'Thu, 26 Nov 2026 04:20:46 GMT',
      'x-oss-security-token': 'tok',
    });
    expect(signed.stringToSign).toBe(
      'GET\nmd5==\ntext/plain\nThu, 26 Nov 2026 04:20:46 GMT\nx-oss-date:Thu, 26 Nov 2026 04:20:46 GMT\n' +
        'x-oss-meta-z:z\nx-oss-security-token:tok\n/b/a b+c.txt?acl&versionId=v 1&x-oss-process=image/resize',
    );
    const parsed = parseAuthorizationV1(signed.headers['authorization'] ?? '');
    expect(parsed?.accessKeyId).toBe('ak');
    const wire = { ...request, headers: { ...request.headers, ...signed.headers } };
    const sts = stringToSignV1(wire, wire.headers['date'] ?? '');
    expect(signatureV1('sk', sts)).toBe(parsed?.signature);
    expect(signatureV1('sk', stringToSignV1({ ...wire, key: 'other' }, wire.headers['date'] ?? ''))).not.toBe(parsed?.signature);
  });

  it('presigns with Expires = time + expires and signs the token as a sub-resource', () => {
    const signed = presignV1({ request, credentials, time, region: '', expires: 60 });
    const q = new Map(signed.query);
    expect(q.get('Expires')).toBe(String(Date.parse('2026-11-26T04:21:46Z') / 1000));
    expect(q.get('OSSAccessKeyId')).toBe('ak');
    expect(q.get('security-token')).toBe('tok');
    expect(signed.stringToSign.split('\n')[3]).toBe(q.get('Expires'));
    expect(signed.stringToSign.endsWith('?acl&security-token=tok&versionId=v 1&x-oss-process=image/resize')).toBe(true);
    expect(signatureV1('sk', signed.stringToSign)).toBe(q.get('Signature'));
  });

  it('rejects presign expiry outside 1..604800 s and a request carrying Signature', () => {
    expect(() => presignV1({ request, credentials, time, region: '', expires: 604_801 })).toThrow(
      expect.objectContaining({ code: 'INVALID_EXPIRES' }),
    );
    const bad = { ...request, query: [['Signature', 'x']] as Array<[string, string]> };
    expect(() => presignV1({ request: bad, credentials, time, region: '', expires: 60 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('returns undefined for headers that are not V1', () => {
    expect(parseAuthorizationV1('OSS4-HMAC-SHA256 Credential=x')).toBeUndefined();
    expect(parseAuthorizationV1('OSS ak:')).toBeUndefined();
  });
});
