import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createTransport, discardBody, readBodyText, sharedAgent, toNetworkError } from '../../../shared/oss/transport.ts';
import { delayHeaders, reply, startConnectProxy, startLoopbackServer, stallBody, type LoopbackServer } from '../../helpers/loopback-server.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(...args: Parameters<typeof startLoopbackServer>): Promise<LoopbackServer> {
  const s = await startLoopbackServer(...args);
  cleanups.push(() => s.close());
  return s;
}

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

describe('createTransport', () => {
  it('does stream a request body in and a response body out without buffering them whole', async () => {
    const size = 4 * 1024 * 1024;
    const s = await server((req, res) => {
      res.writeHead(200, { 'x-seen': String(req.body.length) });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 7);
      const pump = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const t = createTransport();
    let made = 0;
    const body = new Readable({
      read() {
        if (made >= size) return this.push(null);
        made += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 1));
      },
    });
    const res = await t.send({ origin: s.url, path: '/up', method: 'PUT', headers: { 'content-length': String(size) }, body });
    expect(res.headers['x-seen']).toBe(String(size));
    let total = 0;
    let chunks = 0;
    for await (const c of res.body) {
      total += (c as Buffer).length;
      chunks++;
    }
    expect(total).toBe(size);
    expect(chunks).toBeGreaterThan(4);
  });

  it('does fail with UND_ERR_HEADERS_TIMEOUT when headers come later than the read timeout', async () => {
    const s = await server(delayHeaders(2_000));
    const t = createTransport({ timeouts: { headersMs: 100 } });
    const started = Date.now();
    const err = await t.send({ origin: s.url, path: '/', method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(toNetworkError(err, 'Op').code).toBe('TIMEOUT');
  });

  it('does fail the body stream with UND_ERR_BODY_TIMEOUT when the body stalls', async () => {
    const s = await server(stallBody(2_000));
    const t = createTransport({ timeouts: { bodyMs: 100 } });
    const res = await t.send({ origin: s.url, path: '/', method: 'GET', headers: {} });
    const err = await (async () => {
      for await (const _ of res.body) void _;
    })().catch((e: unknown) => e);
    expect(errorCode(err)).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('does fail with UND_ERR_CONNECT_TIMEOUT when the TLS handshake never completes', async () => {
    const silent = createTcpServer((sock: Socket) => sock.on('error', () => undefined));
    const open = new Set<Socket>();
    silent.on('connection', (sock) => open.add(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => { for (const x of open) x.destroy(); silent.close(r); }));
    const t = createTransport({ timeouts: { connectMs: 150 } });
    const { port } = silent.address() as AddressInfo;
    const err = await t.send({ origin: `https://127.0.0.1:${port}`, path: '/', method: 'GET', headers: {} }).catch((e: unknown) => e);
    expect(errorCode(err)).toBe('UND_ERR_CONNECT_TIMEOUT');
    expect(toNetworkError(err, 'Op')).toMatchObject({ code: 'TIMEOUT', op: 'Op' });
  });

  it('does reuse one module-level agent per setting and use an injected dispatcher as given', async () => {
    expect(await sharedAgent()).toBe(await sharedAgent());
    expect(await sharedAgent(1)).not.toBe(await sharedAgent());
    const s = await server(reply(200, 'hi'));
    const mine = new Agent({ connections: 1 });
    cleanups.push(() => mine.close());
    let dispatched = 0;
    const counting = Object.create(mine) as Agent;
    counting.dispatch = (o, h) => {
      dispatched++;
      return mine.dispatch(o, h);
    };
    const t = createTransport({ dispatcher: counting });
    const res = await t.send({ origin: s.url, path: '/', method: 'GET', headers: {} });
    expect(await readBodyText(res.body)).toBe('hi');
    expect(dispatched).toBe(1);
  });

  it('does go through an HTTP proxy (CONNECT tunnel) when one is configured', async () => {
    const s = await server(reply(200, 'via proxy'));
    const proxy = await startConnectProxy();
    cleanups.push(() => proxy.close());
    const t = createTransport({ proxy: { uri: proxy.url, token: 'Basic dXNlcjpwYXNz' } });
    cleanups.push(() => t.close());
    const res = await t.send({ origin: s.url, path: '/p', method: 'GET', headers: {} });
    let text = '';
    for await (const c of res.body) text += String(c);
    expect(text).toBe('via proxy');
    expect(proxy.tunnels).toEqual([`127.0.0.1:${s.port}`]);
    expect(proxy.auth).toEqual(['Basic dXNlcjpwYXNz']);
    expect(s.requests.map((r) => r.url)).toEqual(['/p']);
  });

  it('does finish many requests over one connection when each body is discarded', async () => {
    const s = await server(reply(200, 'x'.repeat(10_000)));
    const t = createTransport({ connections: 1 });
    for (let i = 0; i < 40; i++) {
      const res = await t.send({ origin: s.url, path: `/${i}`, method: 'GET', headers: {} });
      await discardBody(res.body);
    }
    expect(s.requests).toHaveLength(40);
    expect(s.connections()).toBe(1);
  });
});
