import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../../local/oss-emulator/index.ts';
import { getObject, putObject } from '../../../shared/oss/index.ts';
import { ossClient } from '../../helpers/emulator.ts';

/** Faults (in-process API, admin endpoint), request log, counters, and the data-plane hook seam. */

const started: EmulatorHandle[] = [];
async function start(options: Parameters<typeof startEmulator>[0] = {}): Promise<EmulatorHandle> {
  const e = await startEmulator({ dataPlane: false, ...options });
  started.push(e);
  e.seed.createBucket('fault', { acl: 'public-read-write' });
  e.seed.putObject('fault', 'obj', 'x'.repeat(1000));
  return e;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

function raw(url: string, method = 'GET', body?: string): Promise<{ status: number; body: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', (e) => resolve({ status: res.statusCode ?? 0, body: text, error: (e as NodeJS.ErrnoException).code ?? e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body: text, error: 'aborted' }));
    });
    req.on('error', (e) => resolve({ status: 0, body: '', error: (e as NodeJS.ErrnoException).code ?? e.message }));
    req.end(body);
  });
}

describe('faults', () => {
  it('does fail the next N matching requests deterministically (503 SlowDown), then recover', async () => {
    const e = await start();
    e.faults.set({ op: 'GetObject', failNext: 2, error: 'SlowDown' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await raw(`${e.endpoint}/fault/obj`)).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await raw(`${e.endpoint}/fault/?list-type=2`)).status).toBe(200);
    expect(e.counters()).toMatchObject({ faultsInjected: 2, byErrorCode: { SlowDown: 2 } });
  });

  it('does inject 500 InternalError at a rate, reproducibly with a seed', async () => {
    const outcomes = async (seed: number) => {
      const e = await start({ faults: [{ op: 'GetObject', errorRate: 0.5 }], faultSeed: seed });
      const s = [];
      for (let i = 0; i < 16; i++) s.push((await raw(`${e.endpoint}/fault/obj`)).status);
      return s;
    };
    const a = await outcomes(42);
    expect(a).toEqual(await outcomes(42));
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it('does reset the connection, truncate bodies and add latency', async () => {
    const e = await start();
    e.faults.set({ op: 'GetObject', failNext: 1, kind: 'reset' });
    expect((await raw(`${e.endpoint}/fault/obj`)).error).toBe('ECONNRESET');
    e.faults.set({ op: 'GetObject', failNext: 1, kind: 'truncate' });
    const cut = await raw(`${e.endpoint}/fault/obj`);
    expect(cut.status).toBe(200);
    expect(cut.body.length).toBe(500);
    expect(cut.error).toBeDefined();
    e.faults.set({ op: 'GetObject', latencyMs: 150 });
    const t0 = Date.now();
    expect((await raw(`${e.endpoint}/fault/obj`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    e.faults.clear();
    const log = e.requestLog().filter((l) => l.op === 'GetObject');
    expect(log.map((l) => [l.status, l.fault])).toEqual([
      [0, 'reset'],
      [200, 'truncate'],
      [200, undefined],
    ]);
  });

  it('does let our client retry through a failNext fault', async () => {
    const e = await start();
    e.faults.set({ op: 'PutObject', failNext: 1, error: 'InternalError' });
    const client = ossClient(e, { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    await putObject(client, { bucket: 'fault', key: 'retried', body: 'ok' });
    const got = await getObject(client, { bucket: 'fault', key: 'retried' });
    if (!got.notModified) got.body.resume();
    expect(e.requestLog().filter((l) => l.op === 'PutObject').map((l) => l.status)).toEqual([500, 200]);
  });
});

describe('request log', () => {
  it('does keep the last logLimit entries oldest first while counters keep counting', async () => {
    const e = await start({ logLimit: 3 });
    for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) await raw(`${e.endpoint}/fault/${key}`);
    expect(e.requestLog().map((l) => l.key)).toEqual(['k3', 'k4', 'k5']);
    expect(e.counters()).toMatchObject({ requests: 5, byStatus: { '404': 5 }, byErrorCode: { NoSuchKey: 5 } });
  });
});

describe('admin endpoint', () => {
  it('does not exist unless enabled', async () => {
    const e = await start();
    expect((await raw(`${e.endpoint}/-/admin/counters`)).status).not.toBe(200);
  });

  it('does set faults, show the log and counters, reset them and seed buckets', async () => {
    const e = await start({ adminEnabled: true });
    const set = await raw(`${e.endpoint}/-/admin/faults`, 'PUT', JSON.stringify({ seed: 1, rules: [{ op: 'GetObject', failNext: 1 }] }));
    expect(set.status).toBe(200);
    expect(JSON.parse(set.body)).toEqual([{ op: 'GetObject', failNext: 1 }]);
    expect((await raw(`${e.endpoint}/fault/obj`)).status).toBe(500);
    const log = JSON.parse((await raw(`${e.endpoint}/-/admin/log`)).body) as Array<Record<string, unknown>>;
    expect(log).toEqual([expect.objectContaining({ op: 'GetObject', method: 'GET', bucket: 'fault', key: 'obj', status: 500, authKind: 'anonymous', errorCode: 'InternalError', fault: 'error' })]);
    expect(JSON.parse((await raw(`${e.endpoint}/-/admin/counters`)).body)).toMatchObject({ requests: 1, errors: 1, byOp: { GetObject: 1 } });
    expect((await raw(`${e.endpoint}/-/admin/log`, 'DELETE')).status).toBe(200);
    expect(e.requestLog()).toEqual([]);
    expect((await raw(`${e.endpoint}/-/admin/faults`, 'PUT', JSON.stringify({ errorRate: 2 }))).status).toBe(400);
    expect((await raw(`${e.endpoint}/-/admin/buckets/seeded`, 'PUT', JSON.stringify({ acl: 'public-read' }))).status).toBe(200);
    expect((await raw(`${e.endpoint}/-/admin/buckets/seeded/cnames`, 'PUT', JSON.stringify([{ domain: 'a.example.com' }]))).status).toBe(200);
    expect(e.store.bucket('seeded')!.state).toMatchObject({ acl: 'public-read', cnames: [{ domain: 'a.example.com' }] });
  });
});

describe('data-plane hook seam', () => {
  it('does call beforeObject, onMissing and options with the bucket and auth kind', async () => {
    const calls: string[] = [];
    const e = await start({
      dataPlane: {
        async beforeObject(ctx) {
          calls.push(`before ${ctx.op} ${ctx.key} ${ctx.authKind}`);
          ctx.responseHeaders['x-hook'] = 'yes';
        },
        async onMissing(ctx) {
          calls.push(`missing ${ctx.key}`);
          if (ctx.key !== 'virtual') return;
          ctx.res.writeHead(200, { 'content-length': '7' }).end('virtual');
          return { handled: true };
        },
        async options(ctx) {
          calls.push(`options ${ctx.headers.origin}`);
          ctx.res.writeHead(200, { 'access-control-allow-origin': '*' }).end();
          return { handled: true };
        },
      },
    });
    const found = await new Promise<Record<string, unknown>>((resolve) => request(`${e.endpoint}/fault/obj`, (res) => resolve(res.resume().headers)).end());
    expect(found['x-hook']).toBe('yes');
    expect((await raw(`${e.endpoint}/fault/virtual`)).body).toBe('virtual');
    expect((await raw(`${e.endpoint}/fault/absent`)).status).toBe(404);
    const pre = await new Promise<number>((resolve) => request(`${e.endpoint}/fault/obj`, { method: 'OPTIONS', headers: { origin: 'https://a.example' } }, (res) => resolve(res.resume().statusCode ?? 0)).end());
    expect(pre).toBe(200);
    expect(calls).toEqual([
      'before GetObject obj anonymous',
      'before GetObject virtual anonymous',
      'missing virtual',
      'before GetObject absent anonymous',
      'missing absent',
      'options https://a.example',
    ]);
  });

  it('does answer OPTIONS with 403 AccessForbidden when no hook handles it', async () => {
    const e = await start();
    const res = await raw(`${e.endpoint}/fault/obj`, 'OPTIONS');
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>AccessForbidden</Code>');
  });
});
