import { describe, expect, it } from 'vitest';
import { isUpperSnake, messageOf, OssedgeError, rawCode } from '../../../shared/errors/base.ts';
import { RefusedError } from '../../../shared/errors/refused.ts';

describe('rawCode and messageOf', () => {
  it('read a thrown value\'s own code and message, whatever was thrown', () => {
    expect(rawCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(rawCode({ code: 'NoSuchKey' })).toBe('NoSuchKey');
    for (const v of [undefined, null, 'text', 42, {}, { code: '' }, { code: 7 }, { code: { toString: () => 'X' } }]) expect(rawCode(v)).toBeUndefined();
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf({ message: 5 })).toBe('[object Object]');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(undefined)).toBe('undefined');
  });

  it('isUpperSnake accepts stable codes only, and none longer than 64 characters', () => {
    expect(isUpperSnake('OSS_NO_SUCH_BUCKET')).toBe(true);
    for (const c of ['NoSuchBucket', '_X', '1X', 'X-Y', 'X Y', '', 'A'.repeat(65)]) expect(isUpperSnake(c)).toBe(false);
  });
});

describe('RefusedError', () => {
  it('is an exposed 400 by default that the FC error handler answers like any 4xx, with its details', () => {
    const e = new RefusedError('CONFIG_ENDPOINT_NOT_ALLOWED', 'no', { details: { issues: [] } });
    expect(e).toBeInstanceOf(OssedgeError);
    expect(e).toMatchObject({ name: 'RefusedError', code: 'CONFIG_ENDPOINT_NOT_ALLOWED', statusCode: 400, expose: true, details: { issues: [] } });
    expect(new RefusedError('X', 'gone', { statusCode: 404 }).statusCode).toBe(404);
    expect(new RefusedError('X', 'plain')).not.toHaveProperty('details');
  });
});
