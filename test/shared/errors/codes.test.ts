import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_FAMILIES, codeInfo, codeOf, ERROR_CODES, ossErrorCode } from '../../../shared/errors/codes.ts';
import { OssedgeError } from '../../../shared/errors/base.ts';
import { OssClientError, OssServiceError } from '../../../shared/oss/errors.ts';
import { NetError } from '../../../shared/net/errors.ts';
import { VerifyError } from '../../../shared/apply/errors.ts';
import { explain } from '../../../local/commands/explain.ts';

const service = (status: number, code: string) => new OssServiceError({ status, code, message: code, op: 'PutBucketCors', requestId: 'r' });

describe('codeOf', () => {
  it('maps an OSS error code by one rule, and keeps the OSS code on the error itself', () => {
    const e = service(404, 'NoSuchBucket');
    expect(e.code).toBe('NoSuchBucket');
    expect(codeOf(e)).toBe('OSS_NO_SUCH_BUCKET');
    expect(codeOf(service(503, 'SlowDown'))).toBe('OSS_SLOW_DOWN');
    expect(codeOf(service(500, 'InternalError'))).toBe('OSS_INTERNAL_ERROR');
    expect(codeOf(service(502, ''))).toBe('OSS_HTTP_502');
  });

  it('gives our own errors their code, a plain UPPER_SNAKE code as it is, and INTERNAL for anything without one', () => {
    expect(codeOf(new OssClientError('TIMEOUT', 't'))).toBe('TIMEOUT');
    expect(codeOf(new VerifyError('b', ['cors']))).toBe('VERIFY_FAILED');
    expect(codeOf(new NetError('NET_DNS_FAILED', 'x'))).toBe('NET_DNS_FAILED');
    expect(codeOf({ code: 'OSS_NO_SUCH_BUCKET', message: 'from a stored report' })).toBe('OSS_NO_SUCH_BUCKET');
    expect(codeOf(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(codeOf(new Error('x'))).toBe('INTERNAL');
    expect(codeOf(undefined)).toBe('INTERNAL');
    expect(codeOf('a string')).toBe('INTERNAL');
  });

  it('maps a CamelCase code that lost its class (crossed a JSON boundary) as the OSS code it is', () => {
    expect(codeOf({ code: 'NoSuchBucket' })).toBe('OSS_NO_SUCH_BUCKET');
  });

  it('refuses hostile codes rather than passing them on or cutting them', () => {
    expect(codeOf({ code: 'A'.repeat(65) })).toBe('INTERNAL');
    expect(codeOf({ code: `No${'a'.repeat(100)}` })).toBe('INTERNAL');
    expect(codeOf({ code: 'bad code\n<script>' })).toBe('INTERNAL');
    expect(codeOf({ code: 42 })).toBe('INTERNAL');
    expect(ossErrorCode('x'.repeat(65), 503)).toBe('OSS_HTTP_503');
    expect(ossErrorCode('<b>', 0)).toBe('OSS_UNKNOWN');
    expect(codeOf(service(403, 'Bad Code'))).toBe('OSS_HTTP_403');
  });

  it('every subclass keeps name, code, cause and instanceof', () => {
    const cause = new Error('root');
    const e = new OssClientError('NETWORK', 'down', { cause });
    expect(e).toBeInstanceOf(OssedgeError);
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.cause]).toEqual(['OssClientError', 'NETWORK', cause]);
    expect(new OssedgeError('X', 'no cause')).not.toHaveProperty('cause');
  });
});

describe('the error-code table', () => {
  it('has UPPER_SNAKE codes, and each CLI class explains the codes that map to it', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(info.meaning.length).toBeGreaterThan(10);
      expect(info.hint.length).toBeGreaterThan(10);
    }
    expect(explain(service(404, 'NoSuchBucket'))).toEqual({ code: 'NO_SUCH_BUCKET', hint: ERROR_CODES.OSS_NO_SUCH_BUCKET.hint });
    expect(explain({ code: 'OSS_NO_SUCH_BUCKET', message: 'x' })?.code).toBe('NO_SUCH_BUCKET');
    expect(explain(new OssClientError('CREDENTIALS', 'none'))?.code).toBe('NO_CREDENTIALS');
    expect(explain(service(403, 'RequestTimeTooSkewed'))?.code).toBe('CLOCK_SKEW');
    expect(explain({ message: 'ListBuckets: 403 SignatureDoesNotMatch: ...' })?.code).toBe('ACCESS_DENIED');
    expect(explain(new VerifyError('b', ['cors']))).toBeUndefined();
    expect(codeInfo('OSS_SLOW_DOWN')?.cli).toBeUndefined();
  });

  it('is the README\'s "Error codes" table, row for row', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Error codes\n'), readme.indexOf('\n## ', readme.indexOf('\n## Error codes\n') + 5));
    const rows = section.split('\n').filter((l) => l.startsWith('| `'));
    const expected = [
      ...Object.entries(ERROR_CODES).map(([code, i]) => `| \`${code}\` | ${i.meaning} | ${i.where} | ${'cli' in i ? `\`${i.cli}\`` : ''} | ${i.hint} |`),
      ...Object.entries(CODE_FAMILIES).map(([code, m]) => `| \`${code}\` | ${m} | | | |`),
    ];
    expect(rows).toEqual(expected);
  });
});
