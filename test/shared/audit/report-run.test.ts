import { describe, expect, it } from 'vitest';
import { auditRun } from '../../../shared/audit/report-run.ts';
import { storeReport } from '../../../shared/report/store.ts';
import { reply, startLoopbackServer } from '../../helpers/loopback-server.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator();

describe('auditRun', () => {
  it('counts and notifies only the high findings the previous stored run did not have, and stores nothing itself', async () => {
    emu().seed.createBucket('ar-reports');
    emu().seed.createBucket('ar-open', { acl: 'public-read' });
    const client = ossClient(emu());
    const receiver = await startLoopbackServer(reply(200, '{}', { 'content-type': 'application/json' }));
    try {
      const options = { client, explicitEndpoint: true, buckets: ['ar-open'], probe: false, reportsLocation: 'oss://ar-reports/r/', notify: { url: `${receiver.url}/hook`, kind: 'json' as const }, secrets: [] };
      const first = await auditRun(options);
      expect(first.summary).toMatchObject({ newHighFindings: 1, notified: 1 });
      expect(receiver.requests).toHaveLength(1);
      expect(await emu().seed.readObject('ar-reports', `r/audit-referer/${first.runId}.json`)).toBeUndefined();
      await storeReport(client, 'oss://ar-reports/r/', first);
      const second = await auditRun(options);
      expect(second.summary.newHighFindings).toBe(0);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('without a reports location reads no previous run and counts nothing new', async () => {
    emu().seed.createBucket('ar-open-2', { acl: 'public-read' });
    const report = await auditRun({ client: ossClient(emu()), explicitEndpoint: true, buckets: ['ar-open-2'], probe: false, secrets: [] });
    expect(report.items.map((i) => i.code)).toContain('REFERER_UNPROTECTED');
    expect(report.summary.newHighFindings).toBeUndefined();
  });
});
