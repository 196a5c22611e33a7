import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, type TestPki } from '../../../helpers/tls.ts';

// @alicloud/credentials always uses https:// for STS, so the stand-in serves TLS with a loopback-only
// certificate issued at run time by a throwaway test CA (test/helpers/tls.ts); the child process
// trusts that CA through NODE_EXTRA_CA_CERTS (TLS is verified for real; nothing is disabled, and no
// private key is committed).
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const CLIENT = here('./sts-client.ts');
const REPO = here('../../../../');
// A child loads tsx and the package: seconds on a loaded machine.
const CHILD_TIMEOUT_MS = 30_000;

interface StsCall {
  action: string | null;
  params: Record<string, string>;
  signatureOk: boolean;
}

let server: Server;
let endpoint = '';
let dir = '';
let caFile = '';
let pki: TestPki;
const calls: StsCall[] = [];
let failNext = false;

/** RPC (ROA-less) signature of Alibaba Cloud APIs: HMAC-SHA1 over the sorted, encoded parameters. */
function rpcSignature(params: Record<string, string>, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = Object.keys(params).filter((k) => k !== 'Signature').sort().map((k) => `${enc(k)}=${enc(params[k] ?? '')}`).join('&');
  return createHmac('sha1', `${secret}&`).update(`POST&${enc('/')}&${enc(canonical)}`).digest('base64');
}

function runClient(args: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLIENT, JSON.stringify({ stsEndpoint: endpoint, concurrent: 1, ...args })],
      { cwd: REPO, env: { PATH: process.env['PATH'] ?? '', NODE_EXTRA_CA_CERTS: caFile }, timeout: CHILD_TIMEOUT_MS },
      (err, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        if (err && line === '') return reject(new Error(`client failed: ${err.message}\n${stderr}`));
        resolve(JSON.parse(line) as Record<string, unknown>);
      },
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ossedge-sts-'));
  pki = makeTestPki(['127.0.0.1', 'localhost']);
  caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, pki.ca);
  server = createServer({ cert: pki.good.cert, key: pki.good.key }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://sts.local');
      const params: Record<string, string> = Object.fromEntries([...url.searchParams, ...new URLSearchParams(body)]);
      const action = url.searchParams.get('Action');
      const signatureOk = action === 'AssumeRoleWithOIDC' || params['Signature'] === rpcSignature(params, 'source-secret');
      calls.push({ action, params, signatureOk });
      res.setHeader('content-type', 'application/json;charset=utf-8');
      if (failNext) {
        failNext = false;
        res.statusCode = 403;
        return res.end(JSON.stringify({ Code: 'NoPermission', Message: 'You are not authorized', RequestId: 'r1' }));
      }
      const expiration = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      res.end(
        JSON.stringify({
          RequestId: 'r0',
          AssumedRoleUser: { Arn: params['RoleArn'], AssumedRoleId: '1:ossedge-test' },
          Credentials: {
            AccessKeyId: `STS.${action}`,
            AccessKeySecret: 'assumed-secret',
            SecurityToken: `token-for-${params['RoleSessionName']}`,
            Expiration: expiration,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  if (server) await new Promise((r) => server.close(r));
  pki?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('RAM role ARN and OIDC role ARN through @alicloud/credentials (loopback HTTPS STS stand-in)', { timeout: CHILD_TIMEOUT_MS + 10_000 }, () => {
  it('assumes the role with the source keys, signed, once for concurrent callers', async () => {
    calls.length = 0;
    const out = await runClient({ kind: 'ram', roleArn: 'acs:ram::123:role/ossedge', externalId: 'ext-1', concurrent: 5 });
    expect(out['ok']).toBe(true);
    const results = out['results'] as Array<Record<string, string>>;
    expect(results).toHaveLength(5);
    for (const c of [...results, out['again'] as Record<string, string>]) {
      expect(c).toEqual({ accessKeyId: 'STS.AssumeRole', accessKeySecret: 'assumed-secret', securityToken: 'token-for-ossedge-test' });
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      action: 'AssumeRole',
      signatureOk: true,
      params: { AccessKeyId: 'source-ak', RoleArn: 'acs:ram::123:role/ossedge', RoleSessionName: 'ossedge-test', DurationSeconds: '900', ExternalId: 'ext-1' },
    });
  });

  it('assumes the role with the OIDC token read from the file', async () => {
    calls.length = 0;
    const tokenFile = join(dir, 'oidc-token');
    writeFileSync(tokenFile, 'eyJ.oidc.token');
    const out = await runClient({
      kind: 'oidc',
      roleArn: 'acs:ram::123:role/oidc',
      oidcProviderArn: 'acs:ram::123:oidc-provider/ack',
      oidcTokenFilePath: tokenFile,
    });
    expect(out).toMatchObject({ ok: true, again: { accessKeyId: 'STS.AssumeRoleWithOIDC' } });
    expect(calls[0]?.params).toMatchObject({ OIDCToken: 'eyJ.oidc.token', OIDCProviderArn: 'acs:ram::123:oidc-provider/ack', RoleArn: 'acs:ram::123:role/oidc' });
  });

  it('fails with REFRESH_FAILED naming the STS error code when STS refuses', async () => {
    failNext = true;
    const out = await runClient({ kind: 'ram', roleArn: 'acs:ram::123:role/denied' });
    expect(out).toMatchObject({ ok: false, name: 'CredentialsError', code: 'REFRESH_FAILED' });
    expect(out['message']).toContain('STS Code NoPermission');
    expect(out['message']).not.toContain('source-secret');
  });
});
