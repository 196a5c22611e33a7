// Hostile configs through the deployed path: apply-config in the FC runner against the emulator, its
// config at OSSEDGE_CONFIG (oss://) or in the webhook body. A config over 1 MiB is refused, never cut
// short and applied; a parse error never quotes the config (a secret in clear) in answers or logs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../../functions/apply-config/handler.ts';
import { invokerFromContext } from '../../../shared/fc/invoker.ts';
import { setDefaultLogWrite } from '../../../shared/fc/logger.ts';
import { signGitHub } from '../../../shared/hash/webhook-signature.ts';
import { getBucketWebsite } from '../../../shared/oss/index.ts';
import { startRunner, type Runner } from '../../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { ossClient } from '../../helpers/emulator.ts';
import { writesIn } from '../../functions/apply-config/support.ts';
import { OVERSIZE_COMMENT_BYTES, SECRET_AS_YAML_ALIAS, SECRET_IN_BAD_JSON, SECRET_IN_CLEAR, secretPiecesIn, twoRuleConfig } from '../config/hostile.ts';

const SECRET = 'config-source-webhook-secret';
const SITE = 'cs-site';
const CONFIG = 'oss://cs-config/ossedge.yaml';

let emu: EmulatorHandle;
let runner: Runner;
const logs: string[] = [];
const runnerLog: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false });
  for (const b of ['cs-config', 'cs-reports', SITE]) emu.seed.createBucket(b);
  const keys = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
  const handler = createApplyConfigHandler({
    env: {},
    configLocation: CONFIG,
    reportsLocation: 'oss://cs-reports/runs/',
    webhookSecret: SECRET,
    connection: { endpoint: emu.endpoint, region: emu.region, internal: false },
    clientTuning: { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 } },
    invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }),
    backoffMs: 10,
    write: (line) => logs.push(line),
  });
  runner = await startRunner({
    functions: [{
      name: 'apply-config', handler, timeout: 60,
      triggers: [
        { name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' },
        { name: 'drift', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{"mode":"apply","source":"timer"}' },
      ],
    }],
    fcKeys: keys, roleCredentials: keys, region: emu.region, timers: false, retryDelaysMs: [10, 10], log: (line) => runnerLog.push(line),
  });
  // the bucket holds both rules, as the file's author wants
  const first = await runner.invoke('apply-config', { command: 'apply', configText: twoRuleConfig(SITE), filename: 'ossedge.yaml' }) as { ok?: boolean };
  expect(first.ok).toBe(true);
});
afterAll(async () => {
  await runner?.close();
  await emu?.close();
});

const github = (body: string, delivery: string) => ({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': signGitHub(body, SECRET), 'X-GitHub-Delivery': delivery, 'X-GitHub-Event': 'push' });
const post = (body: string, headers: Record<string, string>) => fetch(`${runner.url}/apply-config/`, { method: 'POST', body, headers });
const pushBody = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'team/site' }, commits: [] });

/**
 * A webhook delivery refused for its config writes nothing to the managed or config buckets; what it may
 * write is its refused run (report and dashboard pages under the reports prefix: issue 18), and those
 * objects carry no piece of the secret either.
 */
async function expectOnlyRefusalRecords(): Promise<void> {
  const writes = writesIn(emu);
  expect(writes.filter((w) => w.bucket !== 'cs-reports' || !/^runs\/(apply-config|dashboard)\//.test(w.key ?? ''))).toEqual([]);
  const stored = await Promise.all(writes.filter((w) => w.method === 'PUT' && w.key).map(async (w) => (await emu.seed.readObject('cs-reports', w.key!))?.toString() ?? ''));
  expect(secretPiecesIn(stored.join('\n'))).toEqual([]);
}

async function prefixesLive(): Promise<string[]> {
  const website = await getBucketWebsite(ossClient(emu), { bucket: SITE });
  return (website.routingRules ?? []).map((r) => r.condition.keyPrefixEquals ?? '');
}

describe('a config over 1 MiB at OSSEDGE_CONFIG (oss://), rule b/ past the limit', () => {
  beforeAll(() => {
    const big = twoRuleConfig(SITE, OVERSIZE_COMMENT_BYTES);
    expect(big.length).toBeGreaterThan(1_490_000);
    emu.seed.putObject('cs-config', 'ossedge.yaml', big);
  });

  const refusal = {
    code: 'CONFIG_TOO_LARGE',
    details: { issues: [{ path: '', code: 'CONFIG_TOO_LARGE', message: `config ${CONFIG} is ${twoRuleConfig(SITE, OVERSIZE_COMMENT_BYTES).length} bytes; the limit is 1048576 bytes (1 MiB)` }] },
  };

  it('is refused by the drift timer with CONFIG_TOO_LARGE, and nothing is written', async () => {
    emu.resetLog();
    const record = runner.fireTimer('apply-config', 'drift');
    await runner.idle(30_000);
    const done = runner.invocations().find((r) => r.requestId === record.requestId)!;
    expect((done.result as { error?: unknown }).error).toMatchObject(refusal);
    expect(writesIn(emu)).toEqual([]);
    expect(await prefixesLive()).toEqual(['a/', 'b/']);
  });

  it('is refused by a git push webhook with 400 CONFIG_TOO_LARGE before anything is queued', async () => {
    emu.resetLog();
    const res = await post(pushBody, github(pushBody, 'big-1'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: unknown }).error).toMatchObject(refusal);
    await runner.idle(30_000);
    await expectOnlyRefusalRecords();
    expect(await prefixesLive()).toEqual(['a/', 'b/']);
  });

  it('is refused when a direct invocation names it', async () => {
    emu.resetLog();
    const answer = await runner.invoke('apply-config', { command: 'apply', config: CONFIG }) as { error?: unknown };
    expect(answer.error).toMatchObject(refusal);
    expect(writesIn(emu)).toEqual([]);
  });
});

describe('a config at OSSEDGE_CONFIG that is not UTF-8', () => {
  it('is refused with CONFIG_PARSE, not decoded with replacement characters and applied', async () => {
    const text = twoRuleConfig(SITE).replace('a.example.com', 'a\u0000.example.com');
    const bytes = Buffer.from(text, 'utf8');
    bytes[bytes.indexOf(0)] = 0xff;
    emu.seed.putObject('cs-config', 'latin1.yaml', bytes);
    emu.resetLog();
    const answer = await runner.invoke('apply-config', { command: 'apply', config: 'oss://cs-config/latin1.yaml' }) as { error?: unknown };
    expect(answer.error).toMatchObject({ code: 'CONFIG_PARSE', details: { issues: [{ message: 'config is not valid UTF-8 text', file: 'latin1.yaml' }] } });
    expect(writesIn(emu)).toEqual([]);
  });
});

describe('a malformed config with a secret in clear', () => {
  const bodies: Array<[string, string, Record<string, string>]> = [
    ['malformed JSON as the body', SECRET_IN_BAD_JSON, { 'Content-Type': 'application/json' }],
    ['malformed JSON in configText', JSON.stringify({ configText: SECRET_IN_BAD_JSON, filename: 'ossedge.json' }), { 'Content-Type': 'application/json' }],
    ['YAML with an unresolved alias as the body', SECRET_AS_YAML_ALIAS, { 'Content-Type': 'application/yaml' }],
    ['YAML with an unresolved alias in configText', JSON.stringify({ configText: SECRET_AS_YAML_ALIAS }), { 'Content-Type': 'application/json' }],
  ];

  it.each(bodies)('answers the webhook 400 CONFIG_PARSE with a position and no piece of the secret (%s), logs included', async (_name, body, headers) => {
    emu.resetLog();
    logs.length = 0;
    runnerLog.length = 0;
    const res = await post(body, { ...headers, 'X-Hub-Signature-256': signGitHub(body, SECRET), 'X-GitHub-Delivery': `bad-${Math.random()}` });
    const text = await res.text();
    expect(res.status).toBe(400);
    const answer = JSON.parse(text) as { error: { code: string; details: { issues: Array<{ line?: number; column?: number }> } } };
    expect(answer.error.code).toBe('CONFIG_PARSE');
    expect(answer.error.details.issues[0]!.line).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    expect(secretPiecesIn([text, ...logs, ...runnerLog].join('\n'))).toEqual([]);
    await runner.idle(30_000);
    await expectOnlyRefusalRecords();
  });

  it('keeps the secret out of the answer and logs when a direct invocation\'s payload itself is malformed JSON', async () => {
    logs.length = 0;
    // the event is refused before the function's own logger exists: the line goes to the default log sink
    const early: string[] = [];
    setDefaultLogWrite((line) => early.push(line));
    let answer: { error?: { code?: string } };
    try {
      answer = await runner.invoke('apply-config', SECRET_IN_BAD_JSON) as typeof answer;
    } finally {
      setDefaultLogWrite((line) => process.stdout.write(`${line}\n`));
    }
    expect(answer.error?.code).toBe('INVALID_EVENT');
    expect([...logs, ...early].join('\n')).toContain('"msg":"request refused"');
    expect(secretPiecesIn([JSON.stringify(answer), ...logs, ...early, ...runnerLog].join('\n'))).toEqual([]);
  });

  it('keeps the secret out of the timer answer and logs when the config at OSSEDGE_CONFIG is malformed', async () => {
    emu.seed.putObject('cs-config', 'ossedge.yaml', SECRET_AS_YAML_ALIAS);
    emu.resetLog();
    logs.length = 0;
    const record = runner.fireTimer('apply-config', 'drift');
    await runner.idle(30_000);
    const done = runner.invocations().find((r) => r.requestId === record.requestId)!;
    expect((done.result as { error?: { code?: string } }).error?.code).toBe('CONFIG_PARSE');
    expect(secretPiecesIn([JSON.stringify(done), ...logs, ...runnerLog].join('\n'))).toEqual([]);
    expect(SECRET_IN_CLEAR.length).toBeGreaterThan(6);
    expect(writesIn(emu, [SITE])).toEqual([]);
  });
});
