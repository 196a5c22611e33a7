import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerFile, readSYaml } from '../../../local/fc-runner/index.ts';
import { ROOT } from '../../e2e/build-helper.ts';

describe('readSYaml on the repo s.yaml', () => {
  it('reads every fc3 resource with template props merged, env resolved and triggers typed', () => {
    const fns = readSYaml(join(ROOT, 's.yaml'), { OSSEDGE_CONFIG: 'oss://c/o.yaml', OSSEDGE_REPORTS: 'oss://r/p/', OSSEDGE_WEBHOOK_SECRET: 's3cret' });
    expect(fns.map((f) => f.name)).toEqual(['apply-config', 'audit-referer', 'validate-mirror-origin', 'refresh-stale-objects', 'ossedge-health']);
    const apply = fns[0]!;
    expect(apply).toMatchObject({
      code: './dist/apply-config', handler: 'index.handler', timeout: 300, memorySize: 512, maxAsyncRetryAttempts: 2, maxAsyncEventAgeInSeconds: 3600,
      environmentVariables: { NODE_ENV: 'production', OSSEDGE_CONFIG: 'oss://c/o.yaml', OSSEDGE_REPORTS: 'oss://r/p/', OSSEDGE_DASHBOARD: '', OSSEDGE_WEBHOOK_SECRET: 's3cret', OSSEDGE_DRIFT_ACTION: 'correct' },
    });
    expect(apply.triggers).toEqual([
      { name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' },
      { name: 'drift', type: 'timer', cronExpression: '0 0 */6 * * *', enable: true, payload: '{"mode":"apply","source":"timer"}' },
    ]);
    expect(fns[1]!.environmentVariables).not.toHaveProperty('OSSEDGE_WEBHOOK_SECRET');
    expect(fns[1]!.environmentVariables).toMatchObject({ OSSEDGE_NOTIFY_URL: '', OSSEDGE_AUDIT_PROBE: '0' });
  });

  it('maps a function to functions/<name>/index.ts from source and dist/<name>/index.mjs from dist', () => {
    const [apply] = readSYaml(join(ROOT, 's.yaml'), {});
    expect(handlerFile(apply!, ROOT, 'source')).toBe(join(ROOT, 'functions', 'apply-config', 'index.ts'));
    expect(handlerFile(apply!, ROOT, 'dist')).toMatch(/dist\/apply-config\/index\.(mjs|js)$/);
  });
});
