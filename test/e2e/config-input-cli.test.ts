// Hostile config input to the `ossedge` CLI: files that never end or are far too large (bounded reads,
// exit 2), an oversize config at OSSEDGE_CONFIG (refused, never cut short and applied), and malformed
// configs with a secret in clear (never quoted in stdout or stderr, logs included).
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBucketWebsite } from '../../shared/oss/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { ossClient } from '../helpers/emulator.ts';
import { cli, tempFile, writesIn } from '../functions/apply-config/support.ts';
import { OVERSIZE_COMMENT_BYTES, SECRET_AS_DUPLICATE_KEY, SECRET_AS_YAML_ALIAS, SECRET_IN_BAD_JSON, secretPiecesIn, twoRuleConfig } from '../shared/config/hostile.ts';
import { runOssedge, type Run } from './cli-process.ts';

const SITE = 'cli-site';
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['cli-config', SITE]) emu.seed.createBucket(b);
});
afterAll(() => emu?.close());


/**
 * `node --max-old-space-size=64 bin/ossedge.mjs ARGS` as a real child; its peak RSS is printed by an
 * exit hook. Killed after 60 s (the unbounded read of /dev/zero never ends on its own).
 */
async function ossedgeChild(args: string[]): Promise<Run & { maxRssKb: number }> {
  const rssHook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss="+process.resourceUsage().maxRSS+"\\n"))';
  const run = await runOssedge(args, { nodeArgs: ['--max-old-space-size=64', '--import', rssHook] });
  return { ...run, maxRssKb: Number(/maxrss=(\d+)/.exec(run.stderr)?.[1] ?? Infinity) };
}

describe('ossedge apply -c with a file that is too large or never ends', () => {
  // 200 MB would be read whole (and decoded to a 200 MB string) by an unbounded read: peak RSS far above this
  const MAX_RSS_KB = 180 * 1024;

  it('exits 2 for -c /dev/zero with CONFIG_TOO_LARGE, having read at most 1 MiB + 1 byte', async () => {
    const run = await ossedgeChild(['apply', '-c', '/dev/zero', '--endpoint', emu.endpoint]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('ossedge apply: CONFIG_TOO_LARGE: invalid config (1 error):\nconfig /dev/zero is more than 1048576 bytes; the limit is 1048576 bytes (1 MiB)');
    expect(run.maxRssKb).toBeLessThan(MAX_RSS_KB);
  }, 90_000);

  it('exits 2 for a 200 MB file, and prints the refusal as JSON with --json', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ossedge-cfg-')), 'huge.yaml');
    writeFileSync(file, 'version: 1\n');
    truncateSync(file, 200 * 1024 * 1024);
    const run = await ossedgeChild(['plan', '-c', file, '--json', '--endpoint', emu.endpoint]);
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'CONFIG_TOO_LARGE', details: { issues: [{ path: '', code: 'CONFIG_TOO_LARGE', message: `config ${file} is 209715200 bytes; the limit is 1048576 bytes (1 MiB)` }] } } });
    expect(run.maxRssKb).toBeLessThan(MAX_RSS_KB);
  }, 90_000);

  it('exits 2 with CONFIG_PARSE for a file that is not UTF-8', async () => {
    const file = tempFile('latin1.yaml', '');
    writeFileSync(file, Buffer.concat([Buffer.from('version: 1\nbuckets: {}\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const run = await cli(emu, ['plan', '-c', file]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`ossedge plan: CONFIG_PARSE: invalid config (1 error):\nconfig is not valid UTF-8 text (${basename(file)})`);
  });

  it('exits 2 the same way for validate-origins -c and audit-referer -c', async () => {
    for (const cmd of ['validate-origins', 'audit-referer']) {
      const run = await cli(emu, [cmd, '-c', '/dev/zero']);
      expect(run.code, run.err).toBe(2);
      // validate-origins reads the file itself; audit-referer's handler reads it and its problem prints as FILE: message
      expect(run.err).toContain(cmd === 'validate-origins'
        ? `ossedge ${cmd}: CONFIG_TOO_LARGE: invalid config (1 error):\nconfig /dev/zero is more than 1048576 bytes`
        : `ossedge ${cmd}: CONFIG_TOO_LARGE: 1 problem(s) in /dev/zero\n/dev/zero: config /dev/zero is more than 1048576 bytes`);
    }
  });
});

describe('ossedge apply with a 1.49 MB config (rule a/, 1.4 MB of comments, rule b/)', () => {
  const big = twoRuleConfig(SITE, OVERSIZE_COMMENT_BYTES);

  beforeAll(async () => {
    const first = await cli(emu, ['apply', '-c', tempFile('ossedge.yaml', twoRuleConfig(SITE))]);
    expect(first.code, first.err).toBe(0);
    emu.seed.putObject('cli-config', 'ossedge.yaml', big);
  });

  const rulesLive = async () => ((await getBucketWebsite(ossClient(emu), { bucket: SITE })).routingRules ?? []).map((r) => r.condition.keyPrefixEquals);

  it('refuses it at OSSEDGE_CONFIG (oss://) with exit 2 and makes no write', async () => {
    emu.resetLog();
    const run = await cli(emu, ['apply', '--json'], { OSSEDGE_CONFIG: 'oss://cli-config/ossedge.yaml' });
    expect(run.code, run.err).toBe(2);
    expect(run.json().error).toMatchObject({ code: 'CONFIG_TOO_LARGE', details: { issues: [{ message: `config oss://cli-config/ossedge.yaml is ${big.length} bytes; the limit is 1048576 bytes (1 MiB)` }] } });
    expect(writesIn(emu)).toEqual([]);
    expect(await rulesLive()).toEqual(['a/', 'b/']);
  });

  it('refuses it with -c, and at OSSEDGE_CONFIG as a path', async () => {
    const file = tempFile('big.yaml', big);
    emu.resetLog();
    for (const run of [await cli(emu, ['apply', '-c', file]), await cli(emu, ['apply'], { OSSEDGE_CONFIG: file })]) {
      expect(run.code, run.err).toBe(2);
      expect(run.err).toContain(`config ${file} is ${big.length} bytes; the limit is 1048576 bytes (1 MiB)`);
    }
    expect(writesIn(emu)).toEqual([]);
    expect(await rulesLive()).toEqual(['a/', 'b/']);
  });
});

describe('ossedge with a malformed config holding a secret in clear', () => {
  const cases: Array<[string, string, string]> = [
    ['malformed JSON', 'ossedge.json', SECRET_IN_BAD_JSON],
    ['JSON without a .json name', 'ossedge.conf', SECRET_IN_BAD_JSON],
    ['YAML with an unresolved alias', 'ossedge.yaml', SECRET_AS_YAML_ALIAS],
  ];

  it.each(cases)('plan and apply exit 2 with a position, quoting no piece of the secret (%s), logs included', async (_name, filename, text) => {
    const file = tempFile(filename, text);
    emu.resetLog();
    // --verbose: the JSON logs are checked for pieces of the secret too
    for (const args of [['plan', '-c', file, '--verbose'], ['apply', '-c', file, '--json', '--verbose'], ['validate-origins', '-c', file, '--verbose']]) {
      const run = await cli(emu, args);
      expect(run.code, args.join(' ')).toBe(2);
      // plan, apply and validate-origins name the file as FILE:LINE:COL (editors parse it)
      expect(run.err).toMatch(/CONFIG_PARSE: 1 problem\(s\) in .+\n.+:\d+:\d+: malformed (JSON|YAML): /);
      expect(secretPiecesIn(run.out + run.err), args.join(' ')).toEqual([]);
    }
    // the handler's structured log lines go to stderr too: they were looked at above
    expect((await cli(emu, ['plan', '-c', file, '--verbose'])).err).toContain('"msg":"request refused"');
    expect(writesIn(emu)).toEqual([]);
  });

  it.each(SECRET_AS_DUPLICATE_KEY)('plan exits 2 without naming a secret written twice as a key (%s), logs included', async (_name, filename, text) => {
    const file = tempFile(filename, text);
    emu.resetLog();
    for (const args of [['plan', '-c', file], ['apply', '-c', file, '--json']]) {
      const run = await cli(emu, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.out + run.err).toContain('a duplicate key (not shown: this mapping holds a secret)');
      expect(secretPiecesIn((run.out + run.err).replace(/CONFIG_SECRET_IN_CLEAR|OSSEDGE_SECRET_/g, '')), args.join(' ')).toEqual([]);
    }
    expect(writesIn(emu)).toEqual([]);
  });

  it('does not quote it either when the config is read from OSSEDGE_CONFIG', async () => {
    emu.seed.putObject('cli-config', 'bad.yaml', SECRET_AS_YAML_ALIAS);
    const run = await cli(emu, ['apply'], { OSSEDGE_CONFIG: 'oss://cli-config/bad.yaml' });
    expect(run.code).toBe(2);
    expect(run.err).toContain('(bad.yaml, line 12, column 32)');
    expect(secretPiecesIn(run.out + run.err)).toEqual([]);
  });
});
