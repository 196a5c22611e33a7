// The package as a user gets it: `npm pack` of a copy of this repository (prepack builds it fresh), the
// tarball installed into an empty folder (dependencies from the registry), and every command run from
// there against an emulator that the installed package started. One install, so one slow test.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './build-helper.ts';
import { runChild } from './cli-process.ts';

const SOURCES = ['functions', 'shared', 'local', 'schema', 'examples', 'scripts', 'deploy', 'docs', 'package.json', 'package-lock.json', 's.yaml', 'ram-policy.json', 'README.md', 'tsconfig.json'];
const KEYS = { OSS_ACCESS_KEY_ID: 'ossedge-local-ak', OSS_ACCESS_KEY_SECRET: 'ossedge-local-secret' };
const CONFIG = `version: 1
buckets:
  pkg-site:
    cors:
      rules:
        - allowedOrigin: ["https://www.example.com"]
          allowedMethod: [GET, HEAD]
          maxAgeSeconds: 60
`;

let work: string;
let app: string;
let tarball: string;
let emulator: ChildProcess | undefined;
let endpoint: string;

const run = (bin: string, args: string[], env: Record<string, string> = {}, cwd = app) => runChild(bin, args, { cwd, env: { HOME: work, ...env } });

/** The installed `ossedge` (node_modules/.bin/ossedge, as `npx ossedge` runs it). */
const ossedge = (args: string[], env: Record<string, string> = {}) => run(join(app, 'node_modules', '.bin', 'ossedge'), args, env);
const connection = () => ['--endpoint', endpoint, '--region', 'cn-hangzhou'];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ossedge-pkg-'));
  // pack a copy: prepack rebuilds dist/, and the repository's dist/ is not ours to race on
  const repo = join(work, 'repo');
  for (const s of SOURCES) cpSync(join(ROOT, s), join(repo, s), { recursive: true });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(repo, 'node_modules'));
  const npmEnv = { ...process.env, HOME: process.env.HOME ?? work, npm_config_loglevel: 'error', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
  const packed = execFileSync('npm', ['pack', '--pack-destination', work], { cwd: repo, encoding: 'utf8', env: npmEnv, timeout: 180_000 });
  tarball = join(work, packed.trim().split('\n').pop()!);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name": "ossedge-user", "private": true}\n');
  execFileSync('npm', ['install', '--no-package-lock', tarball], { cwd: app, encoding: 'utf8', env: npmEnv, timeout: 300_000 });
  writeFileSync(join(app, 'ossedge.yaml'), CONFIG);
  // the aliyun CLI profile of this HOME: the bundled @alicloud/credentials must find it
  mkdirSync(join(work, '.aliyun'));
  writeFileSync(join(work, '.aliyun', 'config.json'), JSON.stringify({ current: 'p', profiles: [{ name: 'p', mode: 'AK', access_key_id: KEYS.OSS_ACCESS_KEY_ID, access_key_secret: KEYS.OSS_ACCESS_KEY_SECRET }] }));
}, 420_000);

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const closed = new Promise((r) => emulator!.on('close', r));
    emulator.kill('SIGINT');
    await closed;
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the ossedge package', () => {
  it('ships the built CLI and function bundles, no sources, tests or source maps', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('dist/cli/ossedge.mjs');
    for (const f of ['dist/apply-config/index.mjs', 'dist/ossedge-health/index.mjs', 'schema/ossedge.schema.json', 's.yaml', 'ram-policy.json', 'README.md', 'examples/ossedge.yaml']) expect(files).toContain(f);
    // what docs/deploy.md uses from the package (README links the guide)
    for (const f of ['deploy/trust-policy.json', 'deploy/lifecycle-state.xml', 'deploy/ensure-bundles.mjs', 'docs/deploy.md']) expect(files).toContain(f);
    expect(files.filter((f) => /\.ts$|\.map$|^(test|bench|local|shared|functions|scripts|bin)\//.test(f))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'ossedge', 'package.json'), 'utf8')) as { private?: boolean; bin: Record<string, string> };
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin.ossedge).toBe('dist/cli/ossedge.mjs');
  });

  it('runs --version, --help, emulator, export, plan, apply, rollback (--dry-run too) and doctor from the installed package', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = await ossedge(['--version']);
    expect(v, v.stderr).toMatchObject({ code: 0, stdout: `${version}\n` });
    const help = await ossedge(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['plan', 'apply', 'export', 'rollback', 'emulator', 'local']) expect(help.stdout).toContain(`  ${c} `);

    // the emulator from the package, with its admin API to create the buckets
    emulator = spawn(join(app, 'node_modules', '.bin', 'ossedge'), ['emulator', '--port', '0', '--admin'], { cwd: app, env: { PATH: process.env.PATH ?? '', HOME: work }, stdio: ['ignore', 'pipe', 'pipe'] });
    endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      emulator!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /^endpoint=(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
        if (m) resolve(m[1]!);
      });
      emulator!.on('close', (code) => reject(new Error(`emulator exited ${code}`)));
    });
    for (const b of ['pkg-site', 'pkg-reports']) expect((await fetch(`${endpoint}/-/admin/buckets/${b}`, { method: 'PUT', body: '{}' })).status).toBe(200);

    const env = { ...KEYS, OSSEDGE_REPORTS: 'oss://pkg-reports/runs/' };
    const plan = await ossedge(['plan', '-c', 'ossedge.yaml', ...connection()], env);
    expect(plan.code, plan.stderr).toBe(3);
    // results on stdout, nothing on stderr without --verbose
    expect(plan.stdout).toMatch(/^plan run \S+: 1 bucket\(s\) with changes pending \(exit 3\)/m);
    expect(plan.stderr).toBe('');
    const apply = await ossedge(['apply', '-c', 'ossedge.yaml', '--json', ...connection()], env);
    expect(apply.code, apply.stderr).toBe(0);
    const runId = (JSON.parse(apply.stdout) as { runId: string }).runId;
    expect(runId).toMatch(/\S/);
    const again = await ossedge(['plan', '-c', 'ossedge.yaml', ...connection()], env);
    expect(again.code, again.stderr).toBe(0);

    const exported = await ossedge(['export', '--bucket', 'pkg-site', ...connection()], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('https://www.example.com');
    // written in the project that installed the package: the editor schema line points into node_modules/ossedge
    expect(exported.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/ossedge/schema/ossedge.schema.json');

    const dry = await ossedge(['rollback', runId, '--dry-run', ...connection()], env);
    expect(dry.code, dry.stderr).toBe(3);
    expect(dry.stdout).toContain('pkg-site: - cors');
    const rollback = await ossedge(['rollback', runId, ...connection()], env);
    expect(rollback.code, rollback.stderr).toBe(0);
    // no key variables: the profile in HOME signs
    const after = await ossedge(['export', '--bucket', 'pkg-site', ...connection()]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).not.toContain('https://www.example.com');

    // doctor from the package: its OSS checks pass; the bundled fc2 client reaches for an FC API where none answers
    const doctor = await ossedge(['doctor', '--json', '--reports', 'oss://pkg-reports/runs/', '--fc-endpoint', 'http://127.0.0.1:1', ...connection()], env);
    expect(doctor.code, doctor.stderr).toBe(1);
    const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; status: string; message: string }> }).checks;
    expect(checks.filter((c) => c.status === 'pass').map((c) => c.name)).toEqual(['credentials', 'reports bucket']);
    expect(checks.find((c) => c.name === 'functions')).toMatchObject({ status: 'fail', message: 'NETWORK: the FC API at http://127.0.0.1:1 did not answer (ECONNREFUSED)' });
  }, 120_000);

  it("deploys from the package: s.yaml's pre-deploy step finds every packed function bundle and builds nothing", () => {
    const installed = join(app, 'node_modules', 'ossedge');
    const step = spawnSync(process.execPath, ['deploy/ensure-bundles.mjs'], { cwd: installed, encoding: 'utf8', timeout: 30_000 });
    expect(step.status, step.stderr).toBe(0);
    expect(step.stdout).toMatch(/^ossedge pre-deploy: deploying the built bundles of \.\/dist\/apply-config, .*\.\/dist\/ossedge-health\n$/);
  });

  it('runs `ossedge local --once` from the package: the function bundles under the FC runner, only key=value lines on stdout', async () => {
    const run = await ossedge(['local', '--once']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('ossedge local: functions apply-config, audit-referer, validate-mirror-origin, refresh-stale-objects, ossedge-health');
    expect(run.stderr).toContain('ossedge local: apply-config (timer) succeeded');
    for (const line of run.stdout.trimEnd().split('\n')) expect(line).toMatch(/^[a-z]+=\S+$/);
  }, 90_000);
});
