import { describe, expect, it } from 'vitest';
import { webhookConfigSource } from '../../../shared/apply/webhook-source.ts';
import { errorCodeOf, isRetryable, VerifyError } from '../../../shared/apply/index.ts';
import { mapLimit } from '../../../shared/concurrency/map-limit.ts';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';

const request = (text: string, contentType = 'application/json') => ({ text, contentType });

describe('webhookConfigSource', () => {
  it('reads a GitHub or GitLab push event as "the config at OSSEDGE_CONFIG"', () => {
    expect(webhookConfigSource(request(JSON.stringify({ ref: 'refs/heads/main', commits: [] })))).toEqual({ kind: 'default' });
    expect(webhookConfigSource(request(JSON.stringify({ object_kind: 'push', ref: 'main' })))).toEqual({ kind: 'default' });
  });

  it('takes a carried config (object, text) or an oss:// reference, and never a local path', () => {
    expect(webhookConfigSource(request(JSON.stringify({ config: { version: 1 } })))).toEqual({ kind: 'value', value: { version: 1 } });
    expect(webhookConfigSource(request(JSON.stringify({ configText: 'version: 1' })))).toMatchObject({ kind: 'text', text: 'version: 1' });
    expect(webhookConfigSource(request(JSON.stringify({ config: 'oss://b/k.yaml' })))).toEqual({ kind: 'location', location: 'oss://b/k.yaml' });
    expect(webhookConfigSource(request(JSON.stringify({ config: '/etc/passwd' })))).toMatchObject({ kind: 'text' });
  });

  it('treats any other body as the config itself, JSON or YAML (flow style too)', () => {
    expect(webhookConfigSource(request('{"version":1,"buckets":{}}'))).toMatchObject({ kind: 'text', filename: 'webhook.json' });
    expect(webhookConfigSource(request('version: 1\nbuckets: {}\n', 'application/yaml'))).toMatchObject({ kind: 'text', filename: 'webhook.yaml' });
    expect(webhookConfigSource(request('{version: 1, buckets: {}}', 'text/plain'))).toEqual({ kind: 'text', text: '{version: 1, buckets: {}}' });
  });
});

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

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});
