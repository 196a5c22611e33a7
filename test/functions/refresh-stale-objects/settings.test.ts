// refresh-stale-objects reads its environment in settings.ts only, exactly the variables SETTINGS_VARS names.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_VARS, settingsFrom } from '../../../functions/refresh-stale-objects/settings.ts';

const DIR = join(import.meta.dirname, '../../../functions/refresh-stale-objects');

/** An environment that records every name asked for. */
function recording(values: Record<string, string>) {
  const read = new Set<string>();
  const env = new Proxy(values, { get: (t, k) => (typeof k === 'string' ? (read.add(k), t[k]) : undefined) });
  return { env, read };
}

describe('refresh-stale-objects settings', () => {
  it('reads exactly the variables SETTINGS_VARS lists, no other', () => {
    const { env, read } = recording({});
    settingsFrom(env);
    expect([...read].sort()).toEqual([...SETTINGS_VARS].sort());
  });

  it('turns the environment into the handler options', async () => {
    const s = settingsFrom({
      OSS_ENDPOINT: 'http://127.0.0.1:9', OSSEDGE_OSS_INTERNAL: '0', OSSEDGE_ALLOW_PRIVATE_ORIGINS: '1', OSSEDGE_CONFIG: 'oss://c/ossedge.yaml',
      OSSEDGE_REPORTS: 'oss://r/runs/', OSSEDGE_DASHBOARD: 'oss://p/ops/', OSSEDGE_NOTIFY_URL: 'http://127.0.0.1:9/hook', OSSEDGE_FC_ENDPOINT: 'http://127.0.0.1:8',
      OSS_ACCESS_KEY_ID: 'id', OSS_ACCESS_KEY_SECRET: 'secret', OSSEDGE_REPORT_RETENTION_DAYS: '30',
    });
    expect(s).toMatchObject({
      connection: { endpoint: 'http://127.0.0.1:9', internal: false }, allowPrivate: true, configLocation: 'oss://c/ossedge.yaml',
      reportsLocation: 'oss://r/runs/', dashboardLocation: 'oss://p/ops/', notify: { url: 'http://127.0.0.1:9/hook' }, fcEndpoint: 'http://127.0.0.1:8',
      retentionDays: 30,
    });
    expect(await s.fallbackCredentials?.getCredentials()).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret' });
    expect(settingsFrom({})).toEqual({ connection: { internal: true }, fallbackCredentials: expect.anything(), allowPrivate: false, retentionDays: 90 });
  });

  it('is the only file of the function that reads process.env', () => {
    const readers = readdirSync(DIR).filter((f) => readFileSync(join(DIR, f), 'utf8').includes('process.env'));
    expect(readers).toEqual(['settings.ts']);
  });
});
