// The same failure has the same code in every function (README "Error codes"): NoSuchBucket, provoked in
// each of the four functions through the FC runner against the emulator, is OSS_NO_SUCH_BUCKET in each
// report, and the CLI's class for it (NO_SUCH_BUCKET) comes from the same table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { createAuditRefererHandler } from '../../functions/audit-referer/handler.ts';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { createValidateOriginsHandler } from '../../functions/validate-mirror-origin/handler.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { explain } from '../../local/commands/explain.ts';
import { ERROR_CODES } from '../../shared/errors/codes.ts';
import type { Report } from '../../shared/report/model.ts';

const MISSING = 'ec-no-such-bucket';
const REPORTS = 'oss://ec-reports/runs/';

let emu: EmulatorHandle;
let runner: Runner;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  emu.seed.createBucket('ec-reports');
  const connection = { endpoint: emu.endpoint, region: emu.region, internal: false };
  const common = { connection, reportsLocation: REPORTS, write: () => {} };
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  runner = await startRunner({
    functions: [
      { name: 'apply-config', handler: createApplyConfigHandler({ ...common, env: {}, clientTuning: { retry: { maxAttempts: 1 } }, backoffMs: 1 }), timeout: 60, triggers: [] },
      { name: 'audit-referer', handler: createAuditRefererHandler(common), timeout: 60, triggers: [] },
      { name: 'validate-mirror-origin', handler: createValidateOriginsHandler({ ...common, allowPrivate: true }), timeout: 60, triggers: [] },
      { name: 'refresh-stale-objects', handler: createRefreshHandler({ ...common, allowPrivate: true }), timeout: 60, triggers: [] },
    ],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10],
  });
});
afterAll(async () => {
  await runner?.close();
  await emu?.close();
});

const invoke = (fn: string, payload: unknown) => runner.invoke(fn, Buffer.from(JSON.stringify(payload))) as Promise<Report & Record<string, any>>;

/** The report's errors for the missing bucket (each function names the bucket). */
const codesFor = (report: Report) => report.errors.filter((e) => e.bucket === MISSING || e.message.includes(MISSING)).map((e) => e.code);

describe('one code for NoSuchBucket in every function', () => {
  const CODE = 'OSS_NO_SUCH_BUCKET';

  it('apply-config: errors[] and the BUCKET_FAILED item\'s data.errorCode', async () => {
    const configText = `version: 1\nbuckets:\n  ${MISSING}:\n    cors:\n      rules: [{allowedOrigin: ['*'], allowedMethod: [GET]}]\n`;
    const report = await invoke('apply-config', { command: 'apply', configText });
    expect(report.ok).toBe(false);
    expect(codesFor(report)).toEqual([CODE]);
    expect(report.items).toEqual([expect.objectContaining({ bucket: MISSING, code: 'BUCKET_FAILED', data: expect.objectContaining({ errorCode: CODE }) })]);
  });

  it('audit-referer', async () => {
    const report = await invoke('audit-referer', { bucket: [MISSING] });
    expect(report.ok).toBe(false);
    expect(codesFor(report)).toEqual([CODE]);
  });

  it('validate-mirror-origin (live rules of a named bucket)', async () => {
    const report = await invoke('validate-mirror-origin', { bucket: [MISSING] });
    expect(report.ok).toBe(false);
    expect(codesFor(report)).toEqual([CODE]);
  });

  it('refresh-stale-objects', async () => {
    const report = await invoke('refresh-stale-objects', { bucket: MISSING });
    expect(report.ok).toBe(false);
    expect(codesFor(report)).toEqual([CODE]);
  });

  it('the CLI explains that code with the class and hint of the same table row', () => {
    expect(explain({ code: CODE, message: `GetBucketCors: 404 NoSuchBucket` })).toEqual({ code: 'NO_SUCH_BUCKET', hint: ERROR_CODES.OSS_NO_SUCH_BUCKET.hint });
  });
});
