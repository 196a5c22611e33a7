// Errors that say what happened, against the emulator over real sockets: wrong keys, no keys, a port where
// nothing listens, a bucket that does not exist. Each has its own code and a hint; none is "internal error".
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { runCliCaptured } from './cli-process.ts';

const WRONG_SECRET = 'not-the-secret-for-this-key';

let emu: EmulatorHandle;
let dir: string;
let configFile: string;

beforeAll(async () => {
  // the credentials chain also reads profile files under HOME: an empty one here (this file's own process)
  process.env.HOME = mkdtempSync(join(tmpdir(), 'ossedge-err-home-'));
  emu = await startEmulator();
  emu.seed.createBucket('err-site');
  dir = mkdtempSync(join(tmpdir(), 'ossedge-err-'));
  configFile = join(dir, 'ossedge.yaml');
  writeFileSync(configFile, 'version: 1\nbuckets:\n  err-site:\n    cors:\n      rules: [{allowedOrigin: ["*"], allowedMethod: [GET]}]\n');
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string>) => runCliCaptured(args, { env });

const keys = () => ({ OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: emu.accessKeySecret });

/** A loopback port with nothing listening (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('ossedge error messages', () => {
  it('says ACCESS_DENIED with a hint for wrong keys, on export (thrown) and plan (per bucket), never the secret', async () => {
    const env = { OSS_ACCESS_KEY_ID: emu.accessKeyId, OSS_ACCESS_KEY_SECRET: WRONG_SECRET };
    const exp = await cli(['export', '--endpoint', emu.endpoint], env);
    expect(exp.code).toBe(1);
    expect(exp.stderr).toMatch(/^ossedge export: ACCESS_DENIED: ListBuckets: 403 SignatureDoesNotMatch/m);
    expect(exp.stderr).toMatch(/^ {2}hint: the key secret does not belong to the key id/m);
    expect(exp.stderr).not.toContain('internal error');
    const plan = await cli(['plan', '-c', configFile, '--endpoint', emu.endpoint], env);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toMatch(/^ossedge plan: ACCESS_DENIED \(bucket err-site\): GetBucketCors: 403 SignatureDoesNotMatch/m);
    expect(plan.stderr).toContain('hint: ');
    expect(exp.stdout + exp.stderr + plan.stdout + plan.stderr).not.toContain(WRONG_SECRET);
  });

  it('says ACCESS_DENIED for a key id OSS does not know', async () => {
    const run = await cli(['export', '--endpoint', emu.endpoint], { OSS_ACCESS_KEY_ID: 'nobody-knows-me', OSS_ACCESS_KEY_SECRET: WRONG_SECRET });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ossedge export: ACCESS_DENIED: .*InvalidAccessKeyId/m);
  });

  it('says NO_CREDENTIALS with exit 2 and sends nothing when no keys are set', async () => {
    emu.resetLog();
    for (const args of [['plan', '-c', configFile], ['export'], ['audit-referer'], ['health']]) {
      const run = await cli([...args, '--endpoint', emu.endpoint], {});
      expect(run.code, args[0]).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^ossedge ${args[0]}: NO_CREDENTIALS: no OSS keys found\\n {2}hint: set OSS_ACCESS_KEY_ID`));
    }
    expect(emu.requestLog()).toEqual([]);
  });

  it('says NETWORK with a hint when nothing listens at the endpoint', async () => {
    const port = await closedPort();
    const run = await cli(['export', '--endpoint', `http://127.0.0.1:${port}`], keys());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ossedge export: NETWORK: ListBuckets: network error \(ECONNREFUSED\)\n {2}hint: OSS could not be reached/m);
  });

  it('exits 1 naming a bucket that does not exist on export, and writes no empty config', async () => {
    const run = await cli(['export', '--bucket', 'nosuch', '--endpoint', emu.endpoint], keys());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ossedge export: NO_SUCH_BUCKET \(bucket nosuch\): .*404 NoSuchBucket/m);
    expect(run.stderr).toContain('hint: check the bucket name');
    expect(run.stdout).toBe('');
  });
});

describe('ossedge config errors', () => {
  it.each(['plan', 'apply', 'validate-origins', 'audit-referer'])('%s -c prints each validation problem as file:line:col: path: message (CODE), exit 2', async (cmd) => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nbuckets:\n  err-site:\n    cors:\n      rules:\n        - allowedOrign: ["*"]\n          allowedMethod: [GET]\n');
    const run = await cli([cmd, '-c', bad, '--endpoint', emu.endpoint], keys());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`ossedge ${cmd}: CONFIG_INVALID: 2 problem(s) in ${bad}\n`);
    expect(run.stderr).toContain(`${bad}:6:11: buckets.err-site.cors.rules[0].allowedOrign: unknown key "allowedOrign" (did you mean "allowedOrigin"?) (CONFIG_UNKNOWN_KEY)\n`);
    expect(run.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: buckets\\.err-site\\.cors\\.rules\\[0\\]\\.allowedOrigin: is required`, 'm'));
    expect(run.stdout).toBe('');
  });
});
