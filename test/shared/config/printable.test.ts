import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../shared/config/index.ts';
import { printable } from '../../../shared/config/printable.ts';

describe('printable', () => {
  it('writes control, C1 and bidi characters as \\uXXXX and leaves other text as it is', () => {
    expect(printable('a\u001b[31mb\u009b2J\u202ec\u2066d\n\u007f')).toBe('a\\u001b[31mb\\u009b2J\\u202ec\\u2066d\\u000a\\u007f');
    expect(printable('plain <b>ü 日本 😀</b>')).toBe('plain <b>ü 日本 😀</b>');
  });

  it('is applied to every issue validation makes: an error quoting a hostile key carries no control character', async () => {
    const r = await loadConfig(JSON.stringify({ version: 1, buckets: { 'cw-a': { cors: { rules: [{ allowedOrigin: ['*'], allowedMethod: ['GET'], '\u009b2J\u001bc': 1 }] } } } }));
    expect(r.ok).toBe(false);
    const text = JSON.stringify(!r.ok ? r.issues.map((i) => [i.path, i.message]) : []);
    expect(text).toContain('\\\\u009b2J');
    // eslint-disable-next-line no-control-regex
    expect(!r.ok && r.issues.some((i) => /[\u0000-\u001f\u007f-\u009f]/.test(i.path + i.message))).toBe(false);
  });
});
