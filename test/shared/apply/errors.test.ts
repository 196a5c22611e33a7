import { describe, expect, it } from 'vitest';
import { errorCodeOf, isRetryable, VerifyError } from '../../../shared/apply/index.ts';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';

describe('error classification', () => {
  const service = (status: number, code: string) => new OssServiceError({ status, code, message: code, op: 'PutBucketCors', requestId: 'r', headers: {}, fields: {} } as never);

  it('retries throttling, 5xx, network trouble and read-back mismatches, never 4xx', () => {
    expect(isRetryable(service(503, 'SlowDown'))).toBe(true);
    expect(isRetryable(service(500, 'InternalError'))).toBe(true);
    expect(isRetryable(new OssClientError('NETWORK', 'reset'))).toBe(true);
    expect(isRetryable(new VerifyError('b', ['cors']))).toBe(true);
    expect(isRetryable(service(403, 'AccessDenied'))).toBe(false);
    expect(isRetryable(service(404, 'NoSuchBucket'))).toBe(false);
  });

  it('gives stable UPPER_SNAKE codes', () => {
    expect(errorCodeOf(service(404, 'NoSuchBucket'))).toBe('OSS_NO_SUCH_BUCKET');
    expect(errorCodeOf(service(503, 'SlowDown'))).toBe('OSS_SLOW_DOWN');
    expect(errorCodeOf(new OssClientError('TIMEOUT', 't'))).toBe('TIMEOUT');
    expect(errorCodeOf(new Error('x'))).toBe('INTERNAL');
  });
});
