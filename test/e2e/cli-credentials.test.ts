// Credentials as users of the Alibaba Cloud tools already have them: the aliyun CLI profile file in HOME
// (`aliyun configure` writes ~/.aliyun/config.json), chosen by `current`, --profile or ALIBABA_CLOUD_PROFILE.
// Real processes with a temp HOME and no key variables, against the emulator.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { runOssedge } from './cli-process.ts';

const WRONG = 'a-secret-that-is-not-right';

let emu: EmulatorHandle;
let home: string;
let configFile: string;

beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('cred-site');
  home = mkdtempSync(join(tmpdir(), 'ossedge-home-'));
  mkdirSync(join(home, '.aliyun'));
  writeFileSync(join(home, '.aliyun', 'config.json'), JSON.stringify({
    current: 'work',
    profiles: [
      { name: 'work', mode: 'AK', access_key_id: emu.accessKeyId, access_key_secret: emu.accessKeySecret, region_id: 'cn-hangzhou' },
      { name: 'stale', mode: 'AK', access_key_id: emu.accessKeyId, access_key_secret: WRONG, region_id: 'cn-hangzhou' },
    ],
  }));
  configFile = join(home, 'ossedge.yaml');
  writeFileSync(configFile, 'version: 1\nbuckets:\n  cred-site:\n    cors:\n      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]\n');
});
afterAll(async () => {
  await emu.close();
  rmSync(home, { recursive: true, force: true });
});

// no OSS_* / ALIBABA_CLOUD_* keys: only what HOME holds
const ossedge = (args: string[], env: Record<string, string> = {}) => runOssedge(args, { cwd: home, env: { HOME: home, ...env } });

describe('ossedge credentials from the aliyun CLI profile', () => {
  it('signs with the current profile of ~/.aliyun/config.json when no key variables are set', async () => {
    const run = await ossedge(['plan', '-c', configFile, '--endpoint', emu.endpoint]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain('cred-site: + cors');
  });

  it('uses the profile named by --profile or ALIBABA_CLOUD_PROFILE (here one with a stale secret: ACCESS_DENIED)', async () => {
    for (const [args, env] of [[['--profile', 'stale'], {}], [[], { ALIBABA_CLOUD_PROFILE: 'stale' }]] as const) {
      const run = await ossedge(['plan', '-c', configFile, '--endpoint', emu.endpoint, ...args], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('ACCESS_DENIED (bucket cred-site)');
      expect(run.stdout + run.stderr).not.toContain(WRONG);
    }
  });

  it('hands the profile\'s keys to the health function too', async () => {
    emu.seed.createBucket('cred-reports');
    const run = await ossedge(['health', '--json', '--endpoint', emu.endpoint, '--region', emu.region, '--reports', 'oss://cred-reports/r/']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, oss: { reachable: true } });
  });

  it('says NO_CREDENTIALS when HOME has no profile either', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ossedge-nohome-'));
    try {
      const run = await ossedge(['export', '--endpoint', emu.endpoint], { HOME: empty });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^ossedge export: NO_CREDENTIALS: no OSS keys found\n {2}hint: .*aliyun configure/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
