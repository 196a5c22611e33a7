// The conventions of the `ossedge` command line: results on stdout and nothing else there, diagnostics on
// stderr, JSON logs only when asked for, help derived from the option definitions, did-you-mean, --version,
// colour only when wanted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, commandOptions } from '../../local/commands/table.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { ROOT } from './build-helper.ts';
import { runCliCaptured, runOssedge } from './cli-process.ts';

const CONFIG = `version: 1
buckets:
  conv-site:
    cors:
      rules:
        - allowedOrigin: ["https://www.example.com"]
          allowedMethod: [GET]
`;

let emu: EmulatorHandle;
let dir: string;
let configFile: string;

beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('conv-site');
  dir = mkdtempSync(join(tmpdir(), 'ossedge-conv-'));
  configFile = join(dir, 'ossedge.yaml');
  writeFileSync(configFile, CONFIG);
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const keys = () => ({ OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret });
const cli = (args: string[], env: Record<string, string> = {}) => runCliCaptured(args, { env: { ...keys(), ...env } });
/** `node bin/ossedge.mjs ...` as a real process (its stdout and stderr are pipes, not terminals). */
const ossedge = (args: string[]) => runOssedge(args, { env: { HOME: dir, ...keys() } });

describe('ossedge output streams', () => {
  it('prints the plan, the run id and a summary matching exit 3 on stdout, and nothing on stderr without --verbose', async () => {
    const run = await ossedge(['plan', '-c', configFile, '--endpoint', emu.endpoint]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('conv-site: + cors.rules[0]');
    expect(run.stdout).toMatch(/^plan run \S+: 1 bucket\(s\) with changes pending \(exit 3\)/m);
    expect(run.stdout).not.toContain('"level"');
  });

  it('adds JSON log lines on stderr (never stdout) with --verbose or OSSEDGE_LOG=debug', async () => {
    for (const [args, env] of [[['--verbose'], {}], [[], { OSSEDGE_LOG: 'debug' }]] as const) {
      const run = await cli(['plan', '-c', configFile, '--endpoint', emu.endpoint, ...args], env);
      expect(run.code).toBe(3);
      const logs = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; msg: string });
      expect(logs.some((l) => l.msg === 'apply-config finished')).toBe(true);
      expect(run.stdout).not.toContain('"level"');
    }
  });

  it('says no changes with exit 0 once applied, on stdout', async () => {
    const apply = await cli(['apply', '-c', configFile, '--endpoint', emu.endpoint]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/^apply run \S+: 1 bucket\(s\) applied, 0 unchanged \(exit 0\)$/m);
    const plan = await cli(['plan', '-c', configFile, '--endpoint', emu.endpoint]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^plan run \S+: no changes \(exit 0\)$/m);
    expect(plan.stderr).toBe('');
  });

  it('colours only when asked: FORCE_COLOR on a pipe, never with NO_COLOR', async () => {
    const plain = await ossedge(['plan', '-c', configFile, '--endpoint', emu.endpoint, '--bucket', 'conv-site']);
    expect(plain.stdout).not.toContain('\x1b[');
    const forced = await cli(['plan', '-c', configFile, '--endpoint', emu.endpoint], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\x1b[32m');
    const none = await cli(['plan', '-c', configFile, '--endpoint', emu.endpoint], { NO_COLOR: '1' });
    expect(none.stdout).not.toContain('\x1b[');
  });
});

describe('ossedge help, flags and version', () => {
  it.each(COMMANDS.map((c) => c.name))('lists every flag `%s` accepts with its description, and an example', async (name) => {
    const run = await cli([name, '--help']);
    expect(run.code).toBe(0);
    for (const [flag, def] of Object.entries(commandOptions(name))) {
      const line = run.stdout.split('\n').find((l) => new RegExp(`^ +(-[a-z], )?--${flag}( |$)`).test(l));
      expect(line, `--${flag} in ${name} --help`).toBeDefined();
      expect(def.description.length, `--${flag} description`).toBeGreaterThan(10);
      expect(line).toContain(def.description);
    }
    expect(run.stdout).toMatch(new RegExp(`^example: ossedge ${name}\\b`, 'm'));
    // the parser accepts exactly the listed flags: anything else is refused
    const bad = await cli([name, '--not-a-flag']);
    expect(bad.code).toBe(2);
  });

  it('suggests the closest flag for a mistyped one, and the closest command', async () => {
    const flag = await cli(['plan', '-c', configFile, '--bukcet', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('ossedge plan: unknown flag --bukcet (did you mean --bucket?)');
    expect(flag.stdout).toBe('');
    const generic = await cli(['health', '--jsno']);
    expect(generic.stderr).toContain('unknown flag --jsno (did you mean --json?)');
    const command = await cli(['plna']);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "plna" (did you mean plan?)');
  });

  it('prints the package version with --version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await ossedge(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
