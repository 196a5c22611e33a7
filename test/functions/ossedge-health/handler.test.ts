import { describe, expect, it } from 'vitest';
import { createHealthHandler, type HealthOptions } from '../../../functions/ossedge-health/handler.ts';
import { settingsFrom } from '../../../functions/ossedge-health/settings.ts';
import { staticCredentials } from '../../../shared/fc/credentials.ts';
import { useEmulator } from '../../helpers/emulator.ts';

const emu = useEmulator({ dataPlane: false });

function health(extra: Partial<HealthOptions> = {}) {
  const e = emu();
  const h = createHealthHandler({
    ...settingsFrom({ OSS_ENDPOINT: e.endpoint, OSS_REGION: e.region, OSSEDGE_REPORTS: 'oss://hh-reports/r/' }),
    fallbackCredentials: staticCredentials({ accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret, ...(e.securityToken ? { securityToken: e.securityToken } : {}) }),
    write: () => undefined, ...extra,
  });
  return (event: unknown) => h(Buffer.from(JSON.stringify(event)), { requestId: `r-${Math.random().toString(16).slice(2)}`, function: { name: 'ossedge-health', timeout: 30 } }) as Promise<any>;
}
const get = (method = 'GET') => ({ version: 'v1', rawPath: '/', body: '', isBase64Encoded: false, headers: {}, queryParameters: {}, requestContext: { http: { method, path: '/' } } });

describe('ossedge-health handler', () => {
  it('stores a heartbeat once per invocation id, unpublished, and lists it on GET', async () => {
    emu().seed.createBucket('hh-reports');
    const run = health();
    const beat = { check: 'heartbeat', runId: 'beat-1', invocationId: 'heartbeat-beat-1' };
    expect(await run(beat)).toEqual({ heartbeat: 'beat-1', stored: true });
    expect(await run(beat)).toEqual({ heartbeat: 'beat-1', stored: false });
    const stored = await emu().seed.readObject('hh-reports', 'r/ossedge-health/beat-1.json');
    expect(JSON.parse(stored!.toString())).toMatchObject({ runId: 'beat-1', items: [{ code: 'HEARTBEAT' }] });
    expect(await emu().seed.readObject('hh-reports', 'r/_state/invocations/ossedge-health/heartbeat-beat-1/done.json')).toBeDefined();
    expect(await emu().seed.readObject('hh-reports', 'r/dashboard/index.html')).toBeUndefined();
    const status = await run(get());
    expect(status.statusCode).toBe(200);
    expect(JSON.parse(status.body).functions['ossedge-health']).toMatchObject({ lastRunId: 'beat-1', ok: true });
  });

  it('answers {check: "status"} with what GET answers, writing nothing (ossedge doctor\'s synchronous invocation)', async () => {
    emu().seed.createBucket('hh-reports');
    const run = health();
    const before = emu().requestLog().length;
    const status = await run({ check: 'status' });
    expect(status).toMatchObject({ service: 'ossedge', ok: true, oss: { reachable: true }, function: 'ossedge-health' });
    const viaGet = JSON.parse((await run(get())).body);
    expect({ ...status, time: undefined, oss: { ...status.oss, latencyMs: undefined } }).toEqual({ ...viaGet, time: undefined, oss: { ...viaGet.oss, latencyMs: undefined } });
    expect(emu().requestLog().slice(before).filter((e) => e.method !== 'GET')).toEqual([]);
    // without OSSEDGE_REPORTS it still answers, saying so (as GET does)
    expect(await health({ reportsLocation: undefined })({ check: 'status' })).toMatchObject({ ok: false, oss: { reachable: false, error: 'OSSEDGE_REPORTS is not set' } });
  });

  it('refuses what it does not do: other methods, unknown checks, a heartbeat without runId, any check without OSSEDGE_REPORTS', async () => {
    const run = health();
    expect((await run(get('POST'))).statusCode).toBe(405);
    expect((await run({ check: 'shallow' })).error.code).toBe('BAD_REQUEST');
    expect((await run({ check: 'heartbeat' })).error.message).toBe('heartbeat needs a runId');
    expect((await run('not an object')).error.code).toBe('BAD_PAYLOAD');
    expect((await health({ reportsLocation: undefined })({ check: 'heartbeat', runId: 'x' })).error.code).toBe('NOT_CONFIGURED');
  });
});
