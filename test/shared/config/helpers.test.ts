import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../../shared/config/did-you-mean.ts';
import { formatPath } from '../../../shared/config/index.ts';

describe('did-you-mean', () => {
  it('matches XML names and other casing first', () => {
    expect(didYouMean('MirrorURL', ['mirrorURL', 'mirrorURLSlave'])).toBe('mirrorURL');
    expect(didYouMean('mirror_url_slave', ['mirrorURL', 'mirrorURLSlave'])).toBe('mirrorURLSlave');
  });

  it('suggests close spellings, including swapped letters, and nothing for far ones', () => {
    expect(didYouMean('refererLsit', ['refererList', 'refererBlacklist'])).toBe('refererList');
    expect(didYouMean('allowedOrigins', ['allowedOrigin', 'allowedMethod'])).toBe('allowedOrigin');
    expect(didYouMean('color', ['allowedOrigin', 'allowedMethod'])).toBeUndefined();
    expect(editDistance('abcd', 'abdc')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('formatPath', () => {
  it('writes keys with dots, list indexes and odd names readably', () => {
    expect(formatPath(['buckets', 'assets', 'website', 'routingRules', 3, 'redirect', 'mirrorURL'])).toBe('buckets.assets.website.routingRules[3].redirect.mirrorURL');
    expect(formatPath(['buckets', 'my.bucket', 'cors'])).toBe('buckets["my.bucket"].cors');
    expect(formatPath(['buckets', '123abc', 'a b'])).toBe('buckets.123abc["a b"]');
    expect(formatPath([])).toBe('');
  });
});
