import { describe, expect, it } from 'vitest';
import {
  encodeObjectKey,
  encodeQuery,
  isBucketName,
  regionFromHost,
  requestTarget,
  resolveEndpoint,
  validateBucketName,
} from '../../../shared/oss/endpoint.ts';
import { OssClientError } from '../../../shared/oss/errors.ts';

function invalidArgument(fn: () => unknown): OssClientError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(OssClientError);
    expect((err as OssClientError).code).toBe('INVALID_ARGUMENT');
    return err as OssClientError;
  }
  throw new Error('expected an INVALID_ARGUMENT error');
}

describe('resolveEndpoint', () => {
  it('does build the public region endpoint over HTTPS when only a region is given', () => {
    expect(resolveEndpoint({ region: 'cn-hangzhou' })).toEqual({
      protocol: 'https:', host: 'oss-cn-hangzhou.aliyuncs.com', pathStyle: false, cname: false,
    });
  });

  it('does build the internal and accelerate variants when asked', () => {
    expect(resolveEndpoint({ region: 'cn-beijing', internal: true }).host).toBe('oss-cn-beijing-internal.aliyuncs.com');
    expect(resolveEndpoint({ region: 'cn-beijing', accelerate: true }).host).toBe('oss-accelerate.aliyuncs.com');
  });

  it('does use HTTP when secure is false or the endpoint says http://', () => {
    expect(resolveEndpoint({ region: 'cn-hangzhou', secure: false }).protocol).toBe('http:');
    const ep = resolveEndpoint({ endpoint: 'http://127.0.0.1:9000' });
    expect(ep).toEqual({ protocol: 'http:', host: '127.0.0.1:9000', pathStyle: true, cname: false });
  });

  it('does pick path style for IP and localhost endpoints and virtual-hosted style otherwise', () => {
    expect(resolveEndpoint({ endpoint: 'localhost:8080' }).pathStyle).toBe(true);
    expect(resolveEndpoint({ endpoint: '[::1]:8080' }).pathStyle).toBe(true);
    expect(resolveEndpoint({ endpoint: 'oss-cn-shanghai.aliyuncs.com' }).pathStyle).toBe(false);
    expect(resolveEndpoint({ endpoint: 'oss-cn-shanghai.aliyuncs.com', pathStyle: true }).pathStyle).toBe(true);
  });

  it('does reject a missing region, a bad scheme and an endpoint with a path', () => {
    invalidArgument(() => resolveEndpoint({}));
    invalidArgument(() => resolveEndpoint({ endpoint: 'ftp://x.example' }));
    invalidArgument(() => resolveEndpoint({ endpoint: 'https://x.example/path' }));
    invalidArgument(() => resolveEndpoint({ region: 'CN_HANGZHOU' }));
  });

  it('does find the region in an OSS host name', () => {
    expect(regionFromHost('oss-cn-hangzhou.aliyuncs.com')).toBe('cn-hangzhou');
    expect(regionFromHost('oss-ap-southeast-1-internal.aliyuncs.com')).toBe('ap-southeast-1');
    expect(regionFromHost('oss-accelerate.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('127.0.0.1:9000')).toBeUndefined();
  });

  it('does not read a region into hosts that only look like an OSS region host', () => {
    // the global acceleration endpoint outside mainland China names no region (requests sign for the bucket's)
    expect(regionFromHost('oss-accelerate-overseas.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('oss-accelerate-internal.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('oss-internal.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('oss-cn-hangzhou.aliyuncs.com.evil.example')).toBeUndefined();
    expect(regionFromHost('oss-cn-hangzhou.aliyuncs.com.')).toBeUndefined();
    expect(regionFromHost('x.oss-cn-hangzhou.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('oss--cn-hangzhou.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('oss-cn-hangzhou-.aliyuncs.com')).toBeUndefined();
    expect(regionFromHost('[::1]:9000')).toBeUndefined();
    expect(regionFromHost('OSS-CN-HANGZHOU.ALIYUNCS.COM:8443')).toBe('cn-hangzhou');
  });
});

describe('requestTarget', () => {
  const vhost = resolveEndpoint({ region: 'cn-hangzhou' });

  it('does put the bucket in the host for virtual-hosted style', () => {
    expect(requestTarget(vhost, 'my-bucket', 'a b/c+d.txt', [['website', '']])).toEqual({
      origin: 'https://my-bucket.oss-cn-hangzhou.aliyuncs.com',
      path: '/a%20b/c%2Bd.txt?website',
    });
  });

  it('does put the bucket in the path for path style and leave service calls at /', () => {
    const ps = resolveEndpoint({ endpoint: 'http://127.0.0.1:9000' });
    expect(requestTarget(ps, 'my-bucket', 'k')).toEqual({ origin: 'http://127.0.0.1:9000', path: '/my-bucket/k' });
    expect(requestTarget(ps, 'my-bucket', undefined, [['cors', '']]).path).toBe('/my-bucket/?cors');
    expect(requestTarget(vhost, undefined, undefined, [['max-keys', '10']])).toEqual({
      origin: 'https://oss-cn-hangzhou.aliyuncs.com', path: '/?max-keys=10',
    });
  });

  it('does keep the bucket out of host and path for a CNAME', () => {
    const cn = resolveEndpoint({ endpoint: 'static.example.com', cname: true });
    expect(requestTarget(cn, 'my-bucket', 'img/1.png')).toEqual({ origin: 'https://static.example.com', path: '/img/1.png' });
  });

  it('does refuse a key without a bucket and keys that are empty, too long or start with a slash', () => {
    invalidArgument(() => requestTarget(vhost, undefined, 'k'));
    invalidArgument(() => requestTarget(vhost, 'my-bucket', ''));
    invalidArgument(() => requestTarget(vhost, 'my-bucket', '/abs'));
    invalidArgument(() => requestTarget(vhost, 'my-bucket', 'x'.repeat(1024)));
  });
});

describe('validateBucketName', () => {
  it('does accept names of 3-63 lowercase letters, digits and hyphens', () => {
    for (const ok of ['abc', 'a-1', 'x'.repeat(63), '0bucket9']) expect(() => validateBucketName(ok)).not.toThrow();
  });

  it('does throw INVALID_ARGUMENT for bad names', () => {
    for (const bad of ['ab', 'x'.repeat(64), '-abc', 'abc-', 'ABC', 'a_b', 'a.b', 'a b']) {
      expect(invalidArgument(() => validateBucketName(bad)).message).toMatch(/bucket name/);
    }
  });

  it('does agree with isBucketName, the one rule reports and config shapes use', () => {
    for (const ok of ['abc', 'a-1', 'x'.repeat(63), '0bucket9']) expect(isBucketName(ok), ok).toBe(true);
    for (const bad of [undefined, '', 'ab', 'x'.repeat(64), '-abc', 'abc-', 'ABC', 'a_b', 'a.b', 'a b', 'abc\n', '../etc']) expect(isBucketName(bad), String(bad)).toBe(false);
  });
});

describe('encoding', () => {
  it('does encode keys byte-wise as RFC 3986 and keep slashes', () => {
    expect(encodeObjectKey("1234+-/123/1.txt")).toBe('1234%2B-/123/1.txt');
    expect(encodeObjectKey("é!*'()~_.")).toBe("%C3%A9%21%2A%27%28%29~_.");
  });

  it('does write an empty-valued parameter as its key alone', () => {
    expect(encodeQuery([['acl', ''], ['prefix', 'a b/c'], ['x+y', '1']])).toBe('acl&prefix=a%20b%2Fc&x%2By=1');
  });
});
