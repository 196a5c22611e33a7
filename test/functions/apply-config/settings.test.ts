import { describe, expect, it } from 'vitest';
import { SETTINGS_VARS, settingsFrom } from '../../../functions/apply-config/settings.ts';

/** The settings as data (the preflight and credentials provider are functions). */
const plain = (env: Record<string, string | undefined>) => JSON.parse(JSON.stringify(settingsFrom(env))) as Record<string, unknown>;

describe('apply-config settings', () => {
  it('maps the documented variables, empty ones as unset', () => {
    const s = plain({
      OSSEDGE_CONFIG: 'oss://cfg/ossedge.yaml', OSSEDGE_REPORTS: 'oss://rep/ossedge/', OSSEDGE_DASHBOARD: '', OSSEDGE_WEBHOOK_SECRET: 'w1',
      OSSEDGE_WEBHOOK_SECRET_PREVIOUS: 'w0', OSSEDGE_DRIFT_ACTION: 'report', OSSEDGE_FC_ENDPOINT: 'http://127.0.0.1:9000',
      OSSEDGE_GIT_TOKEN: 'gt', OSSEDGE_GIT_PROVIDER: 'github', OSSEDGE_GIT_REPOSITORY: 'o/r', OSSEDGE_GIT_BRANCH: 'main',
    });
    expect(s).toMatchObject({
      configLocation: 'oss://cfg/ossedge.yaml', reportsLocation: 'oss://rep/ossedge/', webhookSecret: 'w1', webhookPreviousSecret: 'w0',
      driftAction: 'report', fcEndpoint: 'http://127.0.0.1:9000', git: { token: 'gt', provider: 'github', repository: 'o/r', branch: 'main' },
    });
    expect(s).not.toHaveProperty('dashboardLocation');
    // the reports' retention is the common one (default 90 days)
    expect(s).toMatchObject({ retentionDays: 90 });
    expect(plain({ OSSEDGE_REPORT_RETENTION_DAYS: '30' })).toMatchObject({ retentionDays: 30 });
    // anything but "report" keeps the default (correct drift)
    expect(plain({ OSSEDGE_DRIFT_ACTION: 'delete-everything' })).not.toHaveProperty('driftAction');
  });

  it('hands config secrets only OSSEDGE_SECRET_* values, never the function\'s keys, tokens or other variables', () => {
    const s = settingsFrom({
      OSSEDGE_SECRET_ORIGIN: 'origin-secret', OSS_ACCESS_KEY_SECRET: 'function-key', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'role-key',
      OSSEDGE_WEBHOOK_SECRET: 'hook', OSSEDGE_GIT_TOKEN: 'token', OSSEDGE_GIT_PROVIDER: 'github', OSSEDGE_GIT_REPOSITORY: 'o/r', HOME: '/root',
    });
    expect(s.env).toEqual({ OSSEDGE_SECRET_ORIGIN: 'origin-secret' });
  });

  it('reads no variable it does not list: unlisted ones change nothing', () => {
    const listed = { OSSEDGE_CONFIG: 'oss://cfg/a.yaml', OSSEDGE_GIT_PATH: 'conf/ossedge.yaml', OSS_REGION: 'cn-shanghai' };
    const noise = { OSSEDGE_CONFIGS: 'oss://x/y', OSSEDGE_GIT_PATHS: 'z', OSS_REGIONS: 'x', OSSEDGE_REPORT: 'oss://r/p/', NODE_OPTIONS: '--inspect' };
    expect(plain({ ...listed, ...noise })).toEqual(plain(listed));
    expect(SETTINGS_VARS).toContain('OSSEDGE_SECRET_*');
    expect(new Set(SETTINGS_VARS).size).toBe(SETTINGS_VARS.length);
  });
});
