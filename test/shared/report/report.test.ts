import { describe, expect, it } from 'vitest';
import { createReport, parseOssLocation, readLatestReport, storeReport } from '../../../shared/report/index.ts';
import { useEmulatorBucket } from '../../helpers/emulator.ts';

describe('createReport', () => {
  it('derives summary counts and ok from items and errors', () => {
    let t = Date.UTC(2026, 0, 2, 3, 4, 5);
    const b = createReport({ function: 'audit-referer', now: () => new Date((t += 1000)), secrets: ['s3cr3t-value'] });
    b.add({ bucket: 'a', code: 'NO_REFERER_RULES', severity: 'high', message: 'no rules' })
      .add({ bucket: 'a', code: 'CHECK', status: 'ok', message: 'fine' })
      .count('bucketsScanned', 2);
    const ok = b.finish();
    expect(ok).toMatchObject({ function: 'audit-referer', ok: true, startedAt: '2026-01-02T03:04:06.000Z', summary: { items: 2, ok: 1, warn: 0, fail: 0, errors: 0, high: 1, bucketsScanned: 2 } });
    expect(ok.runId).toMatch(/^20260102T030406Z-[0-9a-f]{6}$/);
    b.error(Object.assign(new Error('auth failed for s3cr3t-value'), { code: 'ACCESS_DENIED' }), 'a');
    const failed = b.finish();
    expect(failed.ok).toBe(false);
    expect(failed.errors).toEqual([{ code: 'ACCESS_DENIED', message: 'auth failed for ***', bucket: 'a' }]);
  });

  it('is not ok when an item fails and refuses codes that are not UPPER_SNAKE', () => {
    const b = createReport({ function: 'validate-mirror-origin' });
    b.add({ bucket: 'a', code: 'ORIGIN_TLS', status: 'fail', message: 'expired' });
    expect(b.finish().ok).toBe(false);
    expect(() => b.add({ bucket: 'a', code: 'bad-code', message: 'x' })).toThrow(/UPPER_SNAKE/);
  });

  it('parses oss:// locations and refuses others', () => {
    expect(parseOssLocation('oss://reports-bucket/ossedge/')).toEqual({ bucket: 'reports-bucket', key: 'ossedge/' });
    expect(() => parseOssLocation('s3://x/y')).toThrow(/oss:\/\//);
  });
});

describe('storeReport', () => {
  const { emu, client } = useEmulatorBucket('reports');

  it('writes <function>/<runId>.json and <function>/latest.json under the reports location', async () => {
    const report = createReport({ function: 'apply-config', runId: 'run-1' }).add({ bucket: 'b', code: 'APPLIED', status: 'ok', message: 'ok' }).finish();
    const keys = await storeReport(client(), 'oss://reports/ossedge', report);
    expect(keys).toEqual({ bucket: 'reports', runKey: 'ossedge/apply-config/run-1.json', latestKey: 'ossedge/apply-config/latest.json' });
    const stored = await emu().seed.readObject('reports', 'ossedge/apply-config/run-1.json');
    expect(JSON.parse(stored!.toString())).toEqual(report);
    expect(await readLatestReport(client(), 'oss://reports/ossedge/', 'apply-config')).toEqual(report);
    expect(await readLatestReport(client(), 'oss://reports/ossedge/', 'audit-referer')).toBeUndefined();
  });
});
