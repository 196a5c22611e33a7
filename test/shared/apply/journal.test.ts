import { beforeAll, describe, expect, it } from 'vitest';
import { createJournal, runReportWriter } from '../../../shared/apply/index.ts';
import type { SectionOutcome } from '../../../shared/apply/types.ts';
import { readJson } from '../../../shared/state/oss-json.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });
const REPORTS = 'j-reports';

const section = (before: unknown): SectionOutcome => ({
  section: 'referer', action: 'update', applied: false, changes: [], text: ['refererList: +a.example.com'], warnings: [],
  before, after: { allowEmptyReferer: false, refererList: ['a.example.com'] },
});

function journal(runId: string) {
  return createJournal({ runId, mode: 'apply', startedAt: new Date('2026-12-06T10:00:00Z'), store: runReportWriter(ossClient(emu()), `oss://${REPORTS}/r/`) });
}

describe('the before-state journal', () => {
  beforeAll(() => {
    emu().seed.createBucket(REPORTS);
  });

  it('resolves each record only once a stored report holds it, sharing stores between buckets that record together', async () => {
    const record = journal('20261206T100000Z-000001');
    const key = 'r/apply-config/20261206T100000Z-000001.json';
    emu().faults.set({ op: 'PutObject', bucket: REPORTS, latencyMs: 150 });
    emu().resetLog();
    try {
      const buckets = Array.from({ length: 20 }, (_, i) => `b${String(i).padStart(2, '0')}`);
      await Promise.all(buckets.map(async (b, i) => {
        await new Promise((r) => setTimeout(r, i * 10));
        await record(b, [section({ allowEmptyReferer: true, index: i })]);
        // what this bucket is about to write is already in OSS
        const stored = await readJson<any>(ossClient(emu()), REPORTS, key);
        expect(stored.items.map((x: any) => x.bucket)).toContain(b);
      }));
      const stores = emu().requestLog().filter((e) => e.op === 'PutObject' && e.key === key);
      expect(stores.length).toBeLessThan(buckets.length / 2);
      const last = await readJson<any>(ossClient(emu()), REPORTS, key);
      expect(last.items).toHaveLength(20);
      expect(last.items[3]).toMatchObject({ bucket: 'b03', code: 'SECTION_WRITING', data: { writing: true, before: { allowEmptyReferer: true, index: 3 } } });
    } finally {
      emu().faults.clear();
    }
  });

  it('fails the record with BEFORE_STATE_NOT_STORED when the report cannot be stored, and stores again for the next record', async () => {
    const record = journal('20261206T100000Z-000002');
    emu().faults.set({ op: 'PutObject', bucket: REPORTS, failNext: 1, error: 'SlowDown' });
    try {
      await expect(record('first', [section(null)])).rejects.toMatchObject({ code: 'BEFORE_STATE_NOT_STORED', message: expect.stringContaining('first: nothing written') });
      await expect(record('second', [section(null)])).resolves.toBeUndefined();
      const stored = await readJson<any>(ossClient(emu()), REPORTS, 'r/apply-config/20261206T100000Z-000002.json');
      expect(stored.items.map((x: any) => x.bucket)).toEqual(['first', 'second']);
    } finally {
      emu().faults.clear();
    }
  });
});
