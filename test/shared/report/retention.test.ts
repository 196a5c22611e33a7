import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_RETENTION_DAYS, retentionDaysFrom, sweepReports } from '../../../shared/report/retention.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator();
const DAY = 24 * 3600_000;

describe('sweepReports', () => {
  it('deletes run reports older than the retention, keeps latest.json however old, recent runs, and anything not a run report', async () => {
    const b = 'ret-a';
    emu().seed.createBucket(b);
    const at = (days: number) => ({ lastModified: Date.now() - days * DAY });
    emu().seed.putObject(b, 'r/audit-referer/20240101T000000Z-000001.json', '{}', at(100));
    emu().seed.putObject(b, 'r/audit-referer/20240102T000000Z-000002.json', '{}', at(91));
    emu().seed.putObject(b, 'r/audit-referer/20250101T000000Z-000003.json', '{}', at(89));
    emu().seed.putObject(b, 'r/audit-referer/latest.json', '{}', at(400));
    emu().seed.putObject(b, 'r/audit-referer/notes/old.json', '{}', at(400));
    emu().seed.putObject(b, 'r/audit-referer/readme.txt', 'x', at(400));
    emu().seed.putObject(b, 'r/audit-referer-2/20240101T000000Z-000004.json', '{}', at(400));
    expect(await sweepReports(ossClient(emu()), 'oss://ret-a/r/', 'audit-referer', { days: 90 })).toEqual({ scanned: 6, deleted: 2 });
    const left = ['r/audit-referer/20250101T000000Z-000003.json', 'r/audit-referer/latest.json', 'r/audit-referer/notes/old.json', 'r/audit-referer/readme.txt', 'r/audit-referer-2/20240101T000000Z-000004.json'];
    for (const k of left) expect(await emu().seed.readObject(b, k), k).toBeDefined();
    expect(await emu().seed.readObject(b, 'r/audit-referer/20240101T000000Z-000001.json')).toBeUndefined();
  });

  it('keeps everything with 0 days and deletes at most maxDeletes per sweep', async () => {
    const b = 'ret-b';
    emu().seed.createBucket(b);
    emu().seed.putObjects(b, 25, (i) => `x/fn/2020${String(i).padStart(4, '0')}T000000Z-abcdef.json`, '{}', { lastModified: Date.now() - 1000 * DAY });
    const client = ossClient(emu());
    expect(await sweepReports(client, 'oss://ret-b/x/', 'fn', { days: 0 })).toEqual({ scanned: 0, deleted: 0 });
    expect((await sweepReports(client, 'oss://ret-b/x/', 'fn', { days: 1, maxDeletes: 10 })).deleted).toBe(10);
    expect((await sweepReports(client, 'oss://ret-b/x/', 'fn', { days: 1, maxDeletes: 10 })).deleted).toBe(10);
    expect(await sweepReports(client, 'oss://ret-b/x/', 'fn', { days: 1, maxDeletes: 10 })).toEqual({ scanned: 5, deleted: 5 });
  });

  it('with the whole bucket as the reports location, deletes only keys named as ossedge names its runs (a site\'s old files stay)', async () => {
    const b = 'ret-site';
    emu().seed.createBucket(b);
    const old = { lastModified: Date.now() - 400 * DAY };
    for (const k of ['audit-referer/data.json', 'audit-referer/manifest.json', 'audit-referer/v1.2.json', 'audit-referer/20240101T000000Z-00000g.json', 'audit-referer/20240101T000000Z-0000011.json']) emu().seed.putObject(b, k, '{}', old);
    emu().seed.putObject(b, 'audit-referer/20240101T000000Z-a1b2c3.json', '{}', old);
    expect(await sweepReports(ossClient(emu()), 'oss://ret-site', 'audit-referer', { days: 90 })).toMatchObject({ deleted: 1 });
    expect(await emu().seed.readObject(b, 'audit-referer/20240101T000000Z-a1b2c3.json')).toBeUndefined();
    for (const k of ['audit-referer/data.json', 'audit-referer/manifest.json', 'audit-referer/v1.2.json']) expect(await emu().seed.readObject(b, k), k).toBeDefined();
  });

  it('refuses a function name that is not a plain name (no sweep outside the reports folder)', async () => {
    await expect(sweepReports(ossClient(emu()), 'oss://ret-b/x/', '../x', { days: 1 })).rejects.toThrow(TypeError);
  });
});

describe('retentionDaysFrom (OSSEDGE_REPORT_RETENTION_DAYS)', () => {
  it('takes whole days 0..3650, unset and empty as the default', () => {
    expect([retentionDaysFrom(undefined), retentionDaysFrom(''), retentionDaysFrom(' 30 '), retentionDaysFrom('0'), retentionDaysFrom('3650')]).toEqual([DEFAULT_REPORT_RETENTION_DAYS, 90, 30, 0, 3650]);
  });

  it('refuses anything else instead of guessing', () => {
    for (const bad of ['-1', '1.5', '3651', '1e3', 'ninety', '0x10', '9'.repeat(400)]) expect(() => retentionDaysFrom(bad), bad).toThrow(RangeError);
    expect(() => retentionDaysFrom('9'.repeat(400))).toThrow(/not "9{20}"/);
  });
});
