import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { createOssClient, type OssClientOptions } from '../../../shared/oss/client.ts';
import { OssServiceError } from '../../../shared/oss/errors.ts';
import { readBodyText } from '../../../shared/oss/transport.ts';

// The client against the OSS emulator: the emulator verifies V4 and V1 signatures (header and
// presigned) the way OSS documents them, so these tests check signing, URLs and error mapping end to end.
let emu: EmulatorHandle;
let skewedEmu: EmulatorHandle;
const SKEW_MS = 2 * 3600_000;

beforeAll(async () => {
  emu = await startEmulator();
  emu.seed.createBucket('client-it');
  skewedEmu = await startEmulator({ now: () => Date.now() + SKEW_MS });
  skewedEmu.seed.createBucket('client-it');
});
afterAll(async () => {
  await emu.close();
  await skewedEmu.close();
});

function client(e: EmulatorHandle, options: Partial<OssClientOptions> = {}) {
  return createOssClient({
    endpoint: e.endpoint,
    region: e.region,
    credentials: { accessKeyId: e.accessKeyId, accessKeySecret: e.accessKeySecret },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    timeouts: { connectMs: 1_000, headersMs: 2_000, bodyMs: 2_000 },
    ...options,
  });
}

describe.each(['v4', 'v1'] as const)('client against the emulator (%s)', (signatureVersion) => {
  it('does put a streamed object, read it back and get NoSuchKey for a missing one', async () => {
    const c = client(emu, { signatureVersion });
    const key = `dir/${signatureVersion} key+é.txt`;
    const put = await c.invoke({
      op: 'PutObject', method: 'PUT', bucket: 'client-it', key,
      headers: { 'content-type': 'text/plain', 'content-length': '11' },
      body: Readable.from([Buffer.from('hello '), Buffer.from('world')]),
    });
    await readBodyText(put.body);
    expect(put.status).toBe(200);
    const got = await c.invokeText({ op: 'GetObject', method: 'GET', bucket: 'client-it', key });
    expect(got.text).toBe('hello world');
    const err = await c.invoke({ op: 'HeadObject', method: 'HEAD', bucket: 'client-it', key: 'missing' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssServiceError);
    expect(err).toMatchObject({ status: 404, code: 'NoSuchKey', op: 'HeadObject' });
  });

  it('does presign a GET that the emulator accepts', async () => {
    const c = client(emu, { signatureVersion });
    emu.seed.putObject('client-it', 'presigned.txt', 'signed by query');
    const url = await c.presign({ op: 'GetObject', method: 'GET', bucket: 'client-it', key: 'presigned.txt' }, 300);
    const res = await fetch(url);
    expect([res.status, await res.text()]).toEqual([200, 'signed by query']);
  });

  it('does report SignatureDoesNotMatch for a wrong secret without leaking it', async () => {
    const wrong = 'definitely-the-wrong-secret';
    const c = client(emu, { signatureVersion, credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: wrong } });
    const err = (await c.invoke({ op: 'GetObject', method: 'GET', bucket: 'client-it', key: 'presigned.txt' }).catch((e: unknown) => e)) as OssServiceError;
    expect(err).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', attempts: 1 });
    expect(JSON.stringify({ m: err.message, f: err.fields, s: err.stack })).not.toContain(wrong);
  });
});

describe('virtual-hosted style against the emulator', () => {
  it.each(['v4', 'v1'] as const)('does put the bucket in the host name and sign it (%s)', async (signatureVersion) => {
    // An injected dispatcher whose resolver sends every name to 127.0.0.1, so `<bucket>.localhost` works.
    const toLoopback: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    };
    const dispatcher = new Agent({ connect: { lookup: toLoopback } });
    try {
      const c = client(emu, { signatureVersion, endpoint: `http://localhost:${emu.port}`, pathStyle: false, dispatcher });
      expect(c.endpoint.pathStyle).toBe(false);
      emu.seed.putObject('client-it', 'vhost.txt', 'virtual host');
      emu.resetLog();
      const got = await c.invokeText({ op: 'GetObject', method: 'GET', bucket: 'client-it', key: 'vhost.txt' });
      expect(got.text).toBe('virtual host');
      expect(emu.requestLog()[0]).toMatchObject({ bucket: 'client-it', key: 'vhost.txt', status: 200 });
    } finally {
      await dispatcher.close();
    }
  });
});

describe('clock skew against the emulator', () => {
  it('does learn the server time from RequestTimeTooSkewed and succeed on the next attempt', async () => {
    const c = client(skewedEmu);
    skewedEmu.resetLog();
    const res = await c.invokeText({ op: 'GetBucketAcl', method: 'GET', bucket: 'client-it', query: [['acl', '']] });
    expect(res.status).toBe(200);
    const statuses = skewedEmu.requestLog().map((e) => e.status);
    expect(statuses).toEqual([403, 200]);
    const again = await c.forRegion('cn-beijing').invokeText({ op: 'GetBucketAcl', method: 'GET', bucket: 'client-it', query: [['acl', '']] });
    expect(again.status).toBe(200);
  });
});
