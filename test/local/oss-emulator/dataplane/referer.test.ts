import { describe, expect, it } from 'vitest';
import type { RefererConfiguration } from '../../../../shared/oss/models/referer.ts';
import { decideReferer, normalizeReferer, refererChecked, refererMatchMeter, refererPatternMatches } from '../../../../local/oss-emulator/dataplane/referer.ts';
import { useEmulator } from '../../../helpers/emulator.ts';

const emu = useEmulator();

// Tables from the documents:
// - help pages 0003-00000501/502/503 (their example configuration and requests, with the expected outcome);
// - hotlink-protection user guide (spec §3.3): empty Referer → AllowEmptyReferer, else allowed only with an
//   empty whitelist; blacklist first; whitelist match allows; wildcards `*` (zero or more) and `?` (exactly one)
//   with the guide's examples; AllowTruncateQueryString / TruncatePath; only anonymous and presigned requests.
// Rows marked (assumption) follow local/oss-emulator/dataplane/assumptions.ts.

const helpPageConfig: RefererConfiguration = {
  allowEmptyReferer: false,
  refererList: ['http://*.aliyuncs.com'],
  refererBlacklist: ['http://abc.aliyuncs.com'],
};

describe('decideReferer', () => {
  const table: Array<[string, RefererConfiguration, string | undefined, boolean, string]> = [
    ['0003-00000502: blacklisted Referer', helpPageConfig, 'http://abc.aliyuncs.com', false, 'blacklisted'],
    ['0003-00000503: Referer not in the whitelist', helpPageConfig, 'http://test.com', false, 'not-whitelisted'],
    ['0003-00000502/503 fix: whitelisted Referer', helpPageConfig, 'http://test.aliyuncs.com', true, 'whitelisted'],
    ['0003-00000501: empty Referer with AllowEmptyReferer=false', { allowEmptyReferer: false, refererList: ['*.example.com'] }, undefined, false, 'empty-denied'],
    ['0003-00000501: blank Referer header counts as empty', { allowEmptyReferer: false, refererList: ['*.example.com'] }, '', false, 'empty-denied'],
    ['0003-00000501 option 1: Referer matching *.example.com', { allowEmptyReferer: false, refererList: ['*.example.com'] }, 'https://help.example.com', true, 'whitelisted'],
    ['0003-00000501 option 2: AllowEmptyReferer=true', { allowEmptyReferer: true, refererList: ['*.example.com'] }, undefined, true, 'empty-allowed'],
    ['guide: empty Referer, AllowEmptyReferer=false, empty whitelist', { allowEmptyReferer: false, refererList: [] }, undefined, true, 'empty-with-empty-whitelist'],
    ['guide: blacklist wins over a whitelist match', { allowEmptyReferer: true, refererList: ['*'], refererBlacklist: ['https://*.hack.com'] }, 'https://www.hack.com/x', false, 'blacklisted'],
    ['(assumption) empty whitelist allows a non-empty Referer', { allowEmptyReferer: false, refererList: [] }, 'https://any.example.org/', true, 'whitelist-empty'],
    ['OSS default configuration serves any Referer', { allowEmptyReferer: true, allowTruncateQueryString: true, refererList: [] }, 'https://x/', true, 'whitelist-empty'],
  ];
  for (const [name, config, referer, allowed, reason] of table) {
    it(`${allowed ? 'allows' : 'denies'} (${reason}) when ${name}`, () => {
      expect(decideReferer(config, referer)).toEqual({ allowed, reason });
    });
  }
});

describe('refererPatternMatches (wildcards of the user guide)', () => {
  const table: Array<[string, string, boolean]> = [
    ['*.example.com', 'http://www.example.com', true],
    ['*.example.com', 'https://help.example.com', true],
    ['http://www.aliyun?.com', 'http://www.aliyunc.com', true],
    ['http://www.aliyun?.com', 'http://www.aliyun.com', false],
    ['https://www.?.aliyuncs.com', 'https://www.a.aliyuncs.com', true],
    ['http://www.aliyun.com', 'https://www.aliyun.com', false],
    // (assumption: prefix matching, older console docs) `www.aliyun.com` matches these two
    ['www.aliyun.com', 'www.aliyun.com/123', true],
    ['www.aliyun.com', 'www.aliyun.com.cn', true],
    ['www.aliyun.com', 'xwww.aliyun.com', false],
    // (assumption) case-insensitive
    ['http://WWW.Example.com', 'http://www.example.com', true],
  ];
  for (const [pattern, referer, expected] of table) {
    it(`${expected ? 'matches' : 'does not match'} ${referer} against ${pattern}`, () => {
      expect(refererPatternMatches(pattern, referer)).toBe(expected);
    });
  }
});

describe('truncation and which requests are checked', () => {
  it('removes the query string only with AllowTruncateQueryString (default true)', () => {
    expect(normalizeReferer('http://good.com/p?from=evil', {})).toBe('http://good.com/p');
    expect(normalizeReferer('http://good.com/p?from=evil', { allowTruncateQueryString: false })).toBe('http://good.com/p?from=evil');
    const config = (t: boolean): RefererConfiguration => ({ allowEmptyReferer: true, allowTruncateQueryString: t, refererList: [], refererBlacklist: ['*evil*'] });
    expect(decideReferer(config(true), 'http://good.com/p?from=evil').allowed).toBe(true);
    expect(decideReferer(config(false), 'http://good.com/p?from=evil').allowed).toBe(false);
  });

  it('keeps only scheme://host[:port] with TruncatePath', () => {
    expect(normalizeReferer('https://good.com:8443/evil/page?x=1', { truncatePath: true })).toBe('https://good.com:8443');
    const config: RefererConfiguration = { allowEmptyReferer: true, truncatePath: true, refererList: ['https://good.com'], refererBlacklist: ['*evil*'] };
    expect(decideReferer(config, 'https://good.com/evil/page').allowed).toBe(true);
    expect(decideReferer({ ...config, truncatePath: false }, 'https://good.com/evil/page').allowed).toBe(false);
  });

  it('checks anonymous and presigned requests but not header-signed ones', () => {
    expect(refererChecked('anonymous')).toBe(true);
    expect(refererChecked('presigned')).toBe(true);
    expect(refererChecked('header')).toBe(false);
  });
});

describe('matching cost on the data plane', () => {
  it('does decide a request against a 3-star whitelist entry and a 2,000-character Referer within the step bound (was 2.9 s a request)', async () => {
    const entry = 'http*x*x*xy';
    emu().seed.createBucket('hotlink-cost', { acl: 'public-read' });
    emu().seed.putObject('hotlink-cost', 'a.txt', 'served');
    emu().seed.setReferer('hotlink-cost', { allowEmptyReferer: false, refererList: [entry] });
    const url = `${emu().endpoint}/hotlink-cost/a.txt`;
    const referer = `http://${'x'.repeat(1_993)}`;
    refererMatchMeter.steps = 0;
    const denied = await fetch(url, { headers: { referer } });
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('You are denied by bucket referer policy.');
    expect(refererMatchMeter.steps).toBeGreaterThan(referer.length);
    expect(refererMatchMeter.steps).toBeLessThanOrEqual((entry.length + 1) * (referer.length + 2));
    // the same entry still serves a Referer it matches
    expect((await fetch(url, { headers: { referer: `${referer}y` } })).status).toBe(200);
  });
});
