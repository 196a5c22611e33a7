// `ossedge doctor` against the real parts on loopback: the OSS emulator, the FC runner serving every
// function of s.yaml (the FC invoke and GetFunction APIs, apply-config's HTTP trigger) and the git host
// stand-in. All green first, then each ✗ path provoked: bad keys, a missing bucket, an invalid config, a
// function not deployed, a wrong webhook secret, a token without scopes, and hostile inputs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunnerFunctions, startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { startGitHost, type GitHostStandIn } from '../helpers/git-host.ts';
import { ROOT } from './build-helper.ts';
import { runCliCaptured } from './cli-process.ts';

const SECRET = 'doctor-webhook-secret-value';
const GIT_TOKEN = 'doctor-git-token-value';
const CONFIG = `version: 1
buckets:
  doctor-site:
    cors:
      rules:
        - allowedOrigin: ["https://www.example.com"]
          allowedMethod: [GET]
`;
const SHADOWED = `version: 1
buckets:
  doctor-site:
    website:
      routingRules:
        - {ruleNumber: 2, condition: {keyPrefixEquals: img/2024/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://a.example.com/"}}
        - {ruleNumber: 1, condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}, redirect: {redirectType: Mirror, mirrorURL: "https://b.example.com/"}}
`;
const INVALID = `version: 1
buckets:
  doctor-site:
    cors:
      rules:
        - allowedOrigin: ["https://www.example.com"]
          allowedMethod: [FETCH]
`;

type Run = Awaited<ReturnType<typeof runCliCaptured>>;

let emu: EmulatorHandle;
let runner: Runner;
let github: GitHostStandIn;
let env: Record<string, string>;
let home: string;

beforeAll(async () => {
  emu = await startEmulator();
  for (const b of ['doctor-config', 'doctor-reports', 'doctor-site']) emu.seed.createBucket(b);
  emu.seed.putObject('doctor-config', 'ossedge.yaml', CONFIG);
  emu.seed.putObject('doctor-config', 'shadowed.yaml', SHADOWED);
  emu.seed.putObject('doctor-config', 'invalid.yaml', INVALID);
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  const fnEnv: Record<string, string> = {
    OSSEDGE_CONFIG: 'oss://doctor-config/ossedge.yaml', OSSEDGE_REPORTS: 'oss://doctor-reports/r/', OSSEDGE_WEBHOOK_SECRET: SECRET,
    OSS_ENDPOINT: emu.endpoint, OSS_REGION: emu.region, OSS_ACCESS_KEY_ID: keys.accessKeyId, OSS_ACCESS_KEY_SECRET: keys.accessKeySecret,
  };
  // every function of s.yaml, from source, as `ossedge local` runs them
  const functions = await loadRunnerFunctions(join(ROOT, 's.yaml'), { root: ROOT, from: 'source', env: fnEnv, lazy: true });
  runner = await startRunner({ functions, fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false });
  // functions read their environment at their first (lazy) import; the profile readers find no
  // ~/.aliyun of this machine (os.homedir() is HOME): a test without keys means no keys
  home = mkdtempSync(join(tmpdir(), 'ossedge-doctor-home-'));
  Object.assign(process.env, fnEnv, { OSSEDGE_FC_ENDPOINT: runner.url, HOME: home });
  github = await startGitHost({ token: GIT_TOKEN, webhookSecret: 'unused', repository: 'team/site' });
  github.commit({ 'ossedge.yaml': CONFIG });
  env = {
    PATH: process.env.PATH ?? '', HOME: home,
    OSS_ACCESS_KEY_ID: keys.accessKeyId, OSS_ACCESS_KEY_SECRET: keys.accessKeySecret, OSS_ENDPOINT: emu.endpoint, OSS_REGION: emu.region,
    OSSEDGE_CONFIG: 'oss://doctor-config/ossedge.yaml', OSSEDGE_REPORTS: 'oss://doctor-reports/r/',
    OSSEDGE_FC_ENDPOINT: runner.url, OSSEDGE_WEBHOOK_URL: `${runner.url}/apply-config/`, OSSEDGE_WEBHOOK_SECRET: SECRET,
    OSSEDGE_GIT_TOKEN: GIT_TOKEN, OSSEDGE_GIT_PROVIDER: 'github', OSSEDGE_GIT_REPOSITORY: 'team/site', OSSEDGE_GIT_API: github.githubApi,
  };
}, 60_000);
afterAll(async () => {
  await runner?.close();
  await github?.close();
  await emu?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function doctor(args: string[], overrides: Record<string, string | undefined> = {}): Promise<Run> {
  const merged = { ...env, ...overrides };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return runCliCaptured(['doctor', ...args], { env: merged as NodeJS.ProcessEnv });
}

/** The line of check `name`. */
const line = (run: Run, name: string) => run.stdout.split('\n').find((l) => l.slice(2).startsWith(`${name}:`));

describe('ossedge doctor against the emulator and the FC runner', () => {
  it('passes every check of a working deployment, one ✓ line each, exit 0, nothing on stderr', async () => {
    const before = runner.invocations().length;
    const run = await doctor([]);
    expect(run.stderr).toBe('');
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout.split('\n').filter((l) => l.startsWith('–'))).toEqual([]);
    for (const name of ['credentials', 'config bucket', 'reports bucket', 'config', 'function apply-config', 'function audit-referer',
      'function validate-mirror-origin', 'function refresh-stale-objects', 'function ossedge-health', 'health invoke', 'webhook unsigned', 'webhook signed', 'git token']) {
      expect(line(run, name), name).toMatch(/^✓ /);
    }
    expect(line(run, 'webhook unsigned')).toContain('(401)');
    expect(line(run, 'git token')).toContain('github fine-grained token can reach team/site');
    expect(run.stdout).toMatch(/doctor: 13 passed, 0 failed, 0 skipped: no problems found\n$/);
    expect(run.stdout).not.toContain('\x1b['); // not a terminal
    // the health check was a real synchronous invocation through the FC invoke API, signature verified
    const sync = runner.invocations().slice(before).filter((r) => r.kind === 'sync');
    expect(sync).toEqual([expect.objectContaining({ functionName: 'ossedge-health', status: 'succeeded', signatureVerified: true })]);
    // the reports probe was written and deleted under _state/, nothing left behind
    const probes = emu.requestLog().filter((e) => e.bucket === 'doctor-reports' && e.key?.startsWith('r/_state/doctor/probe-'));
    expect(probes.map((e) => e.op)).toEqual(['PutObject', 'GetObject', 'DeleteObject']);
    expect(probes.every((e) => e.status < 300)).toBe(true);
    // the signed webhook probe was a ping: apply-config ran nothing and wrote nothing
    expect(line(run, 'webhook signed')).toBe('✓ webhook signed: a request signed with OSSEDGE_WEBHOOK_SECRET is accepted (200, pong)');
    const writes = emu.requestLog().filter((e) => e.method !== 'GET' && e.method !== 'HEAD' && !e.key?.startsWith('r/_state/doctor/'));
    expect(writes.map((e) => `${e.op} ${e.bucket}/${e.key}`)).toEqual([]);
    // no secret in the output
    for (const s of [SECRET, GIT_TOKEN, emu.accessKeySecret]) expect(run.stdout).not.toContain(s);
  });

  it('prints the results as JSON with --json, and colours only when asked (FORCE_COLOR, never NO_COLOR)', async () => {
    const run = await doctor(['--json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { ok: boolean; summary: unknown; checks: Array<{ name: string; status: string }> };
    expect(body.ok).toBe(true);
    expect(body.summary).toEqual({ passed: 13, failed: 0, skipped: 0 });
    expect(body.checks.every((c) => c.status === 'pass')).toBe(true);
    const coloured = await doctor([], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\x1b[32m✓\x1b[0m credentials:');
    const plain = await doctor([], { FORCE_COLOR: undefined, NO_COLOR: '1' });
    expect(plain.stdout).not.toContain('\x1b[');
  });

  it('shows each check as skipped, with why, when it is not configured', async () => {
    const run = await doctor([], {
      OSSEDGE_CONFIG: undefined, OSSEDGE_REPORTS: undefined, OSSEDGE_FC_ENDPOINT: undefined, OSSEDGE_WEBHOOK_URL: undefined, OSSEDGE_GIT_TOKEN: undefined,
    });
    expect(run.code).toBe(0);
    expect(line(run, 'credentials')).toMatch(/^✓ /);
    expect(line(run, 'config bucket')).toBe('– config bucket: skipped: no OSSEDGE_CONFIG (or --config oss://BUCKET/KEY)');
    expect(line(run, 'reports bucket')).toMatch(/^– reports bucket: skipped: no OSSEDGE_REPORTS/);
    expect(line(run, 'functions')).toMatch(/^– functions: skipped: no FC account/);
    expect(line(run, 'webhook')).toMatch(/^– webhook: skipped: no --webhook-url/);
    expect(line(run, 'git token')).toBe('– git token: skipped: GitOps is off (no OSSEDGE_GIT_TOKEN)');
    expect(run.stdout).toMatch(/doctor: 1 passed, 0 failed, 7 skipped/);
  });

  it('✗ bad credentials: ACCESS_DENIED with a hint, exit 1, the secret never shown', async () => {
    const wrong = 'a-wrong-secret-for-doctor';
    const run = await doctor(['--json'], { OSS_ACCESS_KEY_SECRET: wrong });
    expect(run.code).toBe(1);
    const checks = (JSON.parse(run.stdout) as { checks: Array<{ name: string; status: string; message: string; hint?: string }> }).checks;
    expect(checks.find((c) => c.name === 'credentials')).toMatchObject({ status: 'fail', message: expect.stringContaining('ACCESS_DENIED'), hint: expect.stringContaining('OSS_ACCESS_KEY_SECRET') });
    expect(run.stdout).not.toContain(wrong);
    // what needs the keys is not tried again: one failure, said once; the webhook and git checks still run
    for (const name of ['config bucket', 'reports bucket', 'config', 'functions', 'health invoke']) {
      expect(checks.find((c) => c.name === name), name).toEqual({ name, status: 'skip', message: 'the credentials check failed' });
    }
    expect(checks.find((c) => c.name === 'webhook signed')?.status).toBe('pass');
    const none = await doctor([], { OSS_ACCESS_KEY_ID: undefined, OSS_ACCESS_KEY_SECRET: undefined });
    expect(none.code).toBe(1);
    expect(line(none, 'credentials')).toBe('✗ credentials: NO_CREDENTIALS: no OSS keys found');
    expect(none.stdout).toContain('    hint: set OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET');
  });

  it('✗ a missing bucket: NO_SUCH_BUCKET naming it and how to create it', async () => {
    const run = await doctor(['--reports', 'oss://doctor-nosuch-reports/r/', '--config', 'oss://doctor-nosuch-config/ossedge.yaml']);
    expect(run.code).toBe(1);
    expect(line(run, 'reports bucket')).toBe('✗ reports bucket: NO_SUCH_BUCKET: bucket doctor-nosuch-reports (OSSEDGE_REPORTS) does not exist');
    expect(line(run, 'config bucket')).toBe('✗ config bucket: NO_SUCH_BUCKET: bucket doctor-nosuch-config (OSSEDGE_CONFIG) does not exist');
    expect(run.stdout).toContain('    hint: create it (ossutil mb oss://doctor-nosuch-reports --region cn-hangzhou), or fix OSSEDGE_REPORTS');
    expect(line(run, 'config')).toMatch(/^✗ config: .*does not exist/);
    // a missing config object in an existing bucket
    const noKey = await doctor(['--config', 'oss://doctor-config/nothing.yaml']);
    expect(line(noKey, 'config bucket')).toBe('✗ config bucket: oss://doctor-config/nothing.yaml does not exist');
    expect(noKey.stdout).toContain('hint: upload the config: ossutil cp ossedge.yaml oss://doctor-config/nothing.yaml');
  });

  it('✗ a bucket outside the deploy region (OSSEDGE_REGION), and a config too large to read', async () => {
    const run = await doctor([], { OSSEDGE_REGION: 'cn-beijing', OSSEDGE_FC_ENDPOINT: undefined });
    expect(run.code).toBe(1);
    expect(line(run, 'credentials')).toMatch(/^✓ /); // signed for OSS_REGION, the emulator's
    expect(line(run, 'config bucket')).toBe('✗ config bucket: bucket doctor-config is in oss-cn-hangzhou, not oss-cn-beijing');
    expect(line(run, 'reports bucket')).toBe('✗ reports bucket: bucket doctor-reports is in oss-cn-hangzhou, not oss-cn-beijing');
    expect(run.stdout).toContain('hint: create the bucket in cn-beijing, or point --region/OSS_REGION and OSSEDGE_REGION at cn-hangzhou');
    emu.seed.putObject('doctor-config', 'huge.yaml', `version: 1\n# ${'x'.repeat(1024 * 1024 + 10)}\n`);
    const huge = await doctor(['--config', 'oss://doctor-config/huge.yaml']);
    expect(line(huge, 'config')).toBe('✗ config: CONFIG_TOO_LARGE: oss://doctor-config/huge.yaml');
    expect(huge.stdout).toMatch(/\n {4}oss:\/\/doctor-config\/huge\.yaml: .*\(CONFIG_TOO_LARGE\)\n/);
  });

  it('✗ an invalid config: each problem as file:line:col; a valid one with warnings passes and shows them', async () => {
    const run = await doctor(['--config', 'oss://doctor-config/invalid.yaml']);
    expect(run.code).toBe(1);
    expect(line(run, 'config')).toBe('✗ config: CONFIG_INVALID: 1 problem(s) in oss://doctor-config/invalid.yaml');
    expect(run.stdout).toMatch(/\n {4}invalid\.yaml:7:\d+: buckets\.doctor-site\.cors\.rules\[0\]\.allowedMethod\[0\]: .*\(CONFIG_[A-Z_]+\)\n/);
    const warned = await doctor(['--config', 'oss://doctor-config/shadowed.yaml']);
    expect(warned.code, warned.stdout).toBe(0);
    expect(line(warned, 'config')).toBe('✓ config: oss://doctor-config/shadowed.yaml validates: 1 bucket(s), 1 warning(s)');
    expect(warned.stdout).toMatch(/\n {4}warning: shadowed\.yaml:6:\d+: buckets\.doctor-site\.website\.routingRules\[0\]\.condition: can never match.*\(CONFIG_SHADOWED\)\n/);
  });

  it('✗ a function not deployed: FunctionNotFound with the deploy hint; the health invoke says so too', async () => {
    const healthOnly = await startRunner({
      functions: [], fcKeys: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret }, region: emu.region, timers: false,
    });
    try {
      const run = await doctor(['--fc-endpoint', healthOnly.url]);
      expect(run.code).toBe(1);
      expect(line(run, 'function apply-config')).toMatch(/^✗ function apply-config: FunctionNotFound: /);
      expect(run.stdout).toContain('hint: deploy it: npm run build && s deploy (s.yaml names apply-config)');
      expect(line(run, 'health invoke')).toMatch(/^✗ health invoke: FunctionNotFound: /);
      // an FC endpoint where nothing answers, or that refuses the keys: one problem, said once
      const otherKeys = await startRunner({ functions: [], fcKeys: { accessKeyId: 'fc-only-key', accessKeySecret: 'fc-only-secret' }, region: emu.region, timers: false });
      try {
        const refused = await doctor(['--fc-endpoint', otherKeys.url]);
        expect(line(refused, 'functions')).toMatch(/^✗ functions: \w+: /);
        expect(line(refused, 'function apply-config')).toBeUndefined();
        expect(refused.stdout).toContain('hint: the keys may not call FC: grant fc:GetFunction and fc:InvokeFunction');
      } finally {
        await otherKeys.close();
      }
      const nowhere = await doctor(['--fc-endpoint', 'http://127.0.0.1:1']);
      expect(line(nowhere, 'functions')).toBe('✗ functions: NETWORK: the FC API at http://127.0.0.1:1 did not answer (ECONNREFUSED)');
      expect(line(nowhere, 'health invoke')).toBe('✗ health invoke: NETWORK: the FC API at http://127.0.0.1:1 did not answer (ECONNREFUSED)');
    } finally {
      await healthOnly.close();
    }
  });

  it('✗ the webhook secret is wrong: the signed request is refused (401) and the hint says which secret', async () => {
    const run = await doctor([], { OSSEDGE_WEBHOOK_SECRET: 'not-the-deployed-secret' });
    expect(run.code).toBe(1);
    expect(line(run, 'webhook unsigned')).toMatch(/^✓ /);
    expect(line(run, 'webhook signed')).toBe('✗ webhook signed: a signed request got 401');
    expect(run.stdout).toContain('hint: the function has another secret');
    const unsignedOnly = await doctor([], { OSSEDGE_WEBHOOK_SECRET: undefined });
    expect(line(unsignedOnly, 'webhook signed')).toBe('– webhook signed: skipped: no OSSEDGE_WEBHOOK_SECRET to sign with');
  });

  it('✗ a git token without the scopes GitOps needs (GitHub classic, GitLab), or refused', async () => {
    const classic = await startGitHost({ token: GIT_TOKEN, webhookSecret: 'unused', repository: 'team/site', scopes: ['read:user', 'gist'] });
    const gitlab = await startGitHost({ token: GIT_TOKEN, webhookSecret: 'unused', repository: 'team/site', scopes: ['read_api', 'read_repository'] });
    const good = await startGitHost({ token: GIT_TOKEN, webhookSecret: 'unused', repository: 'team/site', scopes: ['repo'] });
    try {
      const gh = await doctor([], { OSSEDGE_GIT_API: classic.githubApi });
      expect(gh.code).toBe(1);
      expect(line(gh, 'git token')).toBe('✗ git token: github token for team/site lacks repo (or public_repo and repo:status for a public repository) (scopes: read:user, gist)');
      expect(gh.stdout).toContain('hint: a fine-grained token with Contents: read');
      const gl = await doctor([], { OSSEDGE_GIT_PROVIDER: 'gitlab', OSSEDGE_GIT_API: gitlab.gitlabApi });
      expect(line(gl, 'git token')).toBe('✗ git token: gitlab token for team/site lacks api (scopes: read_api, read_repository)');
      const glOk = await doctor([], { OSSEDGE_GIT_PROVIDER: 'gitlab', OSSEDGE_GIT_API: github.gitlabApi }); // the stand-in's default: api
      expect(line(glOk, 'git token')).toBe('✓ git token: gitlab token can reach team/site (scopes: api); not verifiable without writing: the Developer role (to set statuses and notes)');
      const classicOk = await doctor([], { OSSEDGE_GIT_API: good.githubApi });
      expect(line(classicOk, 'git token')).toBe('✓ git token: github classic token can reach team/site (scopes: repo)');
      const refused = await doctor([], { OSSEDGE_GIT_TOKEN: 'a-revoked-token' });
      expect(line(refused, 'git token')).toMatch(/^✗ git token: GIT_UNAUTHORIZED: /);
      expect(refused.stdout).not.toContain('a-revoked-token');
      const incomplete = await doctor([], { OSSEDGE_GIT_REPOSITORY: undefined });
      expect(line(incomplete, 'git token')).toMatch(/^✗ git token: OSSEDGE_GIT_TOKEN is set: OSSEDGE_GIT_PROVIDER and OSSEDGE_GIT_REPOSITORY are required/);
      // fine-grained (no scopes header): a repository without the config file at the branch is said
      const empty = await startGitHost({ token: GIT_TOKEN, webhookSecret: 'unused', repository: 'team/site' });
      try {
        const missing = await doctor([], { OSSEDGE_GIT_API: empty.githubApi });
        expect(line(missing, 'git token')).toMatch(/^✗ git token: github token for team\/site lacks Contents: read, or ossedge\.yaml is not on main/);
      } finally {
        await empty.close();
      }
    } finally {
      await Promise.all([classic.close(), gitlab.close(), good.close()]);
    }
    for (const s of [classic, gitlab]) expect(s.requests.every((r) => r.method === 'GET')).toBe(true); // read-only
  });

  it('refuses hostile inputs: a non-http webhook URL, a bad location, an answer that never ends', async () => {
    const run = await doctor(['--webhook-url', 'file:///etc/passwd', '--config', 'oss://UPPER_CASE/x', '--reports', 'not-a-location']);
    expect(run.code).toBe(1);
    expect(line(run, 'webhook')).toBe('✗ webhook: the webhook URL is not an http(s) URL');
    expect(line(run, 'config bucket')).toMatch(/^✗ config bucket: not an oss:\/\/bucket\/prefix location/);
    expect(line(run, 'reports bucket')).toMatch(/^✗ reports bucket: not an oss:\/\/bucket\/prefix location/);
    // a "webhook" that accepts anyone and streams forever: refused as open, read only so far
    const endless: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 97);
      const pump = () => { while (res.write(chunk)); };
      res.on('drain', pump);
      pump();
    });
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r));
    try {
      const started = Date.now();
      const open = await doctor(['--webhook-url', `http://127.0.0.1:${(endless.address() as AddressInfo).port}/`]);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(line(open, 'webhook unsigned')).toBe('✗ webhook unsigned: an unsigned request got 200, not 401');
      expect(open.stdout).toContain('hint: the trigger accepts anyone');
    } finally {
      endless.closeAllConnections();
      await new Promise((r) => endless.close(r));
    }
  });
});
