import { describe, expect, it } from 'vitest';
import { loadConfigOrThrow } from '../../../shared/config/index.ts';
import { runAudit, INVENTORY_CODE } from '../../../shared/audit/index.ts';
import { FINDINGS } from '../../../shared/audit/codes.ts';
import { createReport } from '../../../shared/report/model.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { FIXTURE_BUCKETS, FIXTURE_CONFIG } from './fixtures.ts';

const emu = useEmulator();

describe('audit-referer findings against the emulator', () => {
  it('does report exactly the expected findings when each bucket triggers one code', async () => {
    for (const f of FIXTURE_BUCKETS) f.seed(emu(), f.name);
    const report = createReport({ function: 'audit-referer' });
    const result = await runAudit({ client: ossClient(emu()), explicitEndpoint: true, config: (await loadConfigOrThrow(FIXTURE_CONFIG)).config }, report);
    const done = report.finish();
    expect(done.errors).toEqual([]);
    expect(result.buckets.map((b) => b.name).sort()).toEqual(FIXTURE_BUCKETS.map((f) => f.name).sort());
    for (const f of FIXTURE_BUCKETS) {
      const got = done.items.filter((i) => i.bucket === f.name && i.code !== INVENTORY_CODE)
        .map((i) => [i.code, i.severity, ...(i.target !== undefined && f.expect.find((e) => e[0] === i.code)?.[2] !== undefined ? [i.target] : [])]);
      expect({ bucket: f.name, findings: got }).toEqual({ bucket: f.name, findings: f.expect });
      expect(done.items.filter((i) => i.bucket === f.name && i.code === INVENTORY_CODE)).toHaveLength(1);
    }
    // every finding code except the probe's is exercised by a fixture bucket
    const probeCodes = ['REFERER_ENFORCEMENT_MISMATCH', 'REFERER_PROBE_SKIPPED'];
    const covered = new Set(FIXTURE_BUCKETS.flatMap((f) => f.expect.map((e) => e[0])));
    expect(Object.keys(FINDINGS).filter((c) => !probeCodes.includes(c) && !covered.has(c))).toEqual([]);
    expect(done.summary.buckets).toBe(FIXTURE_BUCKETS.length);
    expect(done.summary.high).toBe(4);
    expect(done.items.find((i) => i.code === 'REFERER_DRIFT')?.message).toMatch(/old\.example\.com|www\.example\.com/);
  });

  it('does finish a bucket whose lists would make a backtracking matcher run for minutes', async () => {
    // Old matcher: `^https://.*x.*x.*x.*xy` against the blacklist entry's 421 x-filled characters took 11.7 s
    // per comparison and the list checks make several; linear matching makes it milliseconds.
    const white = 'https://*x*x*x*xy';
    const black = `https://${'x'.repeat(413)}`;
    emu().seed.createBucket('pathological', { acl: 'public-read' });
    emu().seed.setReferer('pathological', { allowEmptyReferer: false, refererList: [white], refererBlacklist: [black] });
    const report = createReport({ function: 'audit-referer' });
    const result = await runAudit({ client: ossClient(emu()), explicitEndpoint: true, buckets: ['pathological'] }, report);
    expect(report.finish().errors).toEqual([]);
    expect(result.findings.map((f) => [f.code, f.target])).toEqual([['REFERER_LOOKALIKE_HOST', white]]);
  });

  it('does audit only the named buckets when buckets are given', async () => {
    emu().seed.createBucket('named-one', { acl: 'public-read' });
    const report = createReport({ function: 'audit-referer' });
    const result = await runAudit({ client: ossClient(emu()), explicitEndpoint: true, buckets: ['named-one'] }, report);
    expect(result.buckets.map((b) => b.name)).toEqual(['named-one']);
    expect(result.findings.map((f) => f.code)).toEqual(['REFERER_UNPROTECTED']);
  });
});
