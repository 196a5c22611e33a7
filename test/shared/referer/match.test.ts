import { describe, expect, it } from 'vitest';
import { decideReferer as emulatorDecide } from '../../../local/oss-emulator/dataplane/referer.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import { decideReferer, exampleReferer, normalizeReferer, refererPatternMatches, type StepMeter } from '../../../shared/referer/index.ts';

describe('shared Referer matcher', () => {
  it('does follow the user guide order: empty, blacklist, whitelist', () => {
    const c: RefererConfiguration = { allowEmptyReferer: false, refererList: ['https://*.example.com/*'], refererBlacklist: ['https://bad.example.com/*'] };
    expect(decideReferer(c, undefined)).toEqual({ allowed: false, reason: 'empty-denied' });
    expect(decideReferer(c, 'https://www.example.com/a')).toMatchObject({ allowed: true, reason: 'whitelisted', pattern: 'https://*.example.com/*' });
    expect(decideReferer(c, 'https://bad.example.com/a')).toMatchObject({ allowed: false, reason: 'blacklisted' });
    expect(decideReferer(c, 'https://evil.test/')).toEqual({ allowed: false, reason: 'not-whitelisted' });
    expect(decideReferer({ allowEmptyReferer: false, refererList: [] }, '')).toEqual({ allowed: true, reason: 'empty-with-empty-whitelist' });
  });

  it('does truncate the query by default and the path with truncatePath', () => {
    expect(normalizeReferer('https://a.com/p?x=1', {})).toBe('https://a.com/p');
    expect(normalizeReferer('https://a.com/p?x=1', { allowTruncateQueryString: false })).toBe('https://a.com/p?x=1');
    expect(normalizeReferer('https://a.com:8080/p?x=1', { truncatePath: true })).toBe('https://a.com:8080');
  });

  it('does match globs anchored at the start, case-insensitively', () => {
    expect(refererPatternMatches('http://www.aliyun?.com', 'http://www.aliyunc.com/x')).toBe(true);
    expect(refererPatternMatches('www.aliyun.com', 'www.aliyun.com.cn')).toBe(true);
    expect(refererPatternMatches('HTTPS://WWW.EXAMPLE.COM', 'https://www.example.com/')).toBe(true);
    expect(refererPatternMatches('https://a.com', 'http://a.com')).toBe(false);
    expect(exampleReferer('https://*.example.com/*', 'www')).toBe('https://www.example.com/www');
  });

  it('does decide exactly as the emulator data plane does over a grid of configs and Referers', () => {
    const configs: RefererConfiguration[] = [
      { allowEmptyReferer: true, refererList: [] },
      { allowEmptyReferer: false, refererList: [] },
      { allowEmptyReferer: false, refererList: ['https://*.example.com/*', 'http://www.aliyun?.com'] },
      { allowEmptyReferer: true, refererList: ['*'], refererBlacklist: ['https://*.hack.com'] },
      { allowEmptyReferer: false, allowTruncateQueryString: false, refererList: ['https://a.com/p?x=1'] },
      { allowEmptyReferer: false, truncatePath: true, refererList: ['https://a.com'], refererBlacklist: ['http://a.com'] },
    ];
    const referers = [undefined, '', 'https://www.example.com/x', 'https://x.hack.com/', 'http://www.aliyunc.com', 'https://a.com/p?x=1', 'https://a.com/p', 'http://a.com/q', 'HTTPS://WWW.EXAMPLE.COM/'];
    const reasons = new Set<string>();
    for (const c of configs) {
      for (const r of referers) {
        const shared = decideReferer(c, r);
        expect({ allowed: shared.allowed, reason: shared.reason }, `${JSON.stringify(c)} ${r}`).toEqual(emulatorDecide(c, r));
        reasons.add(shared.reason);
      }
    }
    // the grid reaches every branch of the decision, so agreeing on it means something
    expect([...reasons].sort()).toEqual(['blacklisted', 'empty-allowed', 'empty-denied', 'empty-with-empty-whitelist', 'not-whitelisted', 'whitelist-empty', 'whitelisted']);
  });

  it('does count the matcher steps of a decision in the meter, within the bound per list entry', () => {
    const entry = '*x*xy';
    const referer = `https://${'x'.repeat(5_000)}`;
    const meter: StepMeter = { steps: 0 };
    const config: RefererConfiguration = { allowEmptyReferer: false, refererList: [entry], refererBlacklist: [entry] };
    expect(decideReferer(config, referer, meter)).toEqual({ allowed: false, reason: 'not-whitelisted' });
    expect(meter.steps).toBeGreaterThan(referer.length);
    expect(meter.steps).toBeLessThanOrEqual(2 * (entry.length + 1) * (referer.length + 1));
  });
});
