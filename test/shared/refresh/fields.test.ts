import { describe, expect, it } from 'vitest';
import { httpFields, MAX_BODY_BYTES, truthy } from '../../../shared/refresh/fields.ts';

const http = (query: Record<string, string>, body: string | Buffer) => {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return { kind: 'http' as const, method: 'POST', query, rawBody: raw, text: () => raw.toString('utf8') };
};

describe('httpFields', () => {
  it('gives the query without a body, and the body overlaying the query with one', () => {
    expect(httpFields(http({ bucket: 'a', dryRun: '1' }, ''), 'X')).toEqual({ bucket: 'a', dryRun: '1' });
    expect(httpFields(http({ bucket: 'a', dryRun: '1' }, '{"bucket":"b","keys":["k"]}'), 'X')).toEqual({ bucket: 'b', dryRun: '1', keys: ['k'] });
  });

  it('refuses a body over the bound whole (never a truncated parse), and a body that is not JSON, with the caller\'s code', () => {
    const over = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    expect(() => httpFields(http({}, over), 'BAD_WARM_REQUEST', 'too big')).toThrow(expect.objectContaining({ code: 'BAD_WARM_REQUEST', message: 'too big' }));
    expect(() => httpFields(http({}, over), 'BAD_REFRESH_REQUEST')).toThrow(expect.objectContaining({ code: 'BAD_REFRESH_REQUEST', message: `body over ${MAX_BODY_BYTES} bytes` }));
    for (const body of ['{"keys": [', 'keys=a', '\u0000']) {
      expect(() => httpFields(http({}, body), 'BAD_REFRESH_REQUEST'), body).toThrow(expect.objectContaining({ code: 'BAD_REFRESH_REQUEST', message: 'body must be a JSON object' }));
    }
  });

  it('reads a flag as set only for true, 1, "1" and "true"', () => {
    expect([true, 1, '1', 'true'].map(truthy)).toEqual([true, true, true, true]);
    expect([false, 0, '0', 'yes', 'TRUE', undefined, null, {}].map(truthy)).toEqual(Array(8).fill(false));
  });
});
