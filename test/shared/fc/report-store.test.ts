import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../shared/fc/errors.ts';
import { createFcHandler } from '../../../shared/fc/handler.ts';
import { reportStore, type ReportStoreOptions } from '../../../shared/fc/report-store.ts';
import { createReport } from '../../../shared/report/model.ts';
import { ossClient, useEmulator } from '../../helpers/emulator.ts';
import { fcContext, httpEvent, toBuffer } from './fixtures.ts';

const emu = useEmulator();
const DAY = 24 * 3600_000;

/** A function that leaves a report (refusing after it when `refuse`), behind reportStore. */
function fn(options: Partial<ReportStoreOptions>, lines: string[] = []) {
  const h = createFcHandler(async (input, ctx) => {
    const b = createReport({ function: 'validate-mirror-origin' });
    b.add({ bucket: 'b1', code: 'RULE_OK', status: 'ok', message: 'fine' });
    ctx.ossedge.report = b.finish();
    if ((input as { payload?: { refuse?: boolean } }).payload?.refuse) throw new BadRequestError('refused', { code: 'CONFIG_INVALID' });
    return input.kind === 'http' ? { statusCode: 200, body: ctx.ossedge.report } : ctx.ossedge.report;
  }, { functionName: 'validate-mirror-origin', write: (l) => lines.push(l), use: [reportStore({ client: () => ossClient(emu()), ...options })] });
  return (event: unknown) => h(toBuffer(event), fcContext({ credentials: undefined })) as Promise<any>;
}
const logged = (lines: string[], msg: string) => lines.map((l) => JSON.parse(l)).filter((l) => l.msg === msg);

describe('reportStore()', () => {
  it('stores the run and latest.json and publishes the dashboard', async () => {
    emu().seed.createBucket('rs-reports');
    const report = await fn({ reportsLocation: 'oss://rs-reports/r/' })({});
    const run = await emu().seed.readObject('rs-reports', `r/validate-mirror-origin/${report.runId}.json`);
    expect(JSON.parse(run!.toString()).runId).toBe(report.runId);
    expect(await emu().seed.readObject('rs-reports', 'r/validate-mirror-origin/latest.json')).toBeDefined();
    expect((await emu().seed.readObject('rs-reports', 'r/dashboard/index.html'))!.toString()).toContain(report.runId);
  });

  it('fails the run when the report cannot be stored: an async invocation throws (FC retries), HTTP answers 500', async () => {
    const lines: string[] = [];
    const run = fn({ reportsLocation: 'oss://rs-missing-bucket/r/' }, lines);
    await expect(run({})).rejects.toMatchObject({ name: 'InternalError' });
    expect((await run(httpEvent({ body: '' }))).statusCode).toBe(500);
    expect(logged(lines, 'request failed')[0].error.code).toBe('NoSuchBucket');
  });

  it('keeps the run when only the dashboard cannot be published: a logged warning', async () => {
    emu().seed.createBucket('rs-ok');
    const lines: string[] = [];
    const report = await fn({ reportsLocation: 'oss://rs-ok/r/', dashboardLocation: 'oss://rs-no-dashboard-bucket/d/' }, lines)({});
    expect(report.ok).toBe(true);
    expect(await emu().seed.readObject('rs-ok', 'r/validate-mirror-origin/latest.json')).toBeDefined();
    expect(logged(lines, 'dashboard not published')).toEqual([expect.objectContaining({ level: 'warn', code: 'NoSuchBucket' })]);
  });

  it('still stores the report of a run that was refused after leaving it; the caller sees the refusal', async () => {
    emu().seed.createBucket('rs-refused');
    const out = await fn({ reportsLocation: 'oss://rs-refused/r/' })({ refuse: true });
    expect(out.error.code).toBe('CONFIG_INVALID');
    expect(await emu().seed.readObject('rs-refused', 'r/validate-mirror-origin/latest.json')).toBeDefined();
  });

  it('a refused run whose report cannot be stored either: the caller sees the refusal, the store failure is logged', async () => {
    const lines: string[] = [];
    const out = await fn({ reportsLocation: 'oss://rs-refused-missing/r/' }, lines)({ refuse: true });
    expect(out.error.code).toBe('CONFIG_INVALID');
    expect(logged(lines, 'report not stored')).toEqual([expect.objectContaining({ level: 'error', code: 'NoSuchBucket' })]);
    expect(logged(lines, 'request failed')).toEqual([]);
  });

  it('flush() stores the report left so far, so a run that leaves two (apply-config\'s catch-up round) keeps both', async () => {
    emu().seed.createBucket('rs-two');
    const store = reportStore({ client: () => ossClient(emu()), reportsLocation: 'oss://rs-two/r/' });
    const ids: string[] = [];
    const h = createFcHandler(async (_input, ctx) => {
      for (const code of ['FIRST', 'SECOND']) {
        if (ctx.ossedge.report) await store.flush(ctx);
        const b = createReport({ function: 'validate-mirror-origin' });
        b.add({ bucket: 'b1', code, status: 'ok', message: code });
        ctx.ossedge.report = b.finish();
        ids.push(ctx.ossedge.report.runId);
      }
      return {};
    }, { functionName: 'validate-mirror-origin', write: () => undefined, use: [store] });
    await h(toBuffer({}), fcContext({ credentials: undefined }));
    expect(new Set(ids).size).toBe(2);
    for (const [i, id] of ids.entries()) {
      const run = await emu().seed.readObject('rs-two', `r/validate-mirror-origin/${id}.json`);
      expect(JSON.parse(run!.toString()).items[0].code).toBe(i === 0 ? 'FIRST' : 'SECOND');
    }
  });

  it('stores without publishing when publish is false, and stores nothing without a reports location', async () => {
    emu().seed.createBucket('rs-quiet');
    const r = await fn({ reportsLocation: 'oss://rs-quiet/r/', publish: false })({});
    expect(await emu().seed.readObject('rs-quiet', `r/validate-mirror-origin/${r.runId}.json`)).toBeDefined();
    expect(await emu().seed.readObject('rs-quiet', 'r/dashboard/index.html')).toBeUndefined();
    expect((await fn({})({})).ok).toBe(true);
  });

  it('sweeps the function\'s reports past the retention and spent state after storing; latest.json and recent runs stay', async () => {
    emu().seed.createBucket('rs-sweep');
    const old = { lastModified: Date.now() - 40 * DAY };
    emu().seed.putObject('rs-sweep', 'r/validate-mirror-origin/20200101T000000Z-aaaaaa.json', '{}', old);
    emu().seed.putObject('rs-sweep', 'r/validate-mirror-origin/20250101T000000Z-bbbbbb.json', '{}', { lastModified: Date.now() - 10 * DAY });
    emu().seed.putObject('rs-sweep', 'r/audit-referer/20200101T000000Z-cccccc.json', '{}', old);
    emu().seed.putObject('rs-sweep', 'r/_state/invocations/ossedge-health/inv-old/done.json', '{}', old);
    const lines: string[] = [];
    await fn({ reportsLocation: 'oss://rs-sweep/r/', retentionDays: 30 }, lines)({});
    expect(await emu().seed.readObject('rs-sweep', 'r/validate-mirror-origin/20200101T000000Z-aaaaaa.json')).toBeUndefined();
    expect(await emu().seed.readObject('rs-sweep', 'r/validate-mirror-origin/20250101T000000Z-bbbbbb.json')).toBeDefined();
    expect(await emu().seed.readObject('rs-sweep', 'r/validate-mirror-origin/latest.json')).toBeDefined();
    // another function's reports are its own run's to sweep
    expect(await emu().seed.readObject('rs-sweep', 'r/audit-referer/20200101T000000Z-cccccc.json')).toBeDefined();
    expect(await emu().seed.readObject('rs-sweep', 'r/_state/invocations/ossedge-health/inv-old/done.json')).toBeUndefined();
    expect(logged(lines, 'old reports and state swept')).toEqual([expect.objectContaining({ reports: 1, state: 1 })]);
  });
});
