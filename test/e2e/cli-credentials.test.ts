// Credentials as users of the Alibaba Cloud tools already have them: the aliyun CLI profile file in HOME
// (`aliyun configure` writes ~/.aliyun/config.json), chosen by `current`, --profile or ALIBABA_CLOUD_PROFILE.
// Real processes with a temp HOME and no key variables, against the emulator.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { startEcsMetadata } from '../helpers/ecs-metadata.ts';
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

describe('ossedge credentials from the ECS instance\'s RAM role (metadata host on loopback)', () => {
  const ROLE = 'ossedge-ecs-role';
  const ROLE_SECRET = 'ecs-role-secret-value';
  const ROLE_KEY = { accessKeyId: 'STS.ecs-role-key', securityToken: 'ecs-sts-token-value' };

  it('plans with the role\'s STS keys when only ALIBABA_CLOUD_ECS_METADATA is set, the token sent as x-oss-security-token', async () => {
    const md = await startEcsMetadata({ role: ROLE, secret: ROLE_SECRET, keys: () => ROLE_KEY });
    // the emulator accepts only the role's key, and only with its token
    const roleEmu = await startEmulator({ credentials: [{ accessKeyId: ROLE_KEY.accessKeyId, accessKeySecret: ROLE_SECRET, securityToken: ROLE_KEY.securityToken }] });
    const empty = mkdtempSync(join(tmpdir(), 'ossedge-ecs-home-'));
    try {
      roleEmu.seed.createBucket('cred-site');
      const env = { HOME: empty, ALIBABA_CLOUD_ECS_METADATA: ROLE, OSSEDGE_ECS_METADATA_HOST: md.host };
      const run = await ossedge(['plan', '-c', configFile, '--endpoint', roleEmu.endpoint], env);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stdout).toContain('cred-site: + cors');
      expect(run.stdout + run.stderr).not.toContain(ROLE_SECRET);
      expect(run.stdout + run.stderr).not.toContain(ROLE_KEY.securityToken);
      const signed = roleEmu.requestLog().filter((e) => e.bucket === 'cred-site');
      expect(signed.length).toBeGreaterThan(0);
      for (const e of signed) {
        expect(e).toMatchObject({ authKind: 'v4', accessKeyId: ROLE_KEY.accessKeyId, securityToken: true });
        expect(e.errorCode === undefined || e.errorCode.startsWith('NoSuch'), e.errorCode).toBe(true); // NoSuchCORSConfiguration: read, not refused
      }
      // IMDSv2: a session token first, then the named role's keys (no discovery: the variable names it)
      expect(md.log[0]).toMatchObject({ method: 'PUT', url: '/latest/api/token' });
      expect(md.log.filter((l) => l.method === 'GET').map((l) => l.url)).toContain(`/latest/meta-data/ram/security-credentials/${ROLE}`);
      expect(md.log.filter((l) => l.method === 'GET').every((l) => l.token !== undefined)).toBe(true);

      // the metadata service answering Code=Failed: a failed plan, neither keys nor secret printed
      md.state.code = 'Failed';
      const refused = await ossedge(['plan', '-c', configFile, '--endpoint', roleEmu.endpoint], env);
      expect(refused.code).not.toBe(0);
      expect(refused.code).not.toBe(3);
      expect(refused.stdout + refused.stderr).not.toContain(ROLE_SECRET);
    } finally {
      await roleEmu.close();
      await md.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('never asks the metadata service when ALIBABA_CLOUD_ECS_METADATA is not set', async () => {
    const md = await startEcsMetadata({ role: ROLE, secret: ROLE_SECRET, keys: () => ROLE_KEY });
    const empty = mkdtempSync(join(tmpdir(), 'ossedge-ecs-home-'));
    try {
      const run = await ossedge(['export', '--endpoint', emu.endpoint], { HOME: empty, OSSEDGE_ECS_METADATA_HOST: md.host });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('NO_CREDENTIALS');
      expect(md.log).toEqual([]);
    } finally {
      await md.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
