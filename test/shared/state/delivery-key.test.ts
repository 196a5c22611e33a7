import { describe, expect, it } from 'vitest';
import { deliveryIdKey, signatureKey } from '../../../shared/state/delivery-key.ts';

describe('delivery keys', () => {
  it('spells a parsed signature one way: its time and its one v1', () => {
    expect(signatureKey(1_800_000_000, 'ab'.repeat(32))).toBe(`ossedge/1800000000-${'ab'.repeat(32)}`);
    expect(() => signatureKey(1.5, 'ab'.repeat(32))).toThrow(TypeError);
    expect(() => signatureKey(1, 'AB'.repeat(32))).toThrow(TypeError);
  });

  it('lower-cases UUID delivery ids and keeps other plain ids as given, per host', () => {
    expect(deliveryIdKey('github', '72D3162E-CC78-11E3-81AB-4C9367DC0958')).toBe('github/72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(deliveryIdKey('gitlab', '72d3162e-cc78-11e3-81ab-4c9367dc0958')).toBe('gitlab/72d3162e-cc78-11e3-81ab-4c9367dc0958');
    expect(deliveryIdKey('gitlab', 'Key_1.a-b')).toBe('gitlab/Key_1.a-b');
  });

  it('refuses ids it would have to trim, escape or shorten', () => {
    for (const id of ['', ' 1', '1 ', '../x', '.hidden', 'a/b', 'a%2Fb', 'é', 'a'.repeat(129), 'a\nb']) {
      expect(deliveryIdKey('github', id), JSON.stringify(id)).toBeUndefined();
    }
  });
});
