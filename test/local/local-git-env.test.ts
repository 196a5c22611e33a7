import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GIT_ENV_NAMES, gitEnvFrom } from '../../local/local.ts';
import { readSYaml } from '../../local/fc-runner/s-yaml.ts';
import { ROOT } from '../e2e/build-helper.ts';

describe('ossedge local: GitOps settings from its own environment', () => {
  it('passes every set OSSEDGE_GIT_* and OSSEDGE_DASHBOARD_URL, and nothing else', () => {
    const env = { OSSEDGE_GIT_TOKEN: 'tok', OSSEDGE_GIT_PROVIDER: 'gitlab', OSSEDGE_GIT_REPOSITORY: 'g/p', OSSEDGE_GIT_API: 'http://127.0.0.1:9/api/v4', OSSEDGE_GIT_PATH: 'cfg/ossedge.yaml', OSSEDGE_GIT_BRANCH: 'prod', OSSEDGE_DASHBOARD_URL: 'https://d.example/', OSSEDGE_GIT_OTHER: 'x', HOME: '/root', OSSEDGE_GIT_BRANCH_EMPTY: '' };
    expect(gitEnvFrom(env)).toEqual(Object.fromEntries(GIT_ENV_NAMES.map((k) => [k, env[k]])));
  });

  it('reach apply-config through s.yaml (and the token reaches no other function)', () => {
    const env = { OSSEDGE_CONFIG: 'oss://c/ossedge.yaml', OSSEDGE_REPORTS: 'oss://r/', OSSEDGE_WEBHOOK_SECRET: 's', ...gitEnvFrom({ OSSEDGE_GIT_TOKEN: 'tok', OSSEDGE_GIT_PROVIDER: 'github', OSSEDGE_GIT_REPOSITORY: 'o/r' }) };
    const fns = readSYaml(join(ROOT, 's.yaml'), env);
    const vars = (name: string) => fns.find((f) => f.name === name)!.environmentVariables;
    expect(vars('apply-config')).toMatchObject({ OSSEDGE_GIT_TOKEN: 'tok', OSSEDGE_GIT_PROVIDER: 'github', OSSEDGE_GIT_REPOSITORY: 'o/r', OSSEDGE_GIT_PATH: 'ossedge.yaml' });
    expect(vars('refresh-stale-objects')?.OSSEDGE_GIT_TOKEN).toBeUndefined();
  });
});
