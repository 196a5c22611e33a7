// New problems of every function are notified once, to a loopback receiver: a drift correction that fails
// (apply-config's FC handler against the emulator with PutBucketReferer failing) and a refresh with failures.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { verifyOssedgeSignature } from '../../../shared/hash/webhook-signature.ts';
import { storeReportAndDashboard } from '../../../shared/report/html-publish.ts';
import { readLatestReport } from '../../../shared/report/store.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { reportAt } from './fixtures.ts';

const emu = useEmulator({ dataPlane: false });
const REPORTS = 'oss://n-reports/r/';
const SECRET = 'notify-hmac-secret';
const CONFIG = "version: 1\nbuckets:\n  n-site:\n    referer:\n      allowEmptyReferer: false\n      refererList: ['https://www.example.com/*']\n";
const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  for (const b of ['n-reports', 'n-site']) emu().seed.createBucket(b);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

function applyHandler() {
  const e = emu();
  const h = createApplyConfigHandler({
    env: {}, reportsLocation: REPORTS, connection: { endpoint: e.endpoint, region: e.region, internal: false },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    backoffMs: 1, maxAttempts: 2, write: () => undefined, notify: { url, secret: SECRET },
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `n-${Math.random().toString(16).slice(2)}`, region: e.region, function: { name: 'apply-config', timeout: 60 } }) as Promise<{ ok: boolean; runId: string }>;
}

describe('notifications of new problems', () => {
  it('does notify a drift correction that failed once, and not the same failure again', async () => {
    emu().faults.set({ op: 'PutBucketReferer', bucket: 'n-site', errorRate: 1 });
    try {
      received.length = 0;
      const first = await applyHandler()({ command: 'drift', driftAction: 'correct', configText: CONFIG });
      expect(first.ok).toBe(false);
      expect(received).toHaveLength(1);
      const body = JSON.parse(received[0]!.body);
      expect(body).toMatchObject({ event: 'ossedge.new-problems', function: 'apply-config', runId: first.runId, count: 1 });
      expect(body.problems[0]).toMatchObject({ bucket: 'n-site', code: 'BUCKET_FAILED', status: 'fail' });
      expect(verifyOssedgeSignature(Buffer.from(received[0]!.body), String(received[0]!.headers['x-ossedge-signature']), SECRET, Math.floor(Date.now() / 1000))).toBe('ok');
      const second = await applyHandler()({ command: 'drift', driftAction: 'correct', configText: CONFIG });
      expect(second.ok).toBe(false);
      expect(received).toHaveLength(1);
      expect((await readLatestReport(ossClient(emu()), REPORTS, 'apply-config'))?.runId).toBe(second.runId);
    } finally {
      emu().faults.clear();
    }
  });

  it('does notify a refresh run with failures once, a new failure again, and never a plan', async () => {
    received.length = 0;
    const client = ossClient(emu());
    const target = { url, secret: SECRET };
    const failing = (at: string, key: string) => reportAt('refresh-stale-objects', at, [{ bucket: 'n-site', target: key, code: 'REFRESH_FAILED', status: 'fail', message: 'MD5 mismatch' }]);
    await storeReportAndDashboard(client, REPORTS, failing('2026-03-01T10:00:00.000Z', 'a.js'), { notify: target });
    await storeReportAndDashboard(client, REPORTS, failing('2026-03-01T11:00:00.000Z', 'a.js'), { notify: target });
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body).problems[0]).toMatchObject({ code: 'REFRESH_FAILED', target: 'a.js' });
    await storeReportAndDashboard(client, REPORTS, failing('2026-03-01T12:00:00.000Z', 'b.js'), { notify: target });
    expect(received).toHaveLength(2);
    const plan = reportAt('apply-config', '2026-03-01T12:00:00.000Z', [{ bucket: 'n-site', target: 'website.routingRules[0]', code: 'PREFLIGHT_RESULT', status: 'fail', message: 'ORIGIN_UNREACHABLE' }], { mode: 'plan' });
    await storeReportAndDashboard(client, REPORTS, plan, { notify: target });
    expect(received).toHaveLength(2);
  });
});
