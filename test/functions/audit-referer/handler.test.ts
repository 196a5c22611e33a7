import { describe, expect, it } from 'vitest';
import { createAuditRefererHandler, type AuditRefererOptions } from '../../../functions/audit-referer/handler.ts';
import { AUDIT_MATCH_STEP_LIMIT } from '../../../shared/audit/findings.ts';
import { verifyOssedgeSignature } from '../../../shared/hash/webhook-signature.ts';
import { dingTalkSign } from '../../../shared/report/notify.ts';
import { getObject } from '../../../shared/oss/ops/object.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { reply, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.ts';

const emu = useEmulator();
const NOTIFY_SECRET = 'notify-secret-for-tests';

function handlerWith(reports: string, extra: Partial<AuditRefererOptions> = {}) {
  const e = emu();
  const h = createAuditRefererHandler({
    connection: { endpoint: e.endpoint, region: e.region },
    fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
    reportsLocation: reports, write: () => undefined, ...extra,
  });
  return (payload: unknown) => h(Buffer.from(JSON.stringify(payload)), { requestId: `t-${Math.random().toString(16).slice(2)}`, region: e.region, function: { name: 'audit-referer', timeout: 60 } }) as Promise<any>;
}

async function text(bucket: string, key: string): Promise<string> {
  const res = await getObject(ossClient(emu()), { bucket, key });
  if (res.notModified) throw new Error('304');
  const chunks: Buffer[] = [];
  for await (const c of res.body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function withReceiver<T>(fn: (r: LoopbackServer) => Promise<T>): Promise<T> {
  const r = await startLoopbackServer(reply(200, '{"errcode":0}', { 'content-type': 'application/json' }));
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

describe('audit-referer handler', () => {
  it('does store the run, latest.json and the dashboard, and notify only new high findings with a verified signature', async () => {
    emu().seed.createBucket('h-reports');
    emu().seed.createBucket('h-open-1', { acl: 'public-read' });
    await withReceiver(async (receiver) => {
      const run = handlerWith('oss://h-reports/reports/', { notify: { url: `${receiver.url}/hook`, kind: 'json', secret: NOTIFY_SECRET } });
      const buckets = ['h-open-1', 'h-open-2', 'h-reports'];
      const first = await run({ bucket: ['h-open-1', 'h-reports'] });
      expect(first.function).toBe('audit-referer');
      expect(first.summary.newHighFindings).toBe(1);
      expect(receiver.requests).toHaveLength(1);
      const sent = receiver.requests[0]!;
      expect(verifyOssedgeSignature(sent.body, String(sent.headers['x-ossedge-signature']), NOTIFY_SECRET, Math.floor(Date.now() / 1000))).toBe('ok');
      expect(verifyOssedgeSignature(sent.body, String(sent.headers['x-ossedge-signature']), 'wrong-secret', Math.floor(Date.now() / 1000))).not.toBe('ok');
      const payload = JSON.parse(sent.body.toString('utf8'));
      expect(payload.findings.map((f: any) => [f.bucket, f.code])).toEqual([['h-open-1', 'REFERER_UNPROTECTED']]);

      // same exposure again: nothing new, no notification
      const second = await run({ bucket: ['h-open-1', 'h-reports'] });
      expect(second.summary.newHighFindings).toBe(0);
      expect(receiver.requests).toHaveLength(1);

      // a new exposed bucket: only its finding is sent
      emu().seed.createBucket('h-open-2', { acl: 'public-read' });
      await run({ bucket: buckets });
      expect(receiver.requests).toHaveLength(2);
      expect(JSON.parse(receiver.requests[1]!.body.toString('utf8')).findings.map((f: any) => f.bucket)).toEqual(['h-open-2']);

      const latest = JSON.parse(await text('h-reports', 'reports/audit-referer/latest.json'));
      expect(JSON.parse(await text('h-reports', `reports/audit-referer/${first.runId}.json`)).runId).toBe(first.runId);
      expect(latest.items.filter((i: any) => i.severity === 'high').map((i: any) => i.bucket).sort()).toEqual(['h-open-1', 'h-open-2']);
      const page = await text('h-reports', 'reports/dashboard/index.html');
      expect(page).toContain('h-open-2');
      expect(page).toContain('REFERER_UNPROTECTED');
    });
  });

  it('does sign DingTalk notifications with timestamp and sign as the robot expects', async () => {
    emu().seed.createBucket('d-reports');
    emu().seed.createBucket('d-open', { acl: 'public-read-write' });
    await withReceiver(async (receiver) => {
      const run = handlerWith('oss://d-reports/r/', { notify: { url: `${receiver.url}/robot/send?access_token=tok123`, kind: 'dingtalk', secret: NOTIFY_SECRET } });
      const report = await run({ bucket: ['d-open'] });
      expect(report.items.find((i: any) => i.code === 'REFERER_UNPROTECTED')?.severity).toBe('critical');
      expect(receiver.requests).toHaveLength(1);
      const url = new URL(receiver.requests[0]!.url, receiver.url);
      expect(url.searchParams.get('access_token')).toBe('tok123');
      const ts = Number(url.searchParams.get('timestamp'));
      expect(Math.abs(ts - Date.now())).toBeLessThan(60_000);
      expect(url.searchParams.get('sign')).toBe(dingTalkSign(ts, NOTIFY_SECRET));
      const body = JSON.parse(receiver.requests[0]!.body.toString('utf8'));
      expect(body.msgtype).toBe('markdown');
      expect(body.markdown.text).toContain('d-open');
      expect(JSON.stringify(report)).not.toContain(NOTIFY_SECRET);
      expect(JSON.stringify(report)).not.toContain('tok123');
    });
  });

  it('does record a failed notification as a report error without losing the report', async () => {
    emu().seed.createBucket('f-reports');
    emu().seed.createBucket('f-open', { acl: 'public-read' });
    const receiver = await startLoopbackServer(reply(500, 'no'));
    try {
      const run = handlerWith('oss://f-reports/r/', { notify: { url: `${receiver.url}/hook`, kind: 'slack' } });
      const report = await run({ bucket: ['f-open'] });
      expect(report.errors.map((e: any) => e.code)).toEqual(['NOTIFY_FAILED']);
      expect(report.ok).toBe(false);
      expect(JSON.parse(receiver.requests[0]!.body.toString('utf8')).text).toContain('f-open');
      expect(JSON.parse(await text('f-reports', 'r/audit-referer/latest.json')).runId).toBe(report.runId);
    } finally {
      await receiver.close();
    }
  });

  it('does finish a bucket whose Referer lists fill the 1 MiB a GetBucketReferer answer may hold, saying which checks it cut short', async () => {
    // 120 + 120 entries of 4,000 characters, none with a path: every pair and every look-alike check would
    // match thousands of states over thousands of characters (about 10^10 steps; minutes before the bound)
    const entry = (tag: string, i: number) => `https://${tag}${i}.example.com${'*a'.repeat(1995)}`;
    const refererList = Array.from({ length: 120 }, (_, i) => entry('w', i));
    const refererBlacklist = Array.from({ length: 120 }, (_, i) => entry('k', i));
    emu().seed.createBucket('huge-lists', { referer: { allowEmptyReferer: false, refererList, refererBlacklist } });
    const report = await handlerWith('oss://h-reports/reports/')({ bucket: 'huge-lists' });
    const incomplete = report.items.filter((i: any) => i.code === 'REFERER_CHECKS_INCOMPLETE');
    expect(incomplete).toHaveLength(1);
    expect(incomplete[0]).toMatchObject({ bucket: 'huge-lists', severity: 'low', data: { limit: AUDIT_MATCH_STEP_LIMIT } });
    expect(incomplete[0].data.steps).toBeLessThanOrEqual(AUDIT_MATCH_STEP_LIMIT);
  }, 60_000);

  it('does refuse a bad failOn with a 400-style error and no audit', async () => {
    const run = handlerWith('oss://h-reports/reports/');
    const out = await run({ failOn: 'severe' });
    expect(out.error?.code).toBe('BAD_FAIL_ON');
  });
});

describe('audit-referer triggers', () => {
  function raw(reports: string, extra: Partial<AuditRefererOptions> = {}) {
    const e = emu();
    const h = createAuditRefererHandler({
      connection: { endpoint: e.endpoint, region: e.region },
      fallbackCredentials: { getCredentials: async () => ({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret }) },
      reportsLocation: reports, write: () => undefined, ...extra,
    });
    return (event: unknown) => h(Buffer.from(JSON.stringify(event)), { requestId: `t-${Math.random().toString(16).slice(2)}`, region: e.region, function: { name: 'audit-referer', timeout: 60 } }) as Promise<any>;
  }
  const http = (method: string, body = '') => ({
    version: 'v1', rawPath: '/', body, isBase64Encoded: false, headers: { 'Content-Type': 'application/json' }, queryParameters: {},
    requestContext: { http: { method, path: '/' } },
  });

  it('does answer GET with the latest report and run an audit on POST', async () => {
    emu().seed.createBucket('t-reports');
    emu().seed.createBucket('t-open', { acl: 'public-read' });
    const run = raw('oss://t-reports/r/');
    expect((await run(http('GET'))).statusCode).toBe(404);
    const posted = await run(http('POST', JSON.stringify({ bucket: ['t-open'] })));
    expect(posted.statusCode).toBe(200);
    const report = JSON.parse(posted.body);
    expect(report.items.map((i: any) => i.code)).toEqual(['BUCKET_INVENTORY', 'REFERER_UNPROTECTED']);
    const got = await run(http('GET'));
    expect(got.statusCode).toBe(200);
    expect(JSON.parse(got.body).runId).toBe(report.runId);
    expect((await run(http('POST', '{nope'))).statusCode).toBe(400);
    expect((await run(http('DELETE'))).statusCode).toBe(405);
  });

  it('does probe on timer runs when probeOnTimer is set', async () => {
    emu().seed.createBucket('tt-reports');
    emu().seed.createBucket('tt-site', { referer: { allowEmptyReferer: false, refererList: ['https://www.example.com/*'] } });
    emu().seed.putObject('tt-site', 'a.css', 'body{}');
    const run = raw('oss://tt-reports/r/', { probeOnTimer: true });
    const report = await run({ triggerTime: new Date().toISOString(), triggerName: 'daily', payload: JSON.stringify({ source: 'timer', bucket: ['tt-site'] }) });
    expect(report.summary.probed).toBe(1);
    expect(report.items.find((i: any) => i.code === 'BUCKET_INVENTORY').data.probe.map((p: any) => p.case)).toEqual(['no-referer', 'allowed', 'blocked']);
    expect(report.items.filter((i: any) => i.severity)).toEqual([]);
  });
});
