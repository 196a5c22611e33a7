import { describe, expect, it } from 'vitest';
import { decodeXmlEntities } from '../../../../shared/oss/xml/entities.ts';

describe('decodeXmlEntities', () => {
  it('does decode the five predefined entities and decimal and hex character references', () => {
    expect(decodeXmlEntities('x&amp;y&#38;&#x3C;&lt;&gt;&quot;&apos;')).toBe('x&y&<<>"\'');
    expect(decodeXmlEntities('&#x1F600; &#128512;')).toBe('😀 😀');
    expect(decodeXmlEntities('plain text')).toBe('plain text');
    expect(decodeXmlEntities('')).toBe('');
  });

  it('does decode each reference once: &amp;lt; is "&lt;", not "<"', () => {
    expect(decodeXmlEntities('&amp;lt;')).toBe('&lt;');
  });

  it('does refuse (undefined) an unknown entity, a bare or unterminated "&", and references to no character', () => {
    for (const raw of ['&nbsp;', 'a & b', 'a &amp b', '&', '&;', '&#;', '&#x;', '&#0;', '&#x0;', '&#xD800;', '&#55296;', '&#x110000;', '&#12345678;', '&#x1234567;', '&AMP;', '&constructor;', '&__proto__;']) {
      expect(decodeXmlEntities(raw), raw).toBeUndefined();
    }
  });

  it('does stay linear on a long hostile text (one "&" with its ";" a megabyte later, or a million references)', () => {
    const far = `&${'a'.repeat(1_000_000)};`;
    const many = '&amp;'.repeat(200_000);
    const started = performance.now();
    expect(decodeXmlEntities(far)).toBeUndefined();
    expect(decodeXmlEntities(many)).toBe('&'.repeat(200_000));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
