// What a pushed config must not reach (issue 13 item 6). It must not choose where the function's signed
// requests go: in the functions `defaults.endpoint` is refused before any request (CONFIG_ENDPOINT_NOT_ALLOWED),
// so the listener it names never sees a request, a signature or the role's STS token; the CLI, on the user's
// own machine and keys, keeps honouring the same file (the listener is a counting relay to the emulator, so
// the CLI's run through it is a real apply). And its secret references must not name the function's own
// variables: only `${env:OSSEDGE_SECRET_<NAME>}` resolves.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApplyConfigHandler } from '../../functions/apply-config/handler.ts';
import { createValidateOriginsHandler } from '../../functions/validate-mirror-origin/handler.ts';
import { createRefreshHandler } from '../../functions/refresh-stale-objects/handler.ts';
import { runCli } from '../../local/cli.ts';
import { startRunner, type Runner } from '../../local/fc-runner/index.ts';
import { startEmulator, type EmulatorHandle } from '../../local/oss-emulator/index.ts';
import { invokerFromContext } from '../../shared/fc/invoker.ts';
import { signOssedge } from '../../shared/hash/webhook-signature.ts';
import { aliOssClient } from '../helpers/emulator.ts';
import { tempFile, writesIn } from '../functions/apply-config/support.ts';

const SECRET = 'config-endpoint-webhook-secret';
const ROLE = { accessKeyId: 'STS.ep-role-key', accessKeySecret: 'ep-role-secret-value', securityToken: 'ep-role-sts-token-value' };
const USER = { accessKeyId: 'ep-user-key', accessKeySecret: 'ep-user-secret-value' };
/** The function's environment as FC gives it: its own settings and keys beside the config's secrets. */
const FN_ENV = {
  OSSEDGE_WEBHOOK_SECRET: SECRET, OSS_ACCESS_KEY_SECRET: 'fn-own-access-key-secret', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'fn-alibaba-cloud-secret',
  OSSEDGE_SECRET_ORIGIN: 'the-origin-secret',
};

let emu: EmulatorHandle;
let relay: Server;
let relayUrl: string;
const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }> = [];
let runner: Runner;

const config = () => `version: 1
defaults: {endpoint: '${relayUrl}', region: cn-hangzhou}
buckets:
  ep-target:
    cors:
      rules: [{allowedOrigin: ['https://ep.example.com'], allowedMethod: [GET]}]
`;

beforeAll(async () => {
  emu = await startEmulator({ dataPlane: false, credentials: [ROLE, USER] });
  for (const b of ['ep-config', 'ep-reports', 'ep-target', 'ep-mirror']) emu.seed.createBucket(b);
  relay = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const out = request(`${emu.endpoint}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  emu.seed.putObject('ep-config', 'ossedge.yaml', config());
  // the deployment: OSS_ENDPOINT names the emulator; the role's STS keys come from the context
  const connection = { endpoint: emu.endpoint, region: emu.region, internal: false };
  const common = { connection, reportsLocation: 'oss://ep-reports/r/', write: () => {} };
  runner = await startRunner({
    functions: [
      {
        name: 'apply-config', timeout: 60,
        handler: createApplyConfigHandler({
          ...common, env: FN_ENV, configLocation: 'oss://ep-config/ossedge.yaml', webhookSecret: SECRET, backoffMs: 1,
          invoker: (ctx) => invokerFromContext(ctx, { endpoint: runner.url }),
        }),
        triggers: [
          { name: 'webhook', type: 'http', methods: ['POST'], authType: 'anonymous' },
          { name: 'drift', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{"mode":"apply","source":"timer"}' },
        ],
      },
      {
        name: 'validate-mirror-origin', timeout: 60,
        handler: createValidateOriginsHandler({ ...common, configLocation: 'oss://ep-config/ossedge.yaml' }),
        triggers: [{ name: 'hourly', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{}' }],
      },
      {
        name: 'refresh-stale-objects', timeout: 60,
        handler: createRefreshHandler({ ...common, configLocation: 'oss://ep-config/ossedge.yaml' }),
        triggers: [{ name: 'nightly', type: 'timer', cronExpression: '0 0 * * * *', enable: true, payload: '{}' }],
      },
    ],
    fcKeys: ROLE, roleCredentials: ROLE, region: emu.region, timers: false,
  });
});
afterAll(async () => {
  await runner?.close();
  relay?.closeAllConnections();
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  await emu?.close();
});

const post = (body: string, query = '') =>
  fetch(`${runner.url}/apply-config/${query}`, { method: 'POST', body, headers: { 'X-Ossedge-Signature': signOssedge(body, SECRET, Math.floor(Date.now() / 1000)) } });

describe('defaults.endpoint in the functions', () => {
  it('refuses a pushed config naming another endpoint with a 400 before any request: the listener sees nothing, nothing is written', async () => {
    seen.length = 0;
    emu.resetLog();
    for (const query of ['', '?mode=plan']) {
      const body = JSON.stringify({ configText: `# ${query || 'apply'}\n${config()}` }); // two bodies: each signature is accepted once
      const res = await post(body, query);
      expect(res.status, query).toBe(400);
      const answer = await res.json() as { error: { code: string; message: string; details: { issues: Array<{ path: string }> } } };
      expect(answer.error.code).toBe('CONFIG_ENDPOINT_NOT_ALLOWED');
      expect(answer.error.details.issues.map((i) => i.path)).toEqual(['defaults.endpoint']);
    }
    await runner.idle(10_000);
    expect(runner.invocations().filter((r) => r.kind === 'async')).toEqual([]);
    expect(seen).toEqual([]);
    expect(writesIn(emu)).toEqual([]);
  });

  it('refuses the same file at OSSEDGE_CONFIG on every function that places buckets by it (timer runs), sending nothing there', async () => {
    seen.length = 0;
    emu.resetLog();
    for (const [fn, timer] of [['apply-config', 'drift'], ['validate-mirror-origin', 'hourly'], ['refresh-stale-objects', 'nightly']] as const) {
      const record = runner.fireTimer(fn, timer);
      await runner.idle(10_000);
      expect(JSON.stringify(record.result ?? record.error), fn).toContain('CONFIG_ENDPOINT_NOT_ALLOWED');
    }
    expect(seen).toEqual([]);
    // the only requests were the deployment's own (the config object, its state under the reports), none for a bucket of the file
    expect(emu.requestLog().filter((e) => e.op === 'GetObject' && e.bucket === 'ep-config')).toHaveLength(3);
    expect(emu.requestLog().filter((e) => e.bucket !== 'ep-config' && e.bucket !== 'ep-reports')).toEqual([]);
    expect(writesIn(emu)).toEqual([]);
  });

  it('still honours defaults.endpoint in the CLI (the user\'s machine and keys): the same file applies through the listener it names', async () => {
    seen.length = 0;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => (err += d));
    stdout.resume();
    const file = tempFile('endpoint.yaml', config());
    const code = await runCli(['apply', '-c', file], { stdout, stderr, env: { OSS_ACCESS_KEY_ID: USER.accessKeyId, OSS_ACCESS_KEY_SECRET: USER.accessKeySecret } });
    expect(code, err).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => String(s.headers.authorization).includes(USER.accessKeyId))).toBe(true);
    const cors = await (aliOssClient(emu, USER) as any).getBucketCORS('ep-target');
    expect(cors.rules[0].allowedOrigin).toBe('https://ep.example.com');
  });
});

describe('secret references in a pushed config', () => {
  const withSecret = (name: string) => `version: 1
buckets:
  ep-mirror:
    website:
      routingRules:
        - condition: {keyPrefixEquals: img/, httpErrorCodeReturnedEquals: 404}
          redirect:
            redirectType: Mirror
            mirrorURL: 'https://origin.example.com/'
            mirrorAuth: {authType: S3V4, region: us-east-1, accessKeyId: AKIDORIGIN, accessKeySecret: '\${env:${name}}'}
`;

  it('refuses one naming the function\'s own variables with a 400 and the path, writing nothing and echoing no value', async () => {
    emu.resetLog();
    for (const name of ['OSSEDGE_WEBHOOK_SECRET', 'OSS_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET']) {
      const body = JSON.stringify({ configText: withSecret(name) });
      const res = await post(body);
      const text = await res.text();
      expect(res.status, name).toBe(400);
      const answer = JSON.parse(text) as { error: { details: { issues: Array<{ path: string; code: string }> } } };
      expect(answer.error.details.issues.map((i) => [i.path, i.code])).toEqual([['buckets.ep-mirror.website.routingRules[0].redirect.mirrorAuth.accessKeySecret', 'CONFIG_SECRET_NAME']]);
      for (const value of Object.values(FN_ENV)) expect(text).not.toContain(value);
    }
    await runner.idle(10_000);
    expect(writesIn(emu)).toEqual([]);
  });

  it('applies one named OSSEDGE_SECRET_<NAME> with its value, which no report or answer shows', async () => {
    emu.resetLog();
    const body = JSON.stringify({ configText: withSecret('OSSEDGE_SECRET_ORIGIN') });
    const res = await post(body);
    expect(res.status).toBe(202);
    const { runId } = await res.json() as { runId: string };
    await runner.idle(30_000);
    expect(writesIn(emu, ['ep-mirror']).map((e) => e.op)).toEqual(['PutBucketWebsite']);
    // resolved right before the write: OSS holds the value (GetBucketWebsite would mask it)
    expect(emu.store.bucket('ep-mirror')?.state.website?.routingRules?.[0]?.redirect.mirrorAuth?.accessKeySecret).toBe('the-origin-secret');
    const report = emu.seed.readObject('ep-reports', `r/apply-config/${runId}.json`);
    expect(JSON.parse(String(await report))).toMatchObject({ ok: true });
    expect(String(await report)).not.toContain('the-origin-secret');
  });
});
