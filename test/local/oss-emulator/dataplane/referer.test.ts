import { describe, expect, it } from 'vitest';
import type { RefererConfiguration } from '../../../../shared/oss/models/referer.ts';
import { matchCostBound } from '../../../../shared/referer/index.ts';
import { refererDenial, refererMatchMeter } from '../../../../local/oss-emulator/dataplane/referer.ts';
import { useEmulator } from '../../../helpers/emulator.ts';

const emu = useEmulator();

// What the decision is comes from shared/referer (tested against the document table in
// test/shared/referer/match.test.ts); here: how the emulator answers it and what a request costs.

describe('refererDenial', () => {
  // the example configuration of the 0003-00000502/503 help pages, and the EC each page names
  const config: RefererConfiguration = { allowEmptyReferer: false, refererList: ['http://*.aliyuncs.com'], refererBlacklist: ['http://abc.aliyuncs.com'] };

  it('does answer each denial with 403 AccessDenied, the referer-policy message and the EC of its help page', () => {
    for (const [referer, ec] of [[undefined, '0003-00000501'], ['http://abc.aliyuncs.com', '0003-00000502'], ['http://test.com', '0003-00000503']] as const) {
      expect(refererDenial(config, referer), String(referer)).toMatchObject({ status: 403, code: 'AccessDenied', message: 'You are denied by bucket referer policy.', ec });
    }
  });

  it('does let an allowed Referer through', () => {
    expect(refererDenial(config, 'http://test.aliyuncs.com')).toBeUndefined();
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
    // the match ran over the whole Referer, and no further than shared/referer's bound for one entry
    expect(refererMatchMeter.steps).toBeGreaterThan(referer.length);
    expect(refererMatchMeter.steps).toBeLessThanOrEqual(matchCostBound(entry, referer));
    // the same entry still serves a Referer it matches
    expect((await fetch(url, { headers: { referer: `${referer}y` } })).status).toBe(200);
  });
});
