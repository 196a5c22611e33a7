import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { ROOT } from './build-helper.ts';
import { OSSEDGE_BIN, runChild, runCliCaptured, runOssedge } from './cli-process.ts';

/** Runs `node bin/ossedge.mjs ...args` (what `npx ossedge` runs) as a real child process. */
const ossedge = (args: string[], env: Record<string, string> = {}) => runOssedge(args, { env });

let emu: EmulatorHandle;
beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('cli-reports');
});
afterAll(() => emu.close());

describe('ossedge CLI', () => {
  it('lists the commands with --help and exits 0; exits 2 on an unknown command', async () => {
    const help = await ossedge(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['plan', 'apply', 'export', 'audit-referer', 'validate-origins', 'refresh', 'emulator', 'local']) expect(help.stdout).toContain(`  ${c}`);
    const bad = await ossedge(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  });

  it('says "not available yet" and exits 2 for a command whose function is not written, and 2 on a bad flag', async () => {
    // a package root without functions: every function command is not available yet
    const empty = mkdtempSync(join(tmpdir(), 'ossedge-cli-root-'));
    try {
      for (const cmd of [['plan', '-c', 'x.yaml'], ['apply', '-c', 'x.yaml', '--dry-run'], ['export'], ['audit-referer'], ['validate-origins'], ['refresh', '--bucket', 'b']]) {
        const run = await runCliCaptured(cmd, { root: empty, env: {} });
        expect(run.code, cmd[0]).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^ossedge ${cmd[0]}: not available yet`));
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const flag = await ossedge(['health', '--no-such-flag']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('usage: ossedge health');
  });

  it('runs the health function against the emulator and prints only the JSON on stdout with --json', async () => {
    const run = await ossedge(['health', '--json', '--endpoint', emu.endpoint, '--region', emu.region, '--reports', 'oss://cli-reports/r/'], {
      OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, service: 'ossedge', oss: { reachable: true } });
  });

  it('exits 1 when the health check cannot reach OSS with the given keys', async () => {
    const run = await ossedge(['health', '--json', '--endpoint', emu.endpoint, '--region', emu.region, '--reports', 'oss://cli-reports/r/'], {
      OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: 'wrong-secret-value',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, oss: { reachable: false, error: 'SignatureDoesNotMatch' } });
    expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
  });

  it('runs `npm start -- --once` through and exits 0 with the emulator= and runner= lines', async () => {
    const run = await runChild('npm', ['start', '--silent', '--', '--once'], { cwd: ROOT, env: { HOME: process.env.HOME ?? '/tmp' }, timeoutMs: 90_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^emulator=http:\/\/127\.0\.0\.1:\d+\nrunner=http:\/\/127\.0\.0\.1:\d+\n/);
    expect(run.stderr).toMatch(/ossedge-health \(timer\) succeeded/);
    // stdout is only key=value lines; function logs go to stderr
    for (const line of run.stdout.trimEnd().split('\n')) expect(line).toMatch(/^[a-z]+=\S+$/);
  }, 120_000);

  it.each([
    ['emulator', ['emulator', '--port', '0'], /^endpoint=http:\/\/127\.0\.0\.1:\d+\n/],
    ['local', ['local'], /^emulator=http:\/\/127\.0\.0\.1:\d+\nrunner=http:\/\/127\.0\.0\.1:\d+\ndashboard=\S+\n/],
  ])('keeps `ossedge %s` running until SIGINT and then exits 0', async (_name, args, firstLines) => {
    const child = spawn(process.execPath, [OSSEDGE_BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const ready = new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (firstLines.test(stdout)) resolve();
    }));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await Promise.race([ready, closed]);
    expect(stdout, stderr).toMatch(firstLines);
    const dashboard = /^dashboard=(\S+)$/m.exec(stdout)?.[1];
    if (_name === 'local') {
      // the dashboard page is served by the emulator's static website from the start
      expect(dashboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ossedge-reports\/reports\/dashboard\/$/);
      const page = await fetch(dashboard!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>ossedge dashboard</title>');
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    expect(await closed).toBe(0);
    clearTimeout(killer);
  }, 90_000);
});
