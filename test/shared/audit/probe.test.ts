import { describe, expect, it } from 'vitest';
import { probeBucket, runAudit } from '../../../shared/audit/index.ts';
import { createReport } from '../../../shared/report/model.ts';
import type { RefererConfiguration } from '../../../shared/oss/models/referer.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

// The data plane reads enforceReferer per request from this object: flipping it turns enforcement off.
const dataPlaneOptions: { enforceReferer: boolean } = { enforceReferer: true };
const emu = useEmulator({ dataPlaneOptions });

const REFERER: RefererConfiguration = {
  allowEmptyReferer: false, refererList: ['https://www.example.com/*'], refererBlacklist: ['https://bad.example.com/*'],
};

describe('audit-referer live probe', () => {
  it('does find no mismatch when OSS enforces what the configuration says', async () => {
    dataPlaneOptions.enforceReferer = true;
    emu().seed.createBucket('probe-ok', { referer: REFERER });
    emu().seed.putObject('probe-ok', 'img/logo.png', 'png-bytes');
    const { findings, results } = await probeBucket(ossClient(emu()), 'probe-ok', REFERER, { timeoutMs: 5000 });
    expect(findings).toEqual([]);
    expect(results.map((r) => [r.case, r.expected, r.actual])).toEqual([
      ['no-referer', false, false], ['allowed', true, true], ['blocked', false, false], ['blacklisted', false, false],
    ]);
    expect(results.find((r) => r.case === 'blocked')).toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('does report REFERER_ENFORCEMENT_MISMATCH when the bucket serves Referers its configuration denies', async () => {
    emu().seed.createBucket('probe-off', { referer: REFERER });
    emu().seed.putObject('probe-off', 'a.txt', 'hello');
    dataPlaneOptions.enforceReferer = false;
    try {
      const report = createReport({ function: 'audit-referer' });
      const result = await runAudit({ client: ossClient(emu()), explicitEndpoint: true, buckets: ['probe-off'], probe: true, probeTimeoutMs: 5000 }, report);
      const mismatches = result.findings.filter((f) => f.code === 'REFERER_ENFORCEMENT_MISMATCH');
      expect(mismatches.map((f) => [f.target, f.severity])).toEqual([['no-referer', 'high'], ['blocked', 'high'], ['blacklisted', 'high']]);
      expect(mismatches[1]!.message).toContain('the configuration says denied, OSS served');
      expect(result.probes['probe-off']).toHaveLength(4);
      expect(report.finish().summary.probed).toBe(1);
    } finally {
      dataPlaneOptions.enforceReferer = true;
    }
  });

  it('does probe a bucket whose blacklist entry would make a backtracking matcher run for minutes', async () => {
    // Old matcher: the allowed example (421 characters of x) against `*x*x*x*xy` took 11.7 s per decision,
    // and the probe decides each case (and the emulator matched it again per request).
    const ref: RefererConfiguration = { allowEmptyReferer: false, refererList: [`https://${'x'.repeat(413)}`], refererBlacklist: ['*x*x*x*xy'] };
    emu().seed.createBucket('probe-pathological', { referer: ref });
    emu().seed.putObject('probe-pathological', 'a.txt', 'hello');
    const { findings, results } = await probeBucket(ossClient(emu()), 'probe-pathological', ref, { timeoutMs: 5000 });
    expect(findings).toEqual([]);
    expect(results.map((r) => [r.case, r.expected, r.actual])).toEqual([
      ['no-referer', false, false], ['allowed', true, true], ['blocked', false, false], ['blacklisted', false, false],
    ]);
  });

  it('does skip the probe with an info finding when the bucket has no object', async () => {
    emu().seed.createBucket('probe-empty', { referer: REFERER });
    const { findings } = await probeBucket(ossClient(emu()), 'probe-empty', REFERER);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['REFERER_PROBE_SKIPPED', 'info']]);
  });
});
