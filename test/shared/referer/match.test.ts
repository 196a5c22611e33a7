import { describe, expect, it } from 'vitest';
import { REFERER_ROWS } from '../../../local/oss-emulator/dataplane/decisions/referer-rows.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import { decideReferer, exampleReferer, normalizeReferer, refererPatternMatches, type RefererReason, type StepMeter } from '../../../shared/referer/index.ts';
import { CHOICE_IDS, REFERER_DOCUMENT_ROWS } from './document-rows.ts';

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

  describe('against the document table (test/shared/referer/document-rows.ts)', () => {
    for (const r of REFERER_DOCUMENT_ROWS) {
      it(`does ${r.allowed ? 'allow' : 'deny'} (${r.reason}) as ${r.id} says`, () => {
        expect(decideReferer(r.config, r.referer)).toMatchObject({ allowed: r.allowed, reason: r.reason });
      });
    }

    it('does rest every row on a quoted document or on a named choice, and reach every reason', () => {
      for (const r of REFERER_DOCUMENT_ROWS) {
        expect(r.sources.length > 0 || (r.choice !== undefined && CHOICE_IDS.has(r.choice)), r.id).toBe(true);
        for (const s of r.sources) expect(s.quote.length, `${r.id} ${s.doc}`).toBeGreaterThan(20);
      }
      expect(new Set(REFERER_DOCUMENT_ROWS.map((r) => r.id)).size).toBe(REFERER_DOCUMENT_ROWS.length);
      const reasons: RefererReason[] = ['blacklisted', 'empty-allowed', 'empty-denied', 'empty-with-empty-whitelist', 'not-whitelisted', 'whitelist-empty', 'whitelisted'];
      expect([...new Set(REFERER_DOCUMENT_ROWS.map((r) => r.reason))].sort()).toEqual(reasons);
    });
  });

  describe("against the emulator's decision rows (the ones npm run conformance drives through real OSS)", () => {
    // The help pages name one EC per denial: 501 empty, 502 blacklisted, 503 not whitelisted.
    const REASON_OF_EC: Record<string, RefererReason> = { '0003-00000501': 'empty-denied', '0003-00000502': 'blacklisted', '0003-00000503': 'not-whitelisted' };
    const cases = REFERER_ROWS.flatMap((row) => row.bucket.referer === undefined ? [] : row.steps.flatMap((step) => {
      // only anonymous and presigned requests are Referer-checked (spec §3.3); a signed step says nothing of the matcher
      if (step.kind !== 'object' || step.auth === 'signed') return [];
      const config: RefererConfiguration = { allowEmptyReferer: row.bucket.referer!.allowEmpty, refererList: row.bucket.referer!.referers };
      return [{ id: `${row.id} ${step.method} ${step.referer ?? '(no Referer)'}`, config, referer: step.referer, expect: step.expect }];
    }));

    it('does find Referer-checked steps in the rows', () => {
      expect(cases.length).toBeGreaterThanOrEqual(5);
    });

    for (const c of cases) {
      it(`does decide as ${c.id} expects (HTTP ${c.expect.status}${c.expect.ec ? `, EC ${c.expect.ec}` : ''})`, () => {
        const decision = decideReferer(c.config, c.referer);
        if (c.expect.status === 403) expect(decision).toMatchObject({ allowed: false, reason: REASON_OF_EC[c.expect.ec ?? '0003-00000503'] });
        else expect(decision.allowed).toBe(true);
      });
    }
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
